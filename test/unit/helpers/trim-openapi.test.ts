import { describe, expect, it } from "vitest";
import { trimOpenApi, type OpenApiDescription } from "../../helpers/trim-openapi.js";

const FULL: OpenApiDescription = {
  paths: {
    "/repos/{owner}/{repo}/check-runs": {
      post: { operationId: "checks/create", parameters: [{ $ref: "#/components/parameters/owner" }], requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/run" } } } } },
    },
    "/repos/{owner}/{repo}/tarball/{ref}": { get: { operationId: "repos/download-tarball-archive", parameters: [] } },
    "/repos/{owner}/{repo}": { get: { operationId: "repos/get", parameters: [{ $ref: "#/components/parameters/repo" }] }, delete: { operationId: "repos/delete" } },
  },
  components: {
    parameters: { owner: { name: "owner", in: "path" }, repo: { name: "repo", in: "path" } },
    schemas: { run: { properties: { output: { $ref: "#/components/schemas/output" } } }, output: { type: "object" }, unused: { type: "string" } },
  },
};

describe("trimOpenApi", () => {
  it("keeps every path and method, the called operations whole, and the components they reach", () => {
    const { description, unknown } = trimOpenApi(FULL, ["rest.checks.create", "GET /repos/{owner}/{repo}/tarball/{ref}"]);
    expect(unknown).toEqual([]);
    expect(Object.keys(description.paths).sort()).toEqual(Object.keys(FULL.paths).sort());
    expect(description.paths["/repos/{owner}/{repo}/check-runs"]!.post).toEqual(FULL.paths["/repos/{owner}/{repo}/check-runs"]!.post);
    expect(description.paths["/repos/{owner}/{repo}/tarball/{ref}"]!.get!.operationId).toBe("repos/download-tarball-archive");
    expect(description.paths["/repos/{owner}/{repo}"]).toEqual({ delete: { "x-trimmed": true }, get: { "x-trimmed": true } });
    expect(description.components).toEqual({ parameters: { owner: FULL.components.parameters!.owner }, schemas: { run: FULL.components.schemas!.run, output: FULL.components.schemas!.output } });
  });

  it("names the calls that match no operation", () => {
    expect(trimOpenApi(FULL, ["rest.checks.createThing", "PUT /repos/{owner}/{repo}"]).unknown).toEqual(["rest.checks.createThing", "PUT /repos/{owner}/{repo}"]);
  });
});

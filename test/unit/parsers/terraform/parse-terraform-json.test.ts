import { describe, expect, it } from "vitest";
import type { TfValue } from "../../../../src/model/types.js";
import { parseTerraformDirectory } from "../../../../src/parsers/terraform/parse-terraform.js";
import { parseTerraformJson } from "../../../../src/parsers/terraform/parse-terraform-json.js";
import { loadTerraformParser } from "../../../../src/parsers/terraform/load-terraform-parser.js";

const parser = await loadTerraformParser();

const KIT = `{
  "module": {
    "service-6": {
      "source": "microservice-service-kit/v1.4.0.tar.gz",
      "service_name": "service-6",
      "network": {
        "security": {
          "namespaces": ["service-1", "\${var.extra}"]
        }
      }
    }
  }
}`;

function entries(value: TfValue | undefined): [string, number][] {
  if (value?.kind !== "list") throw new Error("not a list");
  return value.items.map((item) => [item.kind === "string" ? item.value : item.kind, item.location.line]);
}

describe("parseTerraformJson", () => {
  it("reads a module with the line of every value, and a template as unresolvable", () => {
    const { modules, problems } = parseTerraformJson("tf/main.tf.json", KIT);
    expect(problems).toEqual([]);
    expect(modules.map((m) => [m.name, m.location.line])).toEqual([["service-6", 3]]);
    const network = modules[0]!.attributes.get("network");
    const security = network?.kind === "object" ? network.entries.get("security") : undefined;
    const namespaces = security?.kind === "object" ? security.entries.get("namespaces") : undefined;
    expect(entries(namespaces)).toEqual([
      ["service-1", 8],
      ["unresolvable", 8],
    ]);
  });

  it("reads blocks written as lists, skips comments, and reads only the resources that create traffic filters", () => {
    const { modules, problems } = parseTerraformJson(
      "main.tf.json",
      JSON.stringify({
        "//": "comment",
        module: [{ a: [{ source: "x", "//": "ignored" }] }, { b: { source: "y" } }],
        resource: { kubernetes_network_policy_v1: { p: { metadata: { namespace: "service-1" } } }, aws_s3_bucket: { logs: {} } },
      }),
    );
    expect(problems).toEqual([]);
    expect(modules.map((m) => [m.name, [...m.attributes.keys()]])).toEqual([
      ["a", ["source"]],
      ["b", ["source"]],
      ["resource.kubernetes_network_policy_v1.p", ["metadata"]],
    ]);
  });

  it("gives the same fingerprint to the same module moved within the file", () => {
    const one = parseTerraformJson("a.tf.json", KIT).modules[0]!;
    const two = parseTerraformJson("a.tf.json", `\n\n${KIT}`).modules[0]!;
    expect(two.location.line).toBe(one.location.line + 2);
    expect(two.fingerprint).toBe(one.fingerprint);
  });

  it.each([
    ['{ "module": { "a": { "source": "x", } }', /./],
    ["[1, 2]", /must hold one JSON object/],
    ['{ "module": "x" }', /module must be a JSON object/],
  ])("reports %s as a parse error, never throwing", (text, message) => {
    const { modules, problems } = parseTerraformJson("bad.tf.json", text);
    expect(modules).toEqual([]);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.rule).toBe("parse-error");
    expect(problems[0]!.message).toMatch(message);
  });

  it("stops reading values nested too deeply", () => {
    const deep = `{"module": {"a": {"source": "x", "v": ${"[".repeat(200)}${"]".repeat(200)}}}}`;
    const { modules } = parseTerraformJson("deep.tf.json", deep);
    expect(JSON.stringify(modules[0]!.attributes.get("v"))).toContain("nested too deeply");
  });

  it("joins the native syntax's modules in its directory, a name declared in both once too often", () => {
    const result = parseTerraformDirectory(parser, [
      { path: "tf/a.tf.json", text: '{"module": {"x": {"source": "s"}}}' },
      { path: "tf/b.tf", text: 'module "x" {\n  source = "s"\n}\nmodule "y" {\n  source = "s"\n}\n' },
    ]);
    expect(result.modules.map((m) => `${m.name}@${m.location.file}`)).toEqual(["x@tf/b.tf", "y@tf/b.tf", "x@tf/a.tf.json"]);
    expect(result.problems.map((p) => [p.rule, p.location.file])).toEqual([["unresolvable", "tf/a.tf.json"]]);
  });
});

/**
 * The trimmed descriptions of GitHub's API (test/fixtures/github/) are what the script makes of the full
 * ones and of src/ today: a new call, a changed document or an updated @octokit package fails here until
 * `npx tsx scripts/trim-github-descriptions.ts` is run. And what they keep still checks what it should.
 */
import { readFileSync } from "node:fs";
import { parse, validate, validateSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { githubGraphqlSchema } from "../../helpers/github-graphql-schema.js";
import { checkGraphqlRequest } from "../../helpers/graphql.js";
import { GRAPHQL_DOCUMENTS } from "../../helpers/graphql-documents.js";
import { checkRequest } from "../../helpers/openapi.js";
import { trimGitHubDescriptions } from "../../helpers/trim-github-descriptions.js";
import { TRIMMED_GRAPHQL_SCHEMA, TRIMMED_OPENAPI } from "../../helpers/trimmed-github-files.js";

const REGENERATE = "out of date: npx tsx scripts/trim-github-descriptions.ts";

describe("the trimmed descriptions of GitHub's API", () => {
  const trimmed = trimGitHubDescriptions();

  it("name nothing src/ uses that GitHub lacks", () => {
    expect(trimmed.unknown).toEqual([]);
  });

  it("are up to date in test/fixtures/github/", () => {
    expect(readFileSync(TRIMMED_OPENAPI, "utf8") === trimmed.openapi, `openapi.json ${REGENERATE}`).toBe(true);
    expect(readFileSync(TRIMMED_GRAPHQL_SCHEMA, "utf8") === trimmed.graphqlSchema, `graphql-schema.json ${REGENERATE}`).toBe(true);
  });

  it("make a valid GraphQL schema that accepts every document the app sends", () => {
    expect(validateSchema(githubGraphqlSchema()).map((e) => e.message)).toEqual([]);
    for (const [name, text] of Object.entries(GRAPHQL_DOCUMENTS)) {
      // The publishing mutation is given in two forms, one operation each.
      for (const operation of text.split(/\n(?=mutation|query)/)) {
        expect(validate(githubGraphqlSchema(), parse(operation)).map((e) => e.message), name).toEqual([]);
      }
    }
  });

  it("still refuse a misspelt field, a field on the wrong type, and a value of the wrong type", () => {
    const ask = (selection: string): string[] => checkGraphqlRequest({ query: `query q { repository(owner: "o", name: "r") { ${selection} } }` });
    expect(ask("labl(name: \"x\") { id }").join()).toMatch(/Cannot query field "labl"/);
    expect(ask("pullRequest(number: 1) { text }").join()).toMatch(/Cannot query field "text" on type "PullRequest"/);
    expect(checkGraphqlRequest({ query: "query q($n: Int!) { repository(owner: \"o\", name: \"r\") { pullRequest(number: $n) { reviews(last: 1) { nodes { body } } } } }", variables: { n: "seven" } }).join()).toMatch(/Int cannot represent/);
  });

  it("keep every path of GitHub's REST API, and check the bodies of the operations src/ calls", () => {
    const api = (path: string): URL => new URL(path, "https://api.github.com");
    expect(checkRequest("POST", api("/repos/o/r/check-runs"), { name: "netpol-guard", head_sha: "a".repeat(40) })).toEqual([]);
    expect(checkRequest("POST", api("/repos/o/r/check-runs"), { head_sha: "a".repeat(40) }).join()).toMatch(/must have required property 'name'/);
    expect(checkRequest("GET", api("/repos/o/r/nowhere"), undefined).join()).toMatch(/no such path/);
    expect(checkRequest("DELETE", api("/repos/o/r"), undefined).join()).toMatch(/not called in src\//);
  });
});

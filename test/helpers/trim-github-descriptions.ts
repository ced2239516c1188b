/**
 * The trimmed descriptions of GitHub's API that the request checks load (test/fixtures/github/), made from
 * the full ones in node_modules and from what src/ calls. scripts/trim-github-descriptions.ts writes them;
 * test/unit/helpers/trimmed-github-descriptions.test.ts fails while the committed files differ from these.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { collectGitHubCalls } from "./collect-github-calls.js";
import { GRAPHQL_DOCUMENTS } from "./graphql-documents.js";
import { trimGraphqlSchema, type IntrospectionJson } from "./trim-graphql-schema.js";
import { trimOpenApi, type OpenApiDescription } from "./trim-openapi.js";

/** Requests Probot and Octokit send for the app (installation tokens), not written in src/. */
const LIBRARY_CALLS = ["POST /app/installations/{installation_id}/access_tokens"];

/** The files' texts, and what src/ uses that GitHub's descriptions lack (nothing, when all is well). */
export function trimGitHubDescriptions(): { openapi: string; graphqlSchema: string; unknown: string[] } {
  const require = createRequire(import.meta.url);
  const fullOpenApi = require("@octokit/openapi/generated/api.github.com.json") as OpenApiDescription;
  // The package's entry would build the whole schema on import, and it exports no other file: its
  // introspection result is read from where the package is installed.
  const schemaJson = (require.resolve.paths("@octokit/graphql-schema") ?? [])
    .map((modules) => join(modules, "@octokit", "graphql-schema", "schema.json"))
    .find((path) => existsSync(path));
  if (!schemaJson) throw new Error("@octokit/graphql-schema is not installed");
  const fullSchema = JSON.parse(readFileSync(schemaJson, "utf8")) as IntrospectionJson;
  const rest = trimOpenApi(fullOpenApi, [...collectGitHubCalls().rest, ...LIBRARY_CALLS]);
  const graphql = trimGraphqlSchema(fullSchema, Object.values(GRAPHQL_DOCUMENTS));
  return {
    openapi: `${JSON.stringify(rest.description, null, 1)}\n`,
    graphqlSchema: `${JSON.stringify(graphql.schema, null, 1)}\n`,
    unknown: [...rest.unknown.map((c) => `REST ${c}`), ...graphql.unknown.map((f) => `GraphQL ${f}`)],
  };
}

/**
 * GitHub's GraphQL schema as the tests know it: the trimmed one (test/fixtures/github/graphql-schema.json,
 * written by scripts/trim-github-descriptions.ts), built once per test file and shared by the request
 * checks and the fake GitHub that executes queries.
 */
import { readFileSync } from "node:fs";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { TRIMMED_GRAPHQL_SCHEMA } from "./trimmed-github-files.js";

let built: GraphQLSchema | null = null;

export function githubGraphqlSchema(): GraphQLSchema {
  return (built ??= buildClientSchema(JSON.parse(readFileSync(TRIMMED_GRAPHQL_SCHEMA, "utf8")) as IntrospectionQuery));
}

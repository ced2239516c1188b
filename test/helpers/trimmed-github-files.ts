/** Where the trimmed descriptions of GitHub's API live (see scripts/trim-github-descriptions.ts). */
export const TRIMMED_OPENAPI = new URL("../fixtures/github/openapi.json", import.meta.url);
export const TRIMMED_GRAPHQL_SCHEMA = new URL("../fixtures/github/graphql-schema.json", import.meta.url);

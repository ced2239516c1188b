/**
 * Writes the trimmed descriptions of GitHub's REST and GraphQL APIs that the tests check requests against
 * (test/fixtures/github/), keeping only what src/ calls: loading the full ones cost every test file that
 * talks to a fake GitHub about 4 s. Run after adding or changing a GitHub call, or updating
 * @octokit/openapi or @octokit/graphql-schema: `npx tsx scripts/trim-github-descriptions.ts`.
 * test/unit/helpers/trimmed-github-descriptions.test.ts fails while the files are out of date.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { trimGitHubDescriptions } from "../test/helpers/trim-github-descriptions.js";
import { TRIMMED_GRAPHQL_SCHEMA, TRIMMED_OPENAPI } from "../test/helpers/trimmed-github-files.js";

const trimmed = trimGitHubDescriptions();
if (trimmed.unknown.length > 0) {
  console.error(`src/ uses what GitHub's API descriptions lack:\n  ${trimmed.unknown.join("\n  ")}`);
  process.exitCode = 1;
} else {
  for (const [target, text] of [
    [TRIMMED_OPENAPI, trimmed.openapi],
    [TRIMMED_GRAPHQL_SCHEMA, trimmed.graphqlSchema],
  ] as const) {
    writeFileSync(target, text);
    console.log(`wrote ${fileURLToPath(target)} (${Math.round(Buffer.byteLength(text) / 1024)} KiB)`);
  }
}

/**
 * Every GraphQL document the app sends, by operation name, with every optional part included (blob and
 * alias counts aside, what the app sends at run time is a part of one of these). The least-privilege test
 * holds app.yml to their fields, and the trimmed GraphQL schema (scripts/trim-github-descriptions.ts) keeps
 * exactly what they select.
 */
import { publishMutation } from "../../src/github/publish-pull-request.js";
import { contextQuery } from "../../src/github/read-pull-request-context.js";
import { blobQuery } from "../../src/github/read-github-snapshot.js";

export const GRAPHQL_DOCUMENTS: Record<string, string> = {
  netpolGuardContext: contextQuery(2, true, true),
  netpolGuardBlobs: blobQuery(2, { team: true, label: true }),
  netpolGuardPublish: publishMutation({ review: true, team: true, label: "add", check: true }) + "\n" + publishMutation({ review: false, team: false, label: "remove" }),
  netpolGuardReviewed: `query netpolGuardReviewed { repository(owner: "o", name: "r") { pullRequest(number: 1) { reviews(last: 100) { nodes { viewerDidAuthor body } } } } }`,
};

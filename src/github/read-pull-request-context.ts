/**
 * One GraphQL query for what must be known before judging, and that a webhook payload does not carry: the
 * config file at the base and at the head, and whether this app already reviewed the head; along with them,
 * the blobs the change touches and the label's node id. Each part is asked only when it is not already
 * known, and the query is not sent at all when no config or review state is missing.
 */
import { CONFIG_PATH, MAX_CONFIG_LENGTH } from "../config/parse-config.js";
import { commitKey, type ConfigContent, type GitHubSnapshotCache } from "./github-snapshot-cache.js";
import { BLOB_FIELDS, cacheGraphqlBlob, type GraphqlBlob } from "./read-github-snapshot.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { hasOwnReview, RECENT_REVIEWS_FIELD } from "./has-own-review.js";
import { contextLookup, rememberNodeIds } from "./request-batching.js";

/**
 * The context query; with `blobs` blobs by object id (variables `$o0`, `$o1`, ..., fields `b0`, `b1`, ...)
 * and, with `label`, the label's node id.
 */
export function contextQuery(blobs = 0, label = false, team = false): string {
  const definitions = Array.from({ length: blobs }, (_, i) => `, $o${i}: GitObjectID!`).join("");
  const fields = Array.from({ length: blobs }, (_, i) => `\n    b${i}: object(oid: $o${i}) { ${BLOB_FIELDS} }`).join("");
  return `query netpolGuardContext(
  $owner: String!, $name: String!,
  $baseExpression: String!, $withBase: Boolean!,
  $headExpression: String!, $withHead: Boolean!,
  $number: Int!, $withReviews: Boolean!${label ? ", $label: String!" : ""}${team ? ", $team: String!" : ""}${definitions}
) {
  repository(owner: $owner, name: $name) {
    baseConfig: object(expression: $baseExpression) @include(if: $withBase) { ${BLOB_FIELDS} }
    headConfig: object(expression: $headExpression) @include(if: $withHead) { ${BLOB_FIELDS} }
    pullRequest(number: $number) @include(if: $withReviews) {
      ${RECENT_REVIEWS_FIELD}
    }${label ? "\n    label(name: $label) { id }" : ""}${team ? "\n    owner { ... on Organization { team(slug: $team) { id } } }" : ""}${fields}
  }
}`;
}

interface ConfigBlob {
  byteSize?: number;
  isBinary?: boolean | null;
  isTruncated?: boolean;
  text?: string | null;
}

interface ContextResponse {
  repository: {
    baseConfig?: ConfigBlob | null;
    headConfig?: ConfigBlob | null;
    pullRequest?: { reviews: { nodes: ({ viewerDidAuthor: boolean; body: string } | null)[] | null } } | null;
    label?: { id: string } | null;
    owner?: { team?: { id: string } | null } | null;
    [blob: `b${number}`]: GraphqlBlob | null;
  } | null;
}

export interface PullRequestContextRequest {
  baseSha: string;
  headSha: string;
  /**
   * The pull request whose reviews to look at (null: none, for a merge group or when already known).
   * `onlyIfSent`: ask only when the query is sent anyway for a config; a query of its own is not worth it yet.
   */
  reviewsOf: { number: number; onlyIfSent: boolean } | null;
  /**
   * Blobs (object ids) to read along when the query is sent anyway, and the label whose node id to look
   * up: cached, not returned (request-batching.ts decides them).
   */
  along?: { blobs: string[]; label: string | null };
}

export interface PullRequestContext {
  baseConfig: ConfigContent;
  headConfig: ConfigContent;
  /** Whether this app already posted its review of the head; null when it was not asked. */
  reviewed: boolean | null;
}

function toConfig(blob: ConfigBlob | null | undefined): ConfigContent {
  // Absent, or a directory at that path: no config, the defaults apply.
  if (!blob || blob.text === undefined) return { text: null };
  if (blob.isBinary) return { unreadable: "it is binary" };
  if (blob.isTruncated || blob.text === null || (blob.byteSize ?? 0) > MAX_CONFIG_LENGTH) {
    return { unreadable: `it is ${blob.byteSize ?? "too many"} bytes, more than can be read` };
  }
  return { text: blob.text };
}

/** Reads the configs (cached by commit) and the review state, in one request or none. */
export async function readPullRequestContext(
  octokit: GitHubClient,
  repo: RepoCoordinates,
  request: PullRequestContextRequest,
  cache: GitHubSnapshotCache,
): Promise<PullRequestContext> {
  const baseKey = commitKey(repo, request.baseSha);
  const headKey = commitKey(repo, request.headSha);
  const cachedBase = cache.configs.get(baseKey);
  const cachedHead = cache.configs.get(headKey);
  const configsKnown = cachedBase !== undefined && cachedHead !== undefined;
  const withReviews = request.reviewsOf !== null && !(request.reviewsOf.onlyIfSent && configsKnown);
  if (configsKnown && !withReviews) return { baseConfig: cachedBase, headConfig: cachedHead, reviewed: null };

  const blobs = request.along?.blobs ?? [];
  const lookup = contextLookup(repo, cache, request.along?.label ?? null, cachedBase, request.along !== undefined);
  const along: Record<string, string> = { ...(lookup.label !== null ? { label: lookup.label } : {}), ...(lookup.team !== null ? { team: lookup.team } : {}) };
  blobs.forEach((oid, i) => {
    along[`o${i}`] = oid;
  });
  const data = await octokit.graphql<ContextResponse>(contextQuery(blobs.length, lookup.label !== null, lookup.team !== null), {
    ...along,
    owner: repo.owner,
    name: repo.repo,
    baseExpression: `${request.baseSha}:${CONFIG_PATH}`,
    withBase: cachedBase === undefined,
    headExpression: `${request.headSha}:${CONFIG_PATH}`,
    withHead: cachedHead === undefined,
    number: request.reviewsOf?.number ?? 0,
    withReviews,
  });
  if (!data.repository) throw new Error(`GitHub did not return repository ${repo.owner}/${repo.repo}`);
  rememberNodeIds(repo, cache, lookup, { team: data.repository.owner?.team?.id, label: data.repository.label?.id });
  // A blob not returned, or not faithfully, is left to the file query.
  blobs.forEach((oid, i) => {
    const found = data.repository![`b${i}`];
    if (found) cacheGraphqlBlob(cache, oid, found);
  });
  const baseConfig = cachedBase ?? toConfig(data.repository.baseConfig);
  const headConfig = cachedHead ?? toConfig(data.repository.headConfig);
  cache.configs.set(baseKey, baseConfig);
  cache.configs.set(headKey, headConfig);
  let reviewed: boolean | null = null;
  if (withReviews) {
    reviewed = hasOwnReview(data.repository.pullRequest?.reviews.nodes ?? [], request.headSha);
  }
  return { baseConfig, headConfig, reviewed };
}

/**
 * One GraphQL query for what must be known before judging, and that a webhook payload does not carry: the
 * config file at the base and at the head, and whether this app already reviewed the head. Each part is
 * asked only when it is not already known, and the query is not sent at all when nothing is missing.
 */
import { CONFIG_PATH, MAX_CONFIG_LENGTH } from "../config/parse-config.js";
import { commitKey, type ConfigContent, type GitHubSnapshotCache } from "../snapshot/github-snapshot-cache.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { reviewMarker } from "./render-review.js";

export const CONTEXT_QUERY = `query netpolGuardContext(
  $owner: String!, $name: String!,
  $baseExpression: String!, $withBase: Boolean!,
  $headExpression: String!, $withHead: Boolean!,
  $number: Int!, $withReviews: Boolean!
) {
  repository(owner: $owner, name: $name) {
    baseConfig: object(expression: $baseExpression) @include(if: $withBase) { ... on Blob { byteSize isBinary isTruncated text } }
    headConfig: object(expression: $headExpression) @include(if: $withHead) { ... on Blob { byteSize isBinary isTruncated text } }
    pullRequest(number: $number) @include(if: $withReviews) {
      reviews(last: 100) { nodes { viewerDidAuthor body } }
    }
  }
}`;

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

  const data = await octokit.graphql<ContextResponse>(CONTEXT_QUERY, {
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
  const baseConfig = cachedBase ?? toConfig(data.repository.baseConfig);
  const headConfig = cachedHead ?? toConfig(data.repository.headConfig);
  cache.configs.set(baseKey, baseConfig);
  cache.configs.set(headKey, headConfig);
  let reviewed: boolean | null = null;
  if (withReviews) {
    const marker = reviewMarker(request.headSha);
    const nodes = data.repository.pullRequest?.reviews.nodes ?? [];
    reviewed = nodes.some((review) => review !== null && review.viewerDidAuthor && review.body.includes(marker));
  }
  return { baseConfig, headConfig, reviewed };
}

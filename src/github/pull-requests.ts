/** Looking up a pull request when the event that asks for a judgement does not carry it. */
import type { GitHubClient, RepoCoordinates } from "./github-client.js";

/** What the pipeline needs of a pull request; webhook payloads and `pulls.get` both have it. */
export interface PullRequestInfo {
  number: number;
  baseSha: string;
  /** The base branch's name ("" when unknown): it decides under which check name the verdict goes. */
  baseRef: string;
  headSha: string;
  draft: boolean;
  /** Label names. */
  labels: string[];
  /** Slugs of the teams whose review is requested. */
  requestedTeams: string[];
  /** Login of the author ("" when unknown): their own approval never counts. */
  author: string;
  /**
   * When GitHub last changed the pull request, as the event or the API said (ISO 8601): deliveries arrive
   * out of order, and an older one must not turn the app's memory of the pull request back.
   */
  updatedAt?: string;
  /** The GraphQL node id (`node_id`), to publish the review, team request and label in one mutation. */
  nodeId?: string;
  /** The node id of its (base) repository, where its check runs are. */
  repositoryNodeId?: string;
}

/** The subset of a REST or webhook pull request object that `toPullRequestInfo` reads. */
export interface PullRequestLike {
  number: number;
  draft?: boolean | undefined;
  base: { sha: string; ref?: string; repo?: { node_id?: string | null } | null };
  head: { sha: string };
  labels?: ({ name?: string } | string)[] | null | undefined;
  requested_teams?: ({ slug?: string } | null)[] | null | undefined;
  user?: { login: string } | null | undefined;
  updated_at?: string | null | undefined;
  node_id?: string | null | undefined;
}

export function toPullRequestInfo(pr: PullRequestLike): PullRequestInfo {
  return {
    number: pr.number,
    baseSha: pr.base.sha,
    baseRef: pr.base.ref ?? "",
    headSha: pr.head.sha,
    draft: pr.draft === true,
    labels: (pr.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter((n) => n !== ""),
    requestedTeams: (pr.requested_teams ?? []).map((t) => t?.slug ?? "").filter((s) => s !== ""),
    author: pr.user?.login ?? "",
    ...(pr.updated_at ? { updatedAt: pr.updated_at } : {}),
    ...(pr.node_id ? { nodeId: pr.node_id } : {}),
    ...(pr.base.repo?.node_id ? { repositoryNodeId: pr.base.repo.node_id } : {}),
  };
}

export async function getPullRequest(octokit: GitHubClient, repo: RepoCoordinates, pullNumber: number): Promise<PullRequestInfo> {
  const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pullNumber });
  return toPullRequestInfo(data);
}

/**
 * The pull request number a check suite was run for, from the `external_id` of this app's check runs in it
 * (fork pull requests leave the suite's `pull_requests` empty). Null when none carries one.
 */
export async function findPullNumberInSuite(octokit: GitHubClient, repo: RepoCoordinates, checkSuiteId: number): Promise<number | null> {
  const { data } = await octokit.rest.checks.listForSuite({ ...repo, check_suite_id: checkSuiteId, per_page: 100 });
  for (const run of data.check_runs) {
    const number = parsePullNumber(run.external_id);
    if (number !== null) return number;
  }
  return null;
}

/**
 * The pull request number an `external_id` holds, or null: `<number>:<baseSha>:<baseRef>` (see
 * `pullExternalId`), or the bare number that check runs carried before they were bound to a base.
 */
export function parsePullNumber(externalId: string | null | undefined): number | null {
  const match = /^([1-9]\d{0,9})(?::[0-9a-f]{40}(?:[0-9a-f]{24})?:.+)?$/s.exec(externalId ?? "");
  return match ? Number(match[1]) : null;
}

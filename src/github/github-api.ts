/** The pipeline's view of GitHub, on one installation's client and one repository. */
import type { PathFilter } from "../config/parse-config.js";
import type { GitHubPort } from "./github-port.js";
import type { GitHubSnapshotCache, TreeListing } from "./github-snapshot-cache.js";
import { DEFAULT_READ_LIMITS, readTree, readWatchedFiles } from "./read-github-snapshot.js";
import { alongTheContext, lookupForWrites, writesWithNodeIds } from "./request-batching.js";
import { getAppId } from "./app-identity.js";
import { firstCheckRunAt } from "./first-check-run-at.js";
import { completeCheckRun, failCheckRun, newRunMarker, startCheckRun } from "./check-runs.js";
import { addEyesReaction, ensureReply } from "./comments.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { hardenClient } from "./harden-client.js";
import { listOpenPullsAtHead } from "./list-open-pulls-at-head.js";
import { listOpenPullsInto } from "./list-open-pulls-into.js";
import { listReviews } from "./list-reviews.js";
import { readBranchConfig } from "./read-branch-config.js";
import { getRepositoryPermission, isTeamMember } from "./platform-team.js";
import { findPullNumberInSuite, getPullRequest } from "./pull-requests.js";
import { readCheckMarkers } from "./read-check-markers.js";
import { readPullRequestContext } from "./read-pull-request-context.js";
import { readAncestry } from "./read-ancestry.js";
import { publishPullRequest } from "./publish-pull-request.js";

/** `defaultBranch`: the webhook payload's `repository.default_branch` (undefined: unknown, every base protected). */
export function createGitHubApi(octokit: GitHubClient, repo: RepoCoordinates, cache: GitHubSnapshotCache, defaultBranch?: string | null): GitHubPort {
  hardenClient(octokit);
  let id: Promise<number> | null = null;
  const appId = (): Promise<number> => (id ??= getAppId(octokit));
  /** The marker of a check-run creation that failed: the run may exist all the same. */
  let failedStart: string | null = null;
  /** The node id of each check run created (by id): the publishing mutation may complete it. */
  const checkRunNodeIds = new Map<number, string>();
  return {
    repository: repo,
    defaultBranch: defaultBranch || null,
    readContext: ({ trees, ...request }) => readPullRequestContext(octokit, repo, { ...request, ...(trees ? { along: alongTheContext(trees, cache) } : {}) }, cache),
    readTree: (sha) => readTree(octokit, repo, sha, cache),
    readAncestry: (base, head) => readAncestry(octokit, repo, base, head, cache),
    readWatchedFiles: (commits: { sha: string; tree: TreeListing }[], filter: PathFilter, team?: string) =>
      readWatchedFiles(octokit, repo, commits, filter, cache, DEFAULT_READ_LIMITS, lookupForWrites(team)),
    getPullRequest: (number) => getPullRequest(octokit, repo, number),
    findPullNumberInSuite: (id) => findPullNumberInSuite(octokit, repo, id),
    listOpenPullsAtHead: (sha) => listOpenPullsAtHead(octokit, repo, sha),
    listOpenPullsInto: (branch, limit) => listOpenPullsInto(octokit, repo, branch, limit),
    readBranchConfig: (branch) => readBranchConfig(octokit, repo, branch),
    startCheckRun: async (start) => {
      const marker = newRunMarker();
      try {
        const run = await startCheckRun(octokit, repo, start, marker);
        if (run.nodeId) checkRunNodeIds.set(run.id, run.nodeId);
        return run.id;
      } catch (error) {
        failedStart = marker;
        throw error;
      }
    },
    completeCheckRun: (id, outcome, sent) => completeCheckRun(octokit, repo, id, outcome, sent),
    failCheckRun: (failure) => failCheckRun(octokit, repo, failure, failure.checkRunId === null ? failedStart : null),
    publishPullRequest: (writes) => publishPullRequest(octokit, repo, writesWithNodeIds(repo, cache, checkRunNodeIds, writes)),
    appId,
    listReviews: (number) => listReviews(octokit, repo, number),
    isTeamMember: (team, login) => isTeamMember(octokit, repo.owner, team, login),
    getRepositoryPermission: (login) => getRepositoryPermission(octokit, repo, login),
    firstCheckRunAt: async (sha, pullNumber) => firstCheckRunAt(octokit, repo, sha, pullNumber, await appId()),
    readCheckMarkers: async (sha, checkName, binding) => readCheckMarkers(octokit, repo, sha, checkName, await appId(), binding),
    addEyesReaction: (commentId) => addEyesReaction(octokit, repo, commentId),
    ensureReply: async (reply) => ensureReply(octokit, repo, { ...reply, appId: await appId() }),
  };
}

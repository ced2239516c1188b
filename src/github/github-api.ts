/** The pipeline's view of GitHub, on one installation's client and one repository. */
import type { PathFilter } from "../config/parse-config.js";
import type { GitHubPort } from "../pipeline/github-port.js";
import type { GitHubSnapshotCache, TreeListing } from "../snapshot/github-snapshot-cache.js";
import { readTree, readWatchedFiles } from "../snapshot/read-github-snapshot.js";
import { getAppId } from "./app-identity.js";
import { completeCheckRun, failCheckRun, startCheckRun } from "./check-runs.js";
import { addEyesReaction, ensureReply } from "./comments.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { hardenClient } from "./harden-client.js";
import { addLabel, removeLabel } from "./labels.js";
import { listReviews } from "./list-reviews.js";
import { getRepositoryPermission, isTeamMember } from "./platform-team.js";
import { findPullNumberInSuite, getPullRequest } from "./pull-requests.js";
import { readCheckMarkers } from "./read-check-markers.js";
import { readPullRequestContext } from "./read-pull-request-context.js";
import { requestTeamReview } from "./reviewers.js";
import { postReview } from "./reviews.js";

export function createGitHubApi(octokit: GitHubClient, repo: RepoCoordinates, cache: GitHubSnapshotCache): GitHubPort {
  hardenClient(octokit);
  let id: Promise<number> | null = null;
  const appId = (): Promise<number> => (id ??= getAppId(octokit));
  return {
    repository: repo,
    readContext: (request) => readPullRequestContext(octokit, repo, request, cache),
    readTree: (sha) => readTree(octokit, repo, sha, cache),
    readWatchedFiles: (commits: { sha: string; tree: TreeListing }[], filter: PathFilter) => readWatchedFiles(octokit, repo, commits, filter, cache),
    getPullRequest: (number) => getPullRequest(octokit, repo, number),
    findPullNumberInSuite: (id) => findPullNumberInSuite(octokit, repo, id),
    startCheckRun: (start) => startCheckRun(octokit, repo, start),
    completeCheckRun: (id, outcome) => completeCheckRun(octokit, repo, id, outcome),
    failCheckRun: (failure) => failCheckRun(octokit, repo, failure),
    postReview: (review) => postReview(octokit, repo, review),
    requestTeamReview: (number, team) => requestTeamReview(octokit, repo, number, team),
    addLabel: (number, label) => addLabel(octokit, repo, number, label),
    removeLabel: (number, label) => removeLabel(octokit, repo, number, label),
    appId,
    listReviews: (number) => listReviews(octokit, repo, number),
    isTeamMember: (team, login) => isTeamMember(octokit, repo.owner, team, login),
    getRepositoryPermission: (login) => getRepositoryPermission(octokit, repo, login),
    readCheckMarkers: async (sha, checkName) => readCheckMarkers(octokit, repo, sha, checkName, await appId()),
    addEyesReaction: (commentId) => addEyesReaction(octokit, repo, commentId),
    ensureReply: async (reply) => ensureReply(octokit, repo, { ...reply, appId: await appId() }),
  };
}

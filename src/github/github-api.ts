/** The pipeline's view of GitHub, on one installation's client and one repository. */
import type { PathFilter } from "../config/parse-config.js";
import type { GitHubPort } from "../pipeline/github-port.js";
import type { GitHubSnapshotCache, TreeListing } from "../snapshot/github-snapshot-cache.js";
import { readTree, readWatchedFiles } from "../snapshot/read-github-snapshot.js";
import { completeCheckRun, failCheckRun, startCheckRun } from "./check-runs.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { addLabel, removeLabel } from "./labels.js";
import { findPullNumberInSuite, getPullRequest } from "./pull-requests.js";
import { readPullRequestContext } from "./read-pull-request-context.js";
import { requestTeamReview } from "./reviewers.js";
import { postReview, readPullRequestDiff } from "./reviews.js";

export function createGitHubApi(octokit: GitHubClient, repo: RepoCoordinates, cache: GitHubSnapshotCache): GitHubPort {
  return {
    repository: repo,
    readContext: (request) => readPullRequestContext(octokit, repo, request, cache),
    readTree: (sha) => readTree(octokit, repo, sha, cache),
    readWatchedFiles: (commits: { sha: string; tree: TreeListing }[], filter: PathFilter) => readWatchedFiles(octokit, repo, commits, filter, cache),
    getPullRequest: (number) => getPullRequest(octokit, repo, number),
    findPullNumberInSuite: (id) => findPullNumberInSuite(octokit, repo, id),
    readPullRequestDiff: (number) => readPullRequestDiff(octokit, repo, number),
    startCheckRun: (start) => startCheckRun(octokit, repo, start),
    completeCheckRun: (id, outcome) => completeCheckRun(octokit, repo, id, outcome),
    failCheckRun: (failure) => failCheckRun(octokit, repo, failure),
    postReview: (review) => postReview(octokit, repo, review),
    requestTeamReview: (number, team) => requestTeamReview(octokit, repo, number, team),
    addLabel: (number, label) => addLabel(octokit, repo, number, label),
    removeLabel: (number, label) => removeLabel(octokit, repo, number, label),
  };
}

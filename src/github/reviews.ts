/**
 * Inline review comments: which lines the pull request's diff shows (from `pulls.listFiles`, the only
 * source of the diff GitHub comments against), and posting the one review of a head commit.
 */
import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { parsePatch, type PullRequestDiff } from "./parse-patch.js";
import type { ReviewComment } from "./render-review.js";

/** Pages of 100 files read at most; comments on files past them are left to the annotations. */
export const MAX_FILE_PAGES = 3;

/** The commentable lines of every file of the pull request, in at most `MAX_FILE_PAGES` requests. */
export async function readPullRequestDiff(octokit: GitHubClient, repo: RepoCoordinates, pullNumber: number): Promise<PullRequestDiff> {
  const diff: PullRequestDiff = new Map();
  for (let page = 1; page <= MAX_FILE_PAGES; page++) {
    const { data } = await octokit.rest.pulls.listFiles({ ...repo, pull_number: pullNumber, per_page: 100, page });
    for (const file of data) {
      if (file.patch !== undefined && file.status !== "removed") diff.set(file.filename, parsePatch(file.patch));
    }
    if (data.length < 100) break;
  }
  return diff;
}

export interface ReviewToPost {
  pullNumber: number;
  headSha: string;
  body: string;
  comments: ReviewComment[];
}

/** Posts one review (event COMMENT) on the head commit. */
export async function postReview(octokit: GitHubClient, repo: RepoCoordinates, review: ReviewToPost): Promise<void> {
  await octokit.rest.pulls.createReview({
    ...repo,
    pull_number: review.pullNumber,
    commit_id: review.headSha,
    event: "COMMENT",
    body: review.body,
    comments: review.comments,
  });
}

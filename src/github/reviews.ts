/**
 * Inline review comments: which lines the pull request's diff shows (from `pulls.listFiles`, the only
 * source of the diff GitHub comments against), and posting the one review of a head commit.
 */
import { httpStatus, type GitHubClient, type RepoCoordinates } from "./github-client.js";
import { parsePatch, type PullRequestDiff } from "./parse-patch.js";
import { renderReviewBodyWithoutComments, type ReviewComment } from "./render-review.js";

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

/**
 * Posts one review (event COMMENT) on the head commit. GitHub refuses the whole review (422) when one
 * comment is on a line or path it cannot resolve on the diff (the diff changed, a file was renamed): the
 * review is then posted once more without comments, each finding staying an annotation on the check run.
 */
export async function postReview(octokit: GitHubClient, repo: RepoCoordinates, review: ReviewToPost): Promise<void> {
  const create = (body: string, comments: ReviewComment[]) =>
    octokit.rest.pulls.createReview({ ...repo, pull_number: review.pullNumber, commit_id: review.headSha, event: "COMMENT", body, comments });
  try {
    await create(review.body, review.comments);
  } catch (error) {
    if (httpStatus(error) !== 422 || review.comments.length === 0) throw error;
    const message = error instanceof Error ? error.message.split("\n")[0]!.replace(/ - https:\/\/\S+$/, "").slice(0, 200) : "refused";
    const reason = `${message}, HTTP 422`;
    await create(renderReviewBodyWithoutComments(review.body, review.headSha, reason), []);
  }
}

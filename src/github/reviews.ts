/** Posting the one review of a head commit, with its inline comments (see diff-lines.ts for their lines). */
import { httpStatus, type GitHubClient, type RepoCoordinates } from "./github-client.js";
import { renderReviewBodyWithoutComments, type ReviewComment } from "../report/render-review.js";

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

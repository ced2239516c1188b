/** The reviews of a pull request, as approval evaluation needs them. */
import type { ReviewRecord } from "../approval/evaluate-approvals.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";

/** Pages of 100 reviews read at most. */
export const MAX_REVIEW_PAGES = 10;

export interface ReviewList {
  /** Oldest first, as GitHub lists them. */
  reviews: ReviewRecord[];
  /** More reviews than `MAX_REVIEW_PAGES` pages: the latest ones are missing. */
  incomplete: boolean;
}

export async function listReviews(octokit: GitHubClient, repo: RepoCoordinates, pullNumber: number): Promise<ReviewList> {
  const reviews: ReviewRecord[] = [];
  for (let page = 1; page <= MAX_REVIEW_PAGES; page++) {
    const { data } = await octokit.rest.pulls.listReviews({ ...repo, pull_number: pullNumber, per_page: 100, page });
    for (const review of data) {
      if (!review.user || !review.commit_id) continue;
      reviews.push({ user: review.user.login, state: review.state, commitId: review.commit_id, submittedAt: review.submitted_at ?? null });
    }
    if (data.length < 100) return { reviews, incomplete: false };
  }
  return { reviews, incomplete: true };
}

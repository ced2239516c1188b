/** Asking the platform team for a review. */
import { httpStatus, type GitHubClient, type RepoCoordinates } from "./github-client.js";

/**
 * Requests a review from `team` (a slug). GitHub answers 422 when the team is already requested, or cannot
 * be (not a collaborator): neither is an error of the app, both are reported as `false`.
 */
export async function requestTeamReview(octokit: GitHubClient, repo: RepoCoordinates, pullNumber: number, team: string): Promise<boolean> {
  try {
    await octokit.rest.pulls.requestReviewers({ ...repo, pull_number: pullNumber, team_reviewers: [team] });
    return true;
  } catch (error) {
    if (httpStatus(error) === 422) return false;
    throw error;
  }
}

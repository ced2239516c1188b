/** The label that marks a pull request crossing a company boundary. */
import { httpStatus, type GitHubClient, type RepoCoordinates } from "./github-client.js";

export const CROSS_VC_LABEL = "cross-vc-boundary";

/** Adds the label (GitHub creates it in the repository the first time). */
export async function addLabel(octokit: GitHubClient, repo: RepoCoordinates, issueNumber: number, label: string): Promise<void> {
  await octokit.rest.issues.addLabels({ ...repo, issue_number: issueNumber, labels: [label] });
}

/** Removes the label; already gone (404) is fine. */
export async function removeLabel(octokit: GitHubClient, repo: RepoCoordinates, issueNumber: number, label: string): Promise<void> {
  try {
    await octokit.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name: label });
  } catch (error) {
    if (httpStatus(error) !== 404) throw error;
  }
}

/** The open pull requests whose head is a given commit, whatever their base. */
import type { GitHubClient, RepoCoordinates } from "./github-client.js";

/** A pull request at a head commit: which one, and into which branch and base commit. */
export interface PullAtHead {
  number: number;
  baseRef: string;
  baseSha: string;
}

/**
 * Every open pull request of the repository whose head is `sha` (GitHub lists the pull requests a commit
 * belongs to, merged and closed ones too, and ones where it is not the head: those are left out). Throws
 * when GitHub cannot say: the caller must not publish a verdict that depends on a list it does not have.
 */
export async function listOpenPullsAtHead(octokit: GitHubClient, repo: RepoCoordinates, sha: string): Promise<PullAtHead[]> {
  const pulls = await octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, { ...repo, commit_sha: sha, per_page: 100 });
  return pulls
    .filter((pr) => pr.state === "open" && pr.head.sha === sha)
    .map((pr) => ({ number: pr.number, baseRef: pr.base.ref, baseSha: pr.base.sha }));
}

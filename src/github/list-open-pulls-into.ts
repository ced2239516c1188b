/** The open pull requests into a branch, newest first. */
import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { toPullRequestInfo, type PullRequestInfo } from "./pull-requests.js";

/**
 * The open pull requests whose base is `branch`, the most recently created first, at most `limit` (read
 * 100 a page, and no page past the limit). Throws when GitHub cannot list them.
 */
export async function listOpenPullsInto(octokit: GitHubClient, repo: RepoCoordinates, branch: string, limit: number): Promise<PullRequestInfo[]> {
  const pulls: PullRequestInfo[] = [];
  const params = { ...repo, state: "open" as const, base: branch, sort: "created" as const, direction: "desc" as const, per_page: 100 };
  await octokit.paginate(octokit.rest.pulls.list, params, (response, done) => {
    for (const pr of response.data) if (pulls.length < limit) pulls.push(toPullRequestInfo(pr));
    if (pulls.length >= limit) done();
    return [];
  });
  return pulls;
}

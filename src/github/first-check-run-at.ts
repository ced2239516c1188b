/** When this app first started a check run on a commit for a pull request: GitHub's time, not the pusher's. */
import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { parsePullNumber } from "./pull-requests.js";

/**
 * The earliest `started_at` of the check runs this app (`appId`) created on `sha` for pull request
 * `pullNumber` (named by their `external_id`), or null when it has none. GitHub sets that time when the app
 * creates the run, after the push that made `sha` the head: so the head was pushed before it. Commit dates
 * are not used: the pusher writes them. Runs of other apps, and runs for another pull request with the same
 * head, prove nothing about this pull request. One request per 100 runs.
 */
export async function firstCheckRunAt(octokit: GitHubClient, repo: RepoCoordinates, sha: string, pullNumber: number, appId: number): Promise<string | null> {
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, { ...repo, ref: sha, app_id: appId, filter: "all", per_page: 100 });
  const times = runs
    .filter((run) => run.app?.id === appId && run.head_sha === sha && parsePullNumber(run.external_id) === pullNumber && run.started_at)
    .map((run) => run.started_at!)
    .filter((at) => Number.isFinite(Date.parse(at)))
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return times[0] ?? null;
}

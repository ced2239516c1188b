/** Reading back what this app's latest judged check run on a commit recorded. */
import { parseCheckMarkers, sameBinding, type Binding, type CheckMarkers } from "../model/check-markers.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";

/**
 * The markers of the latest completed check run named `checkName` that this app (`appId`) published on
 * `sha` for `binding` (the same pull request into the same branch), or null when it has none. Filtering by
 * app matters: any app or workflow with `checks: write` can create a check run of the same name, and its
 * text must not be trusted. Filtering by binding too: another pull request with the same head publishes on
 * the same commit, and what it recorded (its fingerprint, its override) is not this one's. One request.
 */
export async function readCheckMarkers(octokit: GitHubClient, repo: RepoCoordinates, sha: string, checkName: string, appId: number, binding: Binding): Promise<CheckMarkers | null> {
  const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: sha, check_name: checkName, app_id: appId, filter: "all", per_page: 100 });
  const runs = data.check_runs
    .filter((run) => run.status === "completed" && run.app?.id === appId && run.head_sha === sha)
    .sort((a, b) => b.id - a.id);
  for (const run of runs) {
    const markers = parseCheckMarkers(run.output.text);
    if (markers && sameBinding(markers.binding, binding)) return markers;
  }
  return null;
}

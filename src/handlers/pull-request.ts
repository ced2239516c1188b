/** `pull_request`: judge the pull request when its head or its base changes, or it opens or wakes up. */
import type { Context } from "probot";
import { createGitHubApi } from "../github/github-api.js";
import { toPullRequestInfo } from "../github/pull-requests.js";
import type { AppMemory } from "../pipeline/app-memory.js";
import { judgePullRequest } from "../pipeline/judge-pull-request.js";

export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
  "pull_request.edited",
] as const;

export async function onPullRequest(context: Context<(typeof PULL_REQUEST_EVENTS)[number]>, memory: AppMemory): Promise<void> {
  const { payload } = context;
  const pr = payload.pull_request;
  if (payload.action === "edited" && payload.changes.base === undefined) {
    context.log.debug(`#${pr.number} edited without a base change (title or body): nothing to judge`);
    return;
  }
  if (pr.state !== "open") {
    context.log.debug(`#${pr.number} is ${pr.state}: nothing to judge`);
    return;
  }
  const repo = context.repo();
  await judgePullRequest(
    // A new head voids an override of an earlier one; a pull request just opened has no review yet.
    { kind: "pull_request", pullRequest: toPullRequestInfo(pr), pushed: payload.action === "opened" || payload.action === "synchronize", opened: payload.action === "opened" },
    createGitHubApi(context.octokit, repo, memory.snapshots, context.payload.repository?.default_branch),
    memory,
    context.log,
    context.id,
  );
}

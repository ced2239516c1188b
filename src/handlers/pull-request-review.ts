/**
 * `pull_request_review` submitted, dismissed, edited: judge the pull request again, so that a platform
 * approval turns the check green (and a dismissal turns it back) without anyone asking. A review that only
 * comments changes no approval, so it is not judged again: that includes this app's own review.
 */
import type { Context } from "probot";
import { createGitHubApi } from "../github/github-api.js";
import { toPullRequestInfo } from "../github/pull-requests.js";
import type { AppMemory } from "../pipeline/app-memory.js";
import { judgePullRequest } from "../pipeline/judge-pull-request.js";

export const PULL_REQUEST_REVIEW_EVENTS = ["pull_request_review.submitted", "pull_request_review.dismissed", "pull_request_review.edited"] as const;

export async function onPullRequestReview(context: Context<(typeof PULL_REQUEST_REVIEW_EVENTS)[number]>, memory: AppMemory): Promise<void> {
  const { payload } = context;
  const pr = payload.pull_request;
  const state = payload.review.state.toLowerCase();
  if (payload.action !== "dismissed" && state !== "approved" && state !== "changes_requested") {
    context.log.debug(`#${pr.number}: a ${state} review changes no approval: nothing to judge`);
    return;
  }
  if (pr.state !== "open") {
    context.log.debug(`#${pr.number} is ${pr.state}: nothing to judge`);
    return;
  }
  await judgePullRequest(
    { kind: "pull_request", pullRequest: toPullRequestInfo(pr) },
    createGitHubApi(context.octokit, context.repo(), memory.snapshots, context.payload.repository?.default_branch),
    memory,
    context.log,
    context.id,
  );
}

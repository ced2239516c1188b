/** The netpol-guard GitHub App: registers one handler per event, nothing else. */
import type { Probot } from "probot";
import { onCheckRunRerequested } from "./handlers/check-run.js";
import { onCheckSuiteRerequested } from "./handlers/check-suite.js";
import { onInstallationRepositories } from "./handlers/installation-repositories.js";
import { onInstallation } from "./handlers/installation.js";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onMergeGroup } from "./handlers/merge-group.js";
import { onPullRequestReview, PULL_REQUEST_REVIEW_EVENTS } from "./handlers/pull-request-review.js";
import { onPullRequest, PULL_REQUEST_EVENTS } from "./handlers/pull-request.js";
import { AppMemory } from "./pipeline/app-memory.js";

export default function netpolGuard(app: Probot): void {
  netpolGuardWith()(app);
}

/** The app with its clock (ms since the epoch) given: tests set the time instead of waiting for it. */
export function netpolGuardWith(options: { now?: () => number } = {}): (app: Probot) => void {
  return (app) => register(app, new AppMemory(undefined, undefined, options.now));
}

function register(app: Probot, memory: AppMemory): void {
  app.on([...PULL_REQUEST_EVENTS], (context) => onPullRequest(context, memory));
  app.on([...PULL_REQUEST_REVIEW_EVENTS], (context) => onPullRequestReview(context, memory));
  app.on("issue_comment.created", (context) => onIssueComment(context, memory));
  app.on("check_run.rerequested", (context) => onCheckRunRerequested(context, memory));
  app.on("check_suite.rerequested", (context) => onCheckSuiteRerequested(context, memory));
  app.on("merge_group.checks_requested", (context) => onMergeGroup(context, memory));
  app.on("installation", onInstallation);
  app.on("installation_repositories", onInstallationRepositories);
}

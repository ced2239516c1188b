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
import { onPush } from "./handlers/push.js";
import { AppMemory } from "./pipeline/app-memory.js";
import { createAppState } from "./state/create-app-state.js";

export default function netpolGuard(app: Probot): void {
  // With REDIS_URL, replicas share deliveries, locks and small records (see src/state/app-state.ts).
  createNetpolGuard(new AppMemory(undefined, {}, Date.now, createAppState(process.env, app.log)))(app);
}

/**
 * The app with the given memory: tests give one with a stand-in judge worker, a clock of their own
 * (`new AppMemory(undefined, {}, now)`: they set the time instead of waiting for it), or to wait
 * for it to be idle.
 */
export function createNetpolGuard(memory = new AppMemory()): (app: Probot) => void {
  return (app) => registerHandlers(app, memory);
}

function registerHandlers(app: Probot, memory: AppMemory): void {
  // Every delivery is acknowledged at once and handled after (see AppMemory.background).
  const later = <C extends { log: Parameters<AppMemory["background"]>[1] }>(handle: (context: C) => Promise<void>) => (context: C): void =>
    memory.background(() => handle(context), context.log);
  app.on([...PULL_REQUEST_EVENTS], later((context) => onPullRequest(context, memory)));
  app.on([...PULL_REQUEST_REVIEW_EVENTS], later((context) => onPullRequestReview(context, memory)));
  app.on("issue_comment.created", later((context) => onIssueComment(context, memory)));
  app.on("check_run.rerequested", later((context) => onCheckRunRerequested(context, memory)));
  app.on("check_suite.rerequested", later((context) => onCheckSuiteRerequested(context, memory)));
  app.on("merge_group.checks_requested", later((context) => onMergeGroup(context, memory)));
  app.on("push", later((context) => onPush(context, memory)));
  app.on("installation", later(onInstallation));
  app.on("installation_repositories", later(onInstallationRepositories));
}

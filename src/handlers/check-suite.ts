/** `check_suite.rerequested`: judge the suite's head again, for the pull request it belongs to. */
import type { Context } from "probot";
import { createGitHubApi } from "../github/github-api.js";
import type { AppMemory } from "../pipeline/app-memory.js";
import { judgePullRequest } from "../pipeline/judge-pull-request.js";

export async function onCheckSuiteRerequested(context: Context<"check_suite.rerequested">, memory: AppMemory): Promise<void> {
  const suite = context.payload.check_suite;
  if (!suite.head_sha) {
    context.log.debug(`Check suite ${suite.id} has no head commit: nothing to judge`);
    return;
  }
  await judgePullRequest(
    { kind: "check_suite", checkSuiteId: suite.id, headSha: suite.head_sha, pullNumbers: suite.pull_requests.map((pr) => pr.number) },
    createGitHubApi(context.octokit, context.repo(), memory.snapshots, context.payload.repository?.default_branch),
    memory,
    context.log,
    context.id,
  );
}

/**
 * `check_run.rerequested`: judge again. The check run's `external_id` holds the pull request number
 * (`pull_requests` is empty for forks) or, for a merge group, its base commit.
 */
import type { Context } from "probot";
import { createGitHubApi } from "../github/github-api.js";
import { parsePullNumber } from "../github/pull-requests.js";
import type { AppMemory } from "../pipeline/app-memory.js";
import { judgePullRequest, type JudgeRequest } from "../pipeline/judge-pull-request.js";

const MERGE_GROUP_ID = /^merge_group:([0-9a-f]{40}(?:[0-9a-f]{24})?)$/;

export async function onCheckRunRerequested(context: Context<"check_run.rerequested">, memory: AppMemory): Promise<void> {
  const run = context.payload.check_run;
  const mergeGroup = MERGE_GROUP_ID.exec(run.external_id ?? "");
  let request: JudgeRequest;
  if (mergeGroup) {
    // The suite's branch names the queued pull request (gh-readonly-queue/<base>/pr-<n>-<sha>), whose
    // platform approval counts for the group as on its first judgement.
    request = { kind: "merge_group", baseSha: mergeGroup[1]!, headSha: run.head_sha, checkName: run.name, headRef: run.check_suite.head_branch ?? undefined };
  } else {
    const pullNumber = parsePullNumber(run.external_id) ?? run.pull_requests[0]?.number ?? null;
    if (pullNumber === null) {
      context.log.debug(`Check run ${run.id} names no pull request (external_id ${JSON.stringify(run.external_id)}): nothing to judge`);
      return;
    }
    request = { kind: "rerun", pullNumber, headSha: run.head_sha, checkName: run.name };
  }
  await judgePullRequest(request, createGitHubApi(context.octokit, context.repo(), memory.snapshots, context.payload.repository?.default_branch), memory, context.log, context.id);
}

/** `merge_group.checks_requested`: judge the queue's merge commit against the branch it merges into. */
import type { Context } from "probot";
import { createGitHubApi } from "../github/github-api.js";
import type { AppMemory } from "../pipeline/app-memory.js";
import { judgePullRequest } from "../pipeline/judge-pull-request.js";

export async function onMergeGroup(context: Context<"merge_group.checks_requested">, memory: AppMemory): Promise<void> {
  const group = context.payload.merge_group;
  await judgePullRequest(
    { kind: "merge_group", baseSha: group.base_sha, headSha: group.head_sha, headRef: group.head_ref },
    createGitHubApi(context.octokit, context.repo(), memory.snapshots, context.payload.repository?.default_branch),
    memory,
    context.log,
    context.id,
  );
}

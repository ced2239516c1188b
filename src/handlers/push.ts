/**
 * `push`: a branch moved. Open pull requests into it are judged again when the push changes what they are
 * judged by (see rejudge-after-push.ts). Tags, deleted branches, and pushes that change nothing are skipped.
 */
import type { Context } from "probot";
import { createGitHubApi } from "../github/github-api.js";
import type { AppMemory } from "../pipeline/app-memory.js";
import { rejudgeAfterPush } from "../pipeline/rejudge-after-push.js";

const BRANCH = /^refs\/heads\/(.+)$/;
const NO_COMMIT = /^0+$/;
/** The webhook lists at most this many commits: with as many, some may be missing. */
const MAX_LISTED_COMMITS = 20;

export async function onPush(context: Context<"push">, memory: AppMemory): Promise<void> {
  const { payload } = context;
  const branch = BRANCH.exec(payload.ref)?.[1];
  if (branch === undefined || payload.deleted || NO_COMMIT.test(payload.after)) {
    context.log.debug(`Push to ${payload.ref}: not a branch that moved, nothing to judge`);
    return;
  }
  // The paths of the pushed commits, when the webhook lists every one of them: a forced push may have
  // dropped commits it does not list, and a long push is cut at 20 commits.
  const complete = !payload.forced && payload.commits.length > 0 && payload.commits.length < MAX_LISTED_COMMITS;
  const paths = complete ? [...new Set(payload.commits.flatMap((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])]))] : null;
  await rejudgeAfterPush(
    { branch, before: NO_COMMIT.test(payload.before) ? null : payload.before, after: payload.after, paths, forced: payload.forced },
    createGitHubApi(context.octokit, context.repo(), memory.snapshots, payload.repository.default_branch),
    memory,
    context.log,
    context.id,
  );
}

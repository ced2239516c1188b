/**
 * A push to a branch that open pull requests target: their verdicts were against the base commit of their
 * last judgement, and a change of the hierarchy or of the config on the base can make them wrong. When the
 * push changes a watched file or the config, the newest of them are judged again against the new tip, one
 * after the other; each costs what a re-run of its head costs, plus the new base's tree and files. Those
 * past the bound get a failing check that asks for a re-run (one request each), never a stale green.
 */
import { CONFIG_PATH, createPathFilter, defaultConfig, parseConfig } from "../config/parse-config.js";
import type { GitHubPort } from "../github/github-port.js";
import type { ConfigContent } from "../github/github-snapshot-cache.js";
import type { PullRequestInfo } from "../github/pull-requests.js";
import type { AppMemory } from "./app-memory.js";
import { isProtectedBranch } from "./is-protected-branch.js";
import { judgePullRequest, pullExternalId, type Log } from "./judge-pull-request.js";
import type { BaseMoved } from "../report/render-base-moved.js";
import { renderRejudgeNeeded } from "../report/render-rejudge-needed.js";

/** A push to a branch, as the webhook says it. */
export interface BranchPush {
  branch: string;
  /** The commit the branch was at; null when the push created it. */
  before: string | null;
  after: string;
  /** Every path the pushed commits add, change or remove; null when the webhook cannot list them all. */
  paths: string[] | null;
}

/** Pull requests judged again per push, newest first. */
export const MAX_REJUDGED_PER_PUSH = 50;
/** Pull requests listed per push: past it, none is even told (1,000 pull requests into one branch). */
const MAX_LISTED = 1_000;

export async function rejudgeAfterPush(push: BranchPush, github: GitHubPort, memory: AppMemory, log: Log, deliveryId = ""): Promise<void> {
  const pulls = await github.listOpenPullsInto(push.branch, MAX_LISTED);
  // A branch's config is read once per push, however many steps ask for it.
  const configs = new Map<string, Promise<ConfigContent>>();
  const configOf = (branch: string): Promise<ConfigContent> => {
    if (!configs.has(branch)) configs.set(branch, github.readBranchConfig(branch));
    return configs.get(branch)!;
  };
  const where = `${github.repository.owner}/${github.repository.repo}:${push.branch}`;
  if (pulls.length === 0) {
    log.debug(`Push to ${where}: no open pull request into it`);
    return;
  }
  if (!(await changesWhatIsJudged(push, github, configOf))) {
    log.debug(`Push to ${where} changes no watched file and not the config: ${pulls.length} open pull requests keep their verdicts`);
    return;
  }
  const moved: BaseMoved = { branch: push.branch, sha: push.after };
  const judged = pulls.slice(0, MAX_REJUDGED_PER_PUSH);
  log.info(`Push to ${where} (${push.after.slice(0, 7)}): judging ${judged.length} of ${pulls.length} open pull requests again`);
  for (const pull of judged) {
    // One delivery judges several pull requests: each one is its own delivery for a redelivery's sake.
    const delivery = deliveryId === "" ? "" : `${deliveryId}:${pull.number}`;
    // `pushed`: an override binds to a head and a base commit, so none given before this push can hold.
    await judgePullRequest({ kind: "pull_request", pullRequest: { ...pull, baseSha: push.after }, pushed: true, baseMoved: moved }, github, memory, log, delivery);
  }
  const rest = pulls.slice(MAX_REJUDGED_PER_PUSH);
  if (rest.length > 0) await askForRerun(rest, moved, await configOf(github.defaultBranch ?? push.branch), github, memory, log, deliveryId);
}

/**
 * Whether the push changes what a judgement reads: the config, or a file its globs watch (the branch's
 * config, as it is after the push). Yes when that cannot be told (fail closed: a judgement too many).
 */
async function changesWhatIsJudged(push: BranchPush, github: GitHubPort, configOf: (branch: string) => Promise<ConfigContent>): Promise<boolean> {
  const paths = push.paths ?? (await changedPaths(push, github));
  if (paths === null || paths.includes(CONFIG_PATH)) return true;
  const content = await configOf(push.branch);
  if ("unreadable" in content) return true;
  const filter = createPathFilter(parseConfig(content.text).config);
  return paths.some((path) => filter.kind(path) !== null);
}

/** The paths whose blob differs between the trees before and after the push; null when unknown. */
async function changedPaths(push: BranchPush, github: GitHubPort): Promise<string[] | null> {
  if (push.before === null) return null;
  const [before, after] = await Promise.all([github.readTree(push.before), github.readTree(push.after)]);
  if (before.truncated || after.truncated) return null;
  const was = new Map(before.blobs.map((b) => [b.path, b.sha]));
  const changed = after.blobs.filter((b) => was.get(b.path) !== b.sha).map((b) => b.path);
  const now = new Set(after.blobs.map((b) => b.path));
  return [...changed, ...[...was.keys()].filter((path) => !now.has(path))];
}

/**
 * The pull requests past the bound: a failing check on each head, under the name their judgement would
 * publish (from the default branch's config, the trusted one), and the new base remembered, so that a
 * re-run here judges against it.
 */
async function askForRerun(pulls: PullRequestInfo[], moved: BaseMoved, trusted: ConfigContent, github: GitHubPort, memory: AppMemory, log: Log, deliveryId: string): Promise<void> {
  const config = "text" in trusted ? parseConfig(trusted.text).config : defaultConfig();
  const checkName = isProtectedBranch(moved.branch, config.protectedBranches, github.defaultBranch) ? config.checkName : `${config.checkName} (into ${moved.branch})`;
  const { title, summary } = renderRejudgeNeeded(moved, MAX_REJUDGED_PER_PUSH);
  for (const pull of pulls) {
    await memory.rememberPull(github.repository, { ...pull, baseSha: moved.sha });
    const ask = async (): Promise<boolean> => {
      try {
        await github.failCheckRun({ checkRunId: null, start: { name: checkName, headSha: pull.headSha, externalId: pullExternalId(pull.number, moved.sha, moved.branch) }, title, summary });
        return true;
      } catch (error) {
        log.warn(`netpol-guard could not ask for a re-run of #${pull.number} after ${moved.branch} moved: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }
    };
    // Once per delivery and pull request, whichever replica gets there first; a failure is tried again on a redelivery.
    if (deliveryId === "") await ask();
    else await memory.oncePerDelivery(`${github.repository.owner}/${github.repository.repo}:${deliveryId}:${pull.number}:rerun`.toLowerCase(), ask, (asked) => !asked, () => true);
  }
}

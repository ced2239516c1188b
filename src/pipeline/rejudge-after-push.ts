/**
 * A push to a branch that open pull requests target: their verdicts were against the base commit of their
 * last judgement, and a change of the hierarchy or of the config on the base can make them wrong. When the
 * push changes a watched file or the config, those it provably leaves alone keep their verdicts (see
 * `withoutPullsLeftAlone`), and the newest of the others are judged again against the new tip, one
 * after the other; each costs what a re-run of its head costs, plus the new base's tree and files. Those
 * past the bound get a failing check that asks for a re-run (one request each), never a stale green.
 */
import { CONFIG_PATH, createPathFilter, defaultConfig, parseConfig } from "../config/parse-config.js";
import { pushLeavesAlone } from "../engine/push-leaves-alone.js";
import { githubRefReader } from "../github/github-ref-reader.js";
import { readChange } from "../judging/read-change.js";
import type { ChangeScope } from "../model/change-scope.js";
import type { GitHubPort } from "../github/github-port.js";
import type { ConfigContent } from "../github/github-snapshot-cache.js";
import type { PullRequestInfo } from "../github/pull-requests.js";
import type { AppMemory, ScopeRecord } from "./app-memory.js";
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
  /** A forced push: the branch need not descend from where it was. */
  forced?: boolean;
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
  const paths = push.paths ?? (await changedPaths(push, github));
  if (!(await changesWhatIsJudged(paths, push.branch, configOf))) {
    log.debug(`Push to ${where} changes no watched file and not the config: ${pulls.length} open pull requests keep their verdicts`);
    return;
  }
  const moved: BaseMoved = { branch: push.branch, sha: push.after };
  const affected = await withoutPullsLeftAlone(pulls, push, paths, github, memory, configOf, log, where);
  if (affected.length === 0) return;
  const judged = affected.slice(0, MAX_REJUDGED_PER_PUSH);
  log.info(`Push to ${where} (${push.after.slice(0, 7)}): judging ${judged.length} of ${affected.length} open pull requests again`);
  for (const pull of judged) {
    // One delivery judges several pull requests: each one is its own delivery for a redelivery's sake.
    const delivery = deliveryId === "" ? "" : `${deliveryId}:${pull.number}`;
    // `pushed`: an override binds to a head and a base commit, so none given before this push can hold.
    await judgePullRequest({ kind: "pull_request", pullRequest: { ...pull, baseSha: push.after }, pushed: true, baseMoved: moved }, github, memory, log, delivery);
  }
  const rest = affected.slice(MAX_REJUDGED_PER_PUSH);
  if (rest.length > 0) await askForRerun(rest, moved, await configOf(github.defaultBranch ?? push.branch), github, memory, log, deliveryId);
}

/**
 * Whether the push changes what a judgement reads: the config, or a file its globs watch (the branch's
 * config, as it is after the push). Yes when that cannot be told (fail closed: a judgement too many).
 */
async function changesWhatIsJudged(paths: string[] | null, branch: string, configOf: (branch: string) => Promise<ConfigContent>): Promise<boolean> {
  if (paths === null || paths.includes(CONFIG_PATH)) return true;
  const content = await configOf(branch);
  if ("unreadable" in content) return true;
  const filter = createPathFilter(parseConfig(content.text).config);
  return paths.some((path) => filter.kind(path) !== null);
}

/**
 * The pull requests the push may affect, newest first: those it provably leaves alone keep their verdicts
 * (see src/engine/push-leaves-alone.ts), with their records moved to the new tip. A pull request is a
 * candidate when the last judgement published on its head recorded where its change acts against the
 * commit the branch was at before the push; the push itself is then judged once as a change of the base
 * (its trees and files, which the judgements after it read anyway), in the judge worker. No record, another
 * base, a push whose paths are unknown or that touches the config or the observed-flows file, or anything
 * that fails while judging the push: every pull request is judged again (fail closed).
 */
async function withoutPullsLeftAlone(
  pulls: PullRequestInfo[],
  push: BranchPush,
  paths: string[] | null,
  github: GitHubPort,
  memory: AppMemory,
  configOf: (branch: string) => Promise<ConfigContent>,
  log: Log,
  where: string,
): Promise<PullRequestInfo[]> {
  const before = push.before;
  const all = (why: string): PullRequestInfo[] => {
    log.info(`Push to ${where} (${push.after.slice(0, 7)}): every open pull request into it is judged again: ${why}`);
    return pulls;
  };
  if (before === null || paths === null) return all("the paths the push changes are not known");
  // A forced push may move the merge base of a pull request, and with it what its head is judged as.
  if (push.forced) return all("a forced push");
  const content = await configOf(push.branch);
  if (paths.includes(CONFIG_PATH)) return all("it changes the config");
  // Which file holds the observed flows is the config's to say: unread, it could be any of the paths.
  if ("unreadable" in content) return all("the branch's config cannot be read");
  if (paths.includes(parseConfig(content.text).config.observedFlows.path)) return all("it changes the observed flows");
  const records = await Promise.all(pulls.map((pull) => memory.scopeAt(github.repository, pull.number, pull.headSha)));
  const candidates = new Map<number, ScopeRecord>();
  pulls.forEach((pull, i) => {
    const record = records[i];
    const why =
      record?.baseSha !== before
        ? `no judgement of its head against ${before.slice(0, 7)} is recorded`
        : record.scope.kind === "everywhere"
          ? `its change can act anywhere (${record.scope.reason})`
          : null;
    if (why === null) candidates.set(pull.number, record!);
    else log.info(`Push to ${where} (${push.after.slice(0, 7)}): #${pull.number} is judged again: ${why}`);
  });
  if (candidates.size === 0) return pulls;
  let scope: ChangeScope;
  try {
    // The new tip descends from the old one: judged as it is, with no comparison of their histories.
    const reader = githubRefReader(github, { reviewsOf: null, history: false });
    const { owner, repo } = github.repository;
    const read = await readChange({ base: reader, head: reader }, { base: before, head: push.after }, { judge: { hooks: memory.budget, affinity: `${owner}/${repo}`.toLowerCase() }, scope: true });
    scope = read.change.scope ?? { kind: "everywhere", reason: "not judged as a change" };
  } catch (error) {
    log.warn(`netpol-guard could not tell which open pull requests the push to ${where} leaves alone (${error instanceof Error ? error.message : String(error)}); judging them all again`);
    return pulls;
  }
  const alone = new Set<number>();
  candidates.forEach((record, number) => {
    const verdict = pushLeavesAlone({ paths, scope }, record);
    log.info(`Push to ${where} (${push.after.slice(0, 7)}): #${number} ${verdict.alone ? "keeps its verdict" : "is judged again"}: ${verdict.why}`);
    if (!verdict.alone) return;
    alone.add(number);
    // The same judgement holds against the new tip: the next push compares with it.
    memory.rememberScope(github.repository, number, { ...record, baseSha: push.after });
  });
  return pulls.filter((pull) => !alone.has(pull.number));
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

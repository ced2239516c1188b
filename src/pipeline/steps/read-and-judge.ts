/**
 * Reading a change and judging it: the configs (and the review state) while both trees are listed, the
 * watched files, the verdict. One step of a judgement (see judge-pull-request.ts), also used by the commands.
 */
import { CONFIG_PATH, createPathFilter, parseConfig, type NetpolGuardConfig } from "../../config/parse-config.js";
import { parseConfigFile } from "../../config/parse-config-file.js";
import type { SnapshotFile } from "../../model/snapshot-file.js";
import { jobsToParse, judgeSnapshots, type JudgedChange } from "../../engine/judge-snapshots.js";
import type { PullRequestInfo } from "../../github/pull-requests.js";
import type { PullRequestContext, PullRequestContextRequest } from "../../github/read-pull-request-context.js";
import type { ConfigContent } from "../../github/github-snapshot-cache.js";
import type { GitHubPort } from "../../github/github-port.js";
import { parseWithinBudget } from "../../parse-pool/parse-within-budget.js";
import { addReadFindings } from "../add-read-findings.js";
import { observeFlows } from "../observe-flows.js";
import { takeFlowsFile } from "../../snapshot/take-flows-file.js";
import { watchFlowsFile } from "../../snapshot/watch-flows-file.js";
import type { AppMemory } from "../app-memory.js";
import type { Progress } from "../step.js";

export interface ReadChange {
  change: JudgedChange;
  config: NetpolGuardConfig;
  context: PullRequestContext;
  /** The paths whose content differs between the base and the head. */
  changed: Set<string>;
  /** The text of each path at the base and at the head (null: absent or unreadable), for the review's diff. */
  texts: { base: Map<string, string | null>; head: Map<string, string | null> };
}

interface ReadOptions {
  reviewsOf: PullRequestContextRequest["reviewsOf"];
  /** Called once the config is known, before the files are read (to create the check run). */
  beforeFiles?: (config: NetpolGuardConfig) => Promise<void>;
}

/** Steps 2-5: the configs (and the review state) while both trees are listed, the watched files, the verdict. */
export async function readChange(target: { baseSha: string; headSha: string }, github: GitHubPort, memory: AppMemory, progress: Progress, options: ReadOptions): Promise<ReadChange> {
  // 2. The configs (and whether this head was already reviewed), while both trees are listed.
  // The trees first: what the change touches rides on the context query (see request-batching.ts).
  progress.step = "read the configuration";
  const trees = Promise.all([github.readTree(target.baseSha), github.readTree(target.headSha)]);
  trees.catch(() => undefined); // Awaited below; a failure before then must not go unhandled.
  const [baseListing, headListing] = await trees.catch((error: unknown) => {
    progress.step = "read the watched files";
    throw error;
  });
  const context = await github.readContext({
    baseSha: target.baseSha,
    headSha: target.headSha,
    reviewsOf: options.reviewsOf,
    trees: { base: baseListing, head: headListing },
  });
  const baseText = configText(context.baseConfig);
  const config = parseConfig(baseText).config;

  // 3. The caller's step before the files (the check run, in progress from here on).
  await options.beforeFiles?.(config);

  // 4. The watched files of both commits, by the base's globs, and the base's observed flows along with them.
  progress.step = "read the watched files";
  const flowsPath = config.observedFlows.path;
  const [baseRead, headRead] = await github.readWatchedFiles(
    [
      { sha: target.baseSha, tree: baseListing },
      { sha: target.headSha, tree: headListing },
    ],
    watchFlowsFile(createPathFilter(config), flowsPath, true),
    config.platform.team,
  );
  const baseTaken = takeFlowsFile(baseRead!.files, flowsPath);
  const baseFiles = { ...baseRead!, files: baseTaken.files };
  const headFiles = { ...headRead!, files: takeFlowsFile(headRead!.files, flowsPath).files };

  // 5. The verdict.
  progress.step = "judge the change";
  const headText = "unreadable" in context.headConfig ? baseText : context.headConfig.text;
  const problems = [
    ...configProblems("base", target.baseSha, context.baseConfig),
    ...configProblems("head", target.headSha, context.headConfig),
    ...baseFiles!.problems,
    ...headFiles!.problems,
  ];
  const base = { files: baseFiles!.files, config: parseConfigFile(baseText) };
  const head = { files: headFiles!.files, config: parseConfigFile(headText) };
  // The parsing, whose cost the pull request's text decides, in a worker thread under the base's budget.
  await parseWithinBudget(jobsToParse(base, head, memory.parses), memory.parses, config.limits.judgeSeconds, memory.budget);
  const change = observeFlows(addReadFindings(await judgeSnapshots(base, head, memory.parses), problems), flowsPath, baseTaken.flows);
  const texts = { base: textsOf(baseFiles!.files, baseText), head: textsOf(headFiles!.files, "unreadable" in context.headConfig ? null : context.headConfig.text) };
  return { change, config, context, changed: changedPaths(baseFiles!.files, headFiles!.files, baseText, headText), texts };
}

/**
 * The judged change of a pull request, published nowhere (for `/netpol explain`, `tree`, `diff`): the same
 * reads as a judgement, served from the caches when the head was judged before. Throws what it cannot read.
 */
export async function judgeChangeOnly(pull: PullRequestInfo, github: GitHubPort, memory: AppMemory): Promise<JudgedChange> {
  return (await readChange(pull, github, memory, { step: "" }, { reviewsOf: null })).change;
}

/** The base branch's config of a pull request (from the cache when its head was judged before). */
export async function readBaseConfig(pull: PullRequestInfo, github: GitHubPort): Promise<NetpolGuardConfig> {
  const context = await github.readContext({ baseSha: pull.baseSha, headSha: pull.headSha, reviewsOf: null });
  return parseConfig(configText(context.baseConfig)).config;
}

function configText(content: ConfigContent): string | null {
  return "text" in content ? content.text : null;
}

function configProblems(which: "base" | "head", sha: string, content: ConfigContent): string[] {
  if (!("unreadable" in content)) return [];
  return which === "base"
    ? [`The config file at the base commit ${sha} could not be read (${content.unreadable}); the default configuration judged this change.`]
    : [`The config file at the head commit ${sha} could not be read (${content.unreadable}).`];
}

function textsOf(files: SnapshotFile[], configText: string | null): Map<string, string | null> {
  const texts = new Map<string, string | null>(files.map((f) => [f.path, f.text]));
  texts.set(CONFIG_PATH, configText);
  return texts;
}

/** The paths whose content differs between the base and the head: watched files, and the config. */
function changedPaths(base: SnapshotFile[], head: SnapshotFile[], baseConfig: string | null, headConfig: string | null): Set<string> {
  const before = new Map(base.map((f) => [f.path, f.digest]));
  const changed = new Set<string>();
  for (const file of head) if (before.get(file.path) !== file.digest) changed.add(file.path);
  if (baseConfig !== headConfig) changed.add(CONFIG_PATH);
  return changed;
}

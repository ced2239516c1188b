import { CONFIG_PATH, createPathFilter, parseConfig, type NetpolGuardConfig } from "../config/parse-config.js";
import type { SnapshotFile } from "../model/snapshot-file.js";
import type { JudgedView, ObservedInput, ViewRequest } from "../parse-pool/judge-job.js";
import { judgeWithinBudget, prepareJudgeWorker, type BudgetHooks } from "../parse-pool/judge-within-budget.js";
import type { ChangeView, MergedOnto } from "../report/view-of-change.js";
import type { ConfigRead, RefHistory, RefReader } from "../snapshot/ref-reader.js";
import { takeFlowsFile } from "../snapshot/take-flows-file.js";
import { watchFlowsFile } from "../snapshot/watch-flows-file.js";
import { addBehindBaseFindings, addReadFindings } from "./add-read-findings.js";
import { composeOntoBase, type RefContent } from "./compose-onto-base.js";
import { observeFlows } from "./observe-flows.js";

/** The steps of reading and judging a change, named for a failure ("netpol-guard could not <step>"). */
export type ReadStep = "read the configuration" | "read the watched files" | "judge the change";

/** Where and how a judgement runs: its budget (the base config's `limits.judgeSeconds` unless given). */
export interface JudgeSettings {
  seconds?: number;
  /** Where `seconds` was set, for the message past it (default: the config's key). */
  source?: string;
  hooks?: BudgetHooks;
  /** Judgements of the same affinity (a repository) go to the worker whose caches know it. */
  affinity?: string;
  /** A directory of parse results kept between runs (the CLI's `--cache-dir`). */
  cacheDir?: string;
  /** Parse threads for a large change (the CLI). */
  parseThreads?: number;
}

export interface ReadChangeOptions {
  /** Called once the base's config is known, before the files are read (the app creates its check run there). */
  beforeFiles?: (config: NetpolGuardConfig) => Promise<void>;
  /** Told each step as it starts. */
  onStep?: (step: ReadStep) => void;
  /** What to draw from the head's model, beside the judgement. */
  views?: ViewRequest;
  /**
   * The observed flows to judge against, given the base's config (the CLI: `--flows`, or the file its
   * `observedFlows.path` names, read on its own). Absent: that file read from the base with the watched
   * files (the app), its absence an error finding.
   */
  observed?: (config: NetpolGuardConfig) => Promise<ObservedInput | undefined>;
  judge?: JudgeSettings;
  /** Work out where the change acts too (`change.scope`): the app records it for the skip after a push. */
  scope?: boolean;
}

/** A judged change, as plain data: the view the summary is rendered from, and the views asked for. */
export type JudgedChangeView = ChangeView & Omit<JudgedView, "judgement" | "config" | "affectedTree">;

export interface ReadChange {
  change: JudgedChangeView;
  /** The base's config: the one that judged. */
  config: NetpolGuardConfig;
  configs: { base: ConfigRead; head: ConfigRead };
  /** The paths whose content differs between the base and the head: watched files, and the config. */
  changed: Set<string>;
  /**
   * The paths the change touches: `changed`, and for a head behind its base every watched path (and the
   * config) the head changed since the merge base, which merging onto another tip takes from the head too.
   */
  touched: Set<string>;
  /** The text of each path at the base and at the head (null: absent or unreadable), for the review's diff. */
  texts: { base: Map<string, string | null>; head: Map<string, string | null> };
}

/**
 * The one read-and-judge flow of the app, its commands and the CLI: the config of both refs, the files the
 * base's config watches at both, then the whole judgement in a judge worker under the base's budget. The
 * base's config decides what is read and how; the head's is only validated. What could not be read (a
 * config, a tree cut short, too many files) is an error finding: the change fails closed. Throws what it
 * cannot read, and an `OverBudgetError` past the budget.
 */
export async function readChange(
  readers: { base: RefReader; head: RefReader },
  refs: { base: string; head: string },
  options: ReadChangeOptions = {},
): Promise<ReadChange> {
  // The worker that will judge starts while the files are read.
  prepareJudgeWorker(options.judge?.hooks, options.judge?.affinity, options.judge?.cacheDir);
  options.onStep?.("read the configuration");
  const [baseConfig, headConfig] = await readBoth(readers, refs, (reader, which) => reader.readConfigs(which));
  const baseText = textOf(baseConfig!);
  const config = parseConfig(baseText).config;
  await options.beforeFiles?.(config);

  const given = options.observed ? await options.observed(config) : undefined;

  options.onStep?.("read the watched files");
  // The observed-flows file rides along with the watched files unless the caller reads it; either way it
  // is kept away from the manifests (`**/*.json` matches it).
  const flowsPath = config.observedFlows.path;
  const filter = watchFlowsFile(createPathFilter(config), flowsPath, options.observed === undefined);
  const [baseRead, headRead] = await readBoth(readers, refs, (reader, which) => reader.readFiles(which, filter, config));
  const baseTaken = takeFlowsFile(baseRead!.files, flowsPath);
  const baseFiles = { ...baseRead!, files: baseTaken.files };
  const headFiles = { ...headRead!, files: takeFlowsFile(headRead!.files, flowsPath).files };
  const observed = options.observed ? given : observeFlows(flowsPath, baseTaken.flows);

  // An unreadable head config is judged as if unchanged; the finding below says it was not read.
  const asRead: RefContent = { files: headFiles.files, configText: "unreadable" in headConfig! ? baseText : headConfig!.text };
  const merge = readers.base === readers.head && readers.head.history ? await mergeOntoBase(readers.head.history, refs, { files: baseFiles.files, configText: baseText }, asRead) : null;
  const head = merge?.head ?? asRead;
  const headText = head.configText;

  options.onStep?.("judge the change");
  const problems = [
    ...configProblems("base", refs.base, baseConfig!),
    ...configProblems("head", refs.head, headConfig!),
    ...baseFiles.problems,
    ...headFiles.problems,
    ...(merge?.problems ?? []),
  ];
  const settings = options.judge ?? {};
  const view = await judgeWithinBudget(
    {
      base: { files: baseFiles.files, configText: baseText },
      head: { files: head.files, configText: headText },
      views: options.views ?? {},
      observed,
      parseThreads: settings.parseThreads,
      cacheDir: settings.cacheDir,
      scope: options.scope,
    },
    settings.seconds ?? config.limits.judgeSeconds,
    settings.hooks,
    settings.affinity,
    settings.source,
  );
  // What was not read fails the change, after the observed flows (which only ever add findings) were applied.
  const read = addReadFindings({ ...view, judgement: view.judgement! }, problems);
  const merged = merge?.onto ? { ...addBehindBaseFindings(read, merge.bothChanged, merge.onto), merged: merge.onto } : read;
  // Where the change acts is known only for what was read, and judged as merged: otherwise anywhere.
  const unbounded = problems.length > 0 ? "not everything was read" : (merge?.bothChanged.length ?? 0) > 0 ? "a file changed on both sides" : null;
  const change = unbounded === null ? merged : { ...merged, scope: { kind: "everywhere" as const, reason: unbounded } };
  const changed = changedPaths(baseFiles.files, head.files, baseText, headText);
  return {
    change,
    config,
    configs: { base: baseConfig!, head: headConfig! },
    changed,
    touched: merge?.own ? new Set([...changed, ...merge.own]) : changed,
    texts: { base: textsOf(baseFiles.files, baseText), head: textsOf(head.files, merge?.onto ? headText : textOf(headConfig!)) },
  };
}

/**
 * The head as merging it onto the base gives, when it is behind the base: its own changes since the merge
 * base composed onto the base's tip. What cannot be told (no common history, a listing cut short) is a
 * problem: the change fails closed.
 */
async function mergeOntoBase(
  history: RefHistory,
  refs: { base: string; head: string },
  base: RefContent,
  head: RefContent,
): Promise<{ head: RefContent; problems: string[]; bothChanged: string[]; onto: MergedOnto | null; own?: string[] }> {
  const ancestry = await history.ancestry(refs.base, refs.head);
  if (!ancestry.behind) return { head, problems: [], bothChanged: [], onto: null };
  const unjudged = (why: string): { head: RefContent; problems: string[]; bothChanged: string[]; onto: null } => ({
    head,
    problems: [`The head ${refs.head} is behind the base ${refs.base}, and ${why}: what merging it gives could not be judged. Update the branch (merge the base into it, or rebase it).`],
    bothChanged: [],
    onto: null,
  });
  if (ancestry.mergeBase === null) return unjudged("they share no history");
  const onto = { base: refs.base, mergeBase: ancestry.mergeBase };
  const [atMergeBase, atBase, atHead] = await Promise.all([onto.mergeBase, refs.base, refs.head].map((ref) => history.listBlobs(ref)));
  if (!atMergeBase || !atBase || !atHead) return unjudged("a listing of their trees was cut short");
  const composed = composeOntoBase(base, head, { mergeBase: atMergeBase, base: atBase, head: atHead });
  const watched = new Set([...base.files.map((f) => f.path), ...head.files.map((f) => f.path), CONFIG_PATH]);
  const own = [...watched].filter((path) => atHead.get(path) !== atMergeBase.get(path));
  return { head: composed, problems: [], bothChanged: composed.bothChanged, onto, own };
}

/** Both refs: in one call when one reader reads both (so that it can share the work), else one each. */
async function readBoth<T>(readers: { base: RefReader; head: RefReader }, refs: { base: string; head: string }, read: (reader: RefReader, which: string[]) => Promise<T[]>): Promise<T[]> {
  if (readers.base === readers.head) return read(readers.base, [refs.base, refs.head]);
  const [base] = await read(readers.base, [refs.base]);
  const [head] = await read(readers.head, [refs.head]);
  return [base!, head!];
}

function textOf(content: ConfigRead): string | null {
  return "text" in content ? content.text : null;
}

function configProblems(which: "base" | "head", ref: string, content: ConfigRead): string[] {
  if (!("unreadable" in content)) return [];
  return which === "base"
    ? [`The config file at the base commit ${ref} could not be read (${content.unreadable}); the default configuration judged this change.`]
    : [`The config file at the head commit ${ref} could not be read (${content.unreadable}).`];
}

function textsOf(files: SnapshotFile[], configText: string | null): Map<string, string | null> {
  const texts = new Map<string, string | null>(files.map((f) => [f.path, f.text]));
  texts.set(CONFIG_PATH, configText);
  return texts;
}

function changedPaths(base: SnapshotFile[], head: SnapshotFile[], baseConfig: string | null, headConfig: string | null): Set<string> {
  const before = new Map(base.map((f) => [f.path, f.digest]));
  const changed = new Set<string>();
  for (const file of head) if (before.get(file.path) !== file.digest) changed.add(file.path);
  if (baseConfig !== headConfig) changed.add(CONFIG_PATH);
  return changed;
}

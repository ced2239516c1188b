import type { NetpolGuardConfig } from "../config/parse-config.js";
import type { Judgement } from "../engine/judge-change.js";
import type { SnapshotInput } from "../engine/judge-snapshots.js";
import type { DrawnViews, ViewRequest } from "../report/draw-views.js";

export type { ViewRequest } from "../report/draw-views.js";

/** One judgement asked of a judge worker. */
export interface JudgeJob {
  /** The base of the change; null to judge `head` alone under its own config (the CLI's one-ref commands). */
  base: SnapshotInput | null;
  head: SnapshotInput;
  views: ViewRequest;
  /** Parse worker threads to spread a large parse over (the CLI); 0 or absent: parse in the judge worker. */
  parseThreads?: number;
}

/**
 * What a judgement returns, all of it structured-clone-able: the engine's judgement of the change (null
 * for one ref judged alone), the base's config, the affected part of the hierarchy as the summary draws it,
 * and the views asked for, drawn from the head's model in the worker (the models are large object graphs:
 * they stay there).
 */
export interface JudgedView extends DrawnViews {
  judgement: Judgement | null;
  config: NetpolGuardConfig;
  /** The affected part of the hierarchy at the head, drawn as text (null: nothing affected). */
  affectedTree: string | null;
  /** Where the time went, for `check --timings` and the benchmark. */
  stats: JudgeStats;
}

export interface JudgeStats {
  /** Parse worker threads started, and the files they parsed. */
  threads: number;
  filesInThreads: number;
  /** Files parsed in the judge worker itself. */
  filesInWorker: number;
  parseMs: number;
  /** Modelling, reachability, rules, diff and views. */
  judgeMs: number;
}

/** What a judge worker says while it works, and at the end. */
export type JudgeMessage =
  /** The files it is about to parse, in order: each `parsed` answer names one by its index here. */
  | { kind: "files"; files: { path: string; bytes: number }[] }
  | { kind: "parsed"; index: number; ms: number }
  /** A stage that has no file to name: parsing in several threads, or modelling and judging. */
  | { kind: "stage"; stage: "parallel-parse" | "model"; threads?: number }
  | { kind: "done"; view: JudgedView }
  /** The engine threw (a bug): the caller fails the judgement, never passes it. */
  | { kind: "error"; message: string };

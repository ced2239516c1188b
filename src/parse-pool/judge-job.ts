import type { Judgement } from "../engine/judge-change.js";
import type { ChangeScope } from "../model/change-scope.js";
import type { FlowSummaryRead } from "../flows/read-flow-summary.js";
import type { SnapshotFile } from "../model/snapshot-file.js";
import type { ChangeView } from "../report/view-of-change.js";
import type { DrawnViews, ViewRequest } from "../report/draw-views.js";

export type { ViewRequest } from "../report/draw-views.js";

/** One ref of a job: its watched files and its config file's text (parsed in the worker). */
export interface JobSnapshot {
  files: SnapshotFile[];
  configText: string | null;
}

/** Observed flows to judge against, as read (see add-observed-flows.ts): `file` names them in findings. */
export interface ObservedInput {
  file: string;
  read: FlowSummaryRead;
}

/** One judgement asked of a judge worker. */
export interface JudgeJob {
  /** The base of the change; null to judge `head` alone under its own config (the CLI's one-ref commands). */
  base: JobSnapshot | null;
  head: JobSnapshot;
  views: ViewRequest;
  /**
   * The observed flows: for a change, applied to its judgement (findings, the observed section); for both,
   * drawn with `explain`. Absent: none.
   */
  observed?: ObservedInput;
  /**
   * A directory where parse results are also kept between processes (the CLI's `check --cache-dir`): the
   * judgement parses only what it has never seen, and what it parses is written there before it answers.
   */
  cacheDir?: string;
  /** Parse worker threads to spread a large parse over (the CLI); 0 or absent: parse in the judge worker. */
  parseThreads?: number;
  /** Work out where the change acts (`JudgedView.scope`), for the skip when its base moves (the app). */
  scope?: boolean;
}

/**
 * What a judgement returns, all of it structured-clone-able: the engine's judgement of the change (null
 * for one ref judged alone), the base's config, the affected part of the hierarchy as the summary draws it,
 * and the views asked for, drawn from the head's model in the worker (the models are large object graphs:
 * they stay there).
 */
export interface JudgedView extends DrawnViews, Omit<ChangeView, "judgement"> {
  judgement: Judgement | null;
  /** Where the change acts, for the skip when its base moves (src/engine/change-scope.ts), when the job asked. */
  scope?: ChangeScope;
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

/**
 * Sent to a judge worker as it starts, before its job: read the parse results kept in `cacheDir` (the CLI's
 * `--cache-dir`) while the job's files are still being read from git.
 */
export interface PreloadRequest {
  preload: { cacheDir: string };
}

/** What a judge worker says while it works, and at the end. */
export type JudgeMessage =
  /**
   * The files it is about to parse, in order, and where it says how far it got without a message per file
   * (a message each cost more than parsing the file, at thousands of files): see `ParseProgress`.
   */
  | { kind: "files"; files: { path: string; bytes: number }[]; progress: SharedArrayBuffer }
  /** A stage that has no file to name: parsing in several threads, or modelling and judging. */
  | { kind: "stage"; stage: "parallel-parse" | "model"; threads?: number }
  | { kind: "done"; view: JudgedView }
  /** The engine threw (a bug): the caller fails the judgement, never passes it. */
  | { kind: "error"; message: string };

/**
 * How far a judge worker got in parsing its files, in memory shared with the thread that holds its budget:
 * the number of files parsed (an `Int32` at the start, written last, with `Atomics`), then what each cost
 * in milliseconds (a `Float64` per file, in the order of the `files` message). Read when the budget stops
 * the worker: the first file not counted is the one it was parsing.
 */
export class ParseProgress {
  private readonly count: Int32Array;
  private readonly costs: Float64Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.count = new Int32Array(buffer, 0, 1);
    this.costs = new Float64Array(buffer, 8, (buffer.byteLength - 8) / 8);
  }

  static create(files: number): ParseProgress {
    return new ParseProgress(new SharedArrayBuffer(8 + 8 * files));
  }

  /** The worker: file `index` is parsed, in `ms`. */
  parsed(index: number, ms: number): void {
    this.costs[index] = ms;
    Atomics.store(this.count, 0, index + 1);
  }

  /** The files parsed so far, and what each cost. */
  read(): { count: number; costs: number[] } {
    const count = Atomics.load(this.count, 0);
    return { count, costs: Array.from(this.costs.subarray(0, count)) };
  }

  /**
   * Tests: as if the worker had parsed only the first `count` files, and in no time, as a test's clock
   * sees a stand-in that parses in the test's own thread.
   */
  rewind(count: number): void {
    this.costs.fill(0);
    Atomics.store(this.count, 0, count);
  }
}

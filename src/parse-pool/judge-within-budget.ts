import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { BudgetReason, BudgetStop, FileCost } from "../model/budget-stop.js";
import { formatBytes } from "../report/format-bytes.js";
import { formatSeconds } from "../report/format-seconds.js";
export type { BudgetReason, FileCost } from "../model/budget-stop.js";
import { ParseProgress, type JudgedView, type JudgeJob, type JudgeMessage, type PreloadRequest } from "./judge-job.js";
import { TextStore } from "./text-store.js";

/** Heap a judge worker may use (`resourceLimits.maxOldGenerationSizeMb`): its caches and one judgement. */
export const JUDGE_WORKER_MEMORY_MB = 1024;

/**
 * Where the worker was when it was stopped: parsing one file (`current` names it), parsing in several
 * threads at once (no single file to name), modelling and judging the parsed change, or not started yet.
 */
export type BudgetStage = "parse" | "parallel-parse" | "model" | "start";

/** A judgement stopped by its budget: the check fails saying which file cost what. */
export class OverBudgetError extends Error implements BudgetStop {
  constructor(
    readonly reason: BudgetReason,
    /** The file being parsed when the worker was stopped (null: not parsing one file). */
    readonly current: FileCost | null,
    /** The files parsed, costliest first. */
    readonly parsed: FileCost[],
    readonly seconds: number,
    readonly stage: BudgetStage = current ? "parse" : "start",
    /** How long the stage had run when the worker was stopped. */
    readonly stageMs = 0,
    /** Where the budget was set, for the message. */
    readonly source = "limits.judgeSeconds",
  ) {
    super(describeStop(reason, current, seconds, stage, stageMs, parsed, source));
    this.name = "OverBudgetError";
  }
}

/** What the budget needs of a worker thread (judge-worker.ts says what it does as it goes). */
export interface JudgeWorker {
  postMessage(job: JudgeJob | PreloadRequest): void;
  on(event: "message", listener: (message: JudgeMessage) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "exit", listener: (code: number) => void): unknown;
  off(event: "message", listener: (message: JudgeMessage) => void): unknown;
  off(event: "error", listener: (error: Error) => void): unknown;
  off(event: "exit", listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
  /** Whether an idle worker keeps the process alive (real workers only). */
  ref?(): void;
  unref?(): void;
}

/** What a test replaces: the worker, the clock and the timer (a budget is never waited out in a test). */
export interface BudgetHooks {
  spawn?: (memoryMb: number) => JudgeWorker;
  now?: () => number;
  /** Calls `fire` after `ms`; returns what cancels it. */
  setTimer?: (ms: number, fire: () => void) => () => void;
}

const COMPILED = new URL("./judge-worker.js", import.meta.url);
const SOURCE = new URL("./judge-worker.ts", import.meta.url);
/**
 * Workers at most, busy or idle: one per core (at least two). Judgements beyond wait for one, their budget
 * not started, so that a burst of deliveries cannot start a heap of `JUDGE_WORKER_MEMORY_MB` per delivery.
 * Idle workers are kept with their caches for the next judgements: a worker's cache is what makes the next
 * push of a pull request cheap, so a judgement goes to the worker that last judged the same `affinity`
 * (the repository) when it is idle.
 */
const MAX_WORKERS = Math.max(2, availableParallelism());

/** The workers of one spawn function: the real pool, or a test's. */
class WorkerPool {
  private readonly idle: JudgeWorker[] = [];
  private readonly lastAffinity = new WeakMap<JudgeWorker, string>();
  private readonly idleListeners = new WeakMap<JudgeWorker, () => void>();
  private readonly waiting: ((worker: JudgeWorker) => void)[] = [];
  /** What each worker holds of the file texts (see text-store.ts). */
  private readonly texts = new WeakMap<JudgeWorker, TextStore>();
  private started = 0;

  constructor(private readonly spawn: (memoryMb: number) => JudgeWorker) {}

  /** An idle worker (the one that last judged `affinity` first), a new one under the bound, else the next released. */
  acquire(affinity: string): Promise<JudgeWorker> {
    if (this.idle.length > 0) {
      const index = Math.max(0, this.idle.findIndex((w) => this.lastAffinity.get(w) === affinity));
      const [worker] = this.idle.splice(index, 1) as [JudgeWorker];
      const forget = this.idleListeners.get(worker);
      if (forget) {
        worker.off("error", forget);
        worker.off("exit", forget);
      }
      return Promise.resolve(worker);
    }
    if (this.started < MAX_WORKERS) {
      this.started++;
      return Promise.resolve(this.spawn(JUDGE_WORKER_MEMORY_MB));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /**
   * Starts a worker ahead of a judgement when none is idle (and the bound allows), so that it loads its
   * modules and its parser while the caller reads the files: `acquire` then finds it idle.
   */
  prepare(affinity: string, cacheDir?: string): void {
    if (this.idle.length > 0 || this.waiting.length > 0 || this.started >= MAX_WORKERS) return;
    this.started++;
    const worker = this.spawn(JUDGE_WORKER_MEMORY_MB);
    if (cacheDir !== undefined) worker.postMessage({ preload: { cacheDir } });
    this.release(worker, true, affinity);
  }

  /** The file texts a worker holds, as its own store has them. */
  textsOf(worker: JudgeWorker): TextStore {
    let store = this.texts.get(worker);
    if (!store) this.texts.set(worker, (store = new TextStore()));
    return store;
  }

  /** Gives a worker back after a judgement within budget (`healthy`), or terminates and replaces it. */
  release(worker: JudgeWorker, healthy: boolean, affinity: string): void {
    if (!healthy) {
      this.texts.delete(worker);
      void worker.terminate();
      this.started--;
      const next = this.waiting.shift();
      if (next) {
        this.started++;
        next(this.spawn(JUDGE_WORKER_MEMORY_MB));
      }
      return;
    }
    this.lastAffinity.set(worker, affinity);
    const next = this.waiting.shift();
    if (next) return next(worker);
    worker.unref?.();
    this.idle.push(worker);
    // An idle worker that dies leaves the pool (and an 'error' with no listener would throw in this thread).
    const forget = (): void => {
      worker.off("error", forget);
      worker.off("exit", forget);
      const index = this.idle.indexOf(worker);
      if (index < 0) return;
      this.idle.splice(index, 1);
      this.started--;
    };
    worker.on("error", forget);
    worker.on("exit", forget);
    this.idleListeners.set(worker, forget);
  }
}

const pools = new WeakMap<object, WorkerPool>();
const realPool = new WorkerPool(spawnJudgeWorker);

/** The pool of a spawn function: a test's workers are pooled (and kept) as the real ones are. */
function poolOf(spawn: BudgetHooks["spawn"]): WorkerPool {
  if (!spawn) return realPool;
  let pool = pools.get(spawn);
  if (!pool) pools.set(spawn, (pool = new WorkerPool(spawn)));
  return pool;
}

/** The compiled worker; from sources (development, tests), the TypeScript one, compiled by tsx in the worker. */
export function spawnJudgeWorker(memoryMb: number): JudgeWorker {
  const resourceLimits = { maxOldGenerationSizeMb: memoryMb };
  if (existsSync(fileURLToPath(COMPILED)) || !existsSync(fileURLToPath(SOURCE))) return new Worker(COMPILED, { resourceLimits });
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(SOURCE.href)}); });`;
  return new Worker(boot, { eval: true, resourceLimits });
}

function startTimer(ms: number, fire: () => void): () => void {
  const timer = setTimeout(fire, ms);
  return () => clearTimeout(timer);
}

/**
 * Starts a judge worker now, if none is idle, for a judgement about to come: a new worker takes a while to
 * load its modules and the Terraform grammar (about as long as reading a large repository), and this lets
 * it do so while the files are read; the judgement of the same `affinity` then finds it idle. With
 * `cacheDir` (the CLI's `--cache-dir`), the new worker also reads and decodes the parse results kept there
 * meanwhile.
 */
export function prepareJudgeWorker(hooks: BudgetHooks = {}, affinity = "", cacheDir?: string): void {
  poolOf(hooks.spawn).prepare(affinity, cacheDir);
}

/**
 * Judges `job` in a judge worker, within `seconds` and `JUDGE_WORKER_MEMORY_MB`: the whole judgement, whose
 * cost the text of a pull request decides (a YAML or HCL file crafted to be slow to parse, thousands of
 * namespaces and policies slow to model), kept off the thread that answers webhooks. Past the time budget,
 * or out of memory, the worker is terminated (the next judgement gets a new one) and this rejects with an
 * `OverBudgetError` that says what the worker was doing (which file it was parsing, or that it was
 * modelling) and what each file parsed cost. `affinity` (the repository) sends the judgement to the worker
 * whose caches know it. `source`: where the budget was set (`limits.judgeSeconds`, or the CLI's option).
 */
export async function judgeWithinBudget(job: JudgeJob, seconds: number, hooks: BudgetHooks = {}, affinity = "", source?: string): Promise<JudgedView> {
  const now = hooks.now ?? (() => performance.now());
  const pool = poolOf(hooks.spawn);
  const worker = await pool.acquire(affinity);
  worker.ref?.();
  let files: { path: string; bytes: number }[] = [];
  let progress: ParseProgress | null = null;
  let stage: BudgetStage = "start";
  let stageAt = now();
  return new Promise<JudgedView>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: { view: JudgedView } | { error: Error }, healthy: boolean): void => {
      if (settled) return;
      settled = true;
      cancel();
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      pool.release(worker, healthy, affinity);
      if ("view" in outcome) resolve(outcome.view);
      else reject(outcome.error);
    };
    const stop = (reason: BudgetReason): void => {
      const { count, costs } = progress?.read() ?? { count: 0, costs: [] };
      const parsed: FileCost[] = costs.map((ms, i) => ({ ...files[i]!, ms }));
      // The worker parses in order: in the parse stage, the first file not counted is the one it was parsing,
      // since the others ended.
      const file = stage === "parse" ? files[count] : undefined;
      const ms = stage === "parse" ? Math.max(0, now() - stageAt - costs.reduce((sum, cost) => sum + cost, 0)) : now() - stageAt;
      const current = file ? { ...file, ms } : null;
      const costliest = [...parsed].sort((a, b) => b.ms - a.ms);
      settle({ error: new OverBudgetError(reason, current, costliest, seconds, current ? "parse" : stage === "parse" ? "model" : stage, ms, source) }, false);
    };
    const onMessage = (message: JudgeMessage): void => {
      if (settled) return;
      switch (message.kind) {
        case "files":
          files = message.files;
          progress = new ParseProgress(message.progress);
          stage = "parse";
          stageAt = now();
          return;
        case "stage":
          stage = message.stage;
          stageAt = now();
          return;
        case "done":
          return settle({ view: message.view }, true);
        case "error":
          // A bug in the engine: the worker itself is sound, the judgement failed (closed).
          return settle({ error: new Error(`the engine failed: ${message.message.split("\n")[0]}`) }, true);
      }
    };
    const onError = (error: Error): void => stop((error as { code?: unknown }).code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "crash");
    const onExit = (): void => stop("crash");
    const cancel = (hooks.setTimer ?? startTimer)(seconds * 1000, () => stop("time"));
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage(pool.textsOf(worker).pack(job));
  });
}

function describeStop(reason: BudgetReason, current: FileCost | null, seconds: number, stage: BudgetStage, stageMs: number, parsed: FileCost[], source: string): string {
  const after = parsed.length > 0 ? `, after parsing ${parsed.length} file${parsed.length === 1 ? "" : "s"} in ${formatSeconds(parsed.reduce((sum, f) => sum + f.ms, 0))}` : "";
  const at = current
    ? ` while parsing ${current.path} (${formatBytes(current.bytes)}, ${formatSeconds(current.ms)} so far)`
    : stage === "model"
      ? ` while modelling the namespaces and policies and computing what they allow (${formatSeconds(stageMs)} so far${after})`
      : stage === "parallel-parse"
        ? ` while parsing the files in several threads (${formatSeconds(stageMs)} so far)`
        : "";
  if (reason === "time") return `judging took more than its budget of ${seconds} s (${source}) and was stopped${at}`;
  if (reason === "memory") return `judging needed more than ${JUDGE_WORKER_MEMORY_MB} MiB of memory and was stopped${at}`;
  return `the worker judging this change stopped unexpectedly${at}`;
}

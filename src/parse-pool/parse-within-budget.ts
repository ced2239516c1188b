import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ParseCache, ParseJob, ParseResult } from "../engine/parse-files.js";
import { decodeTerraformFileResult } from "./terraform-wire.js";
import type { BudgetReason, BudgetStop, FileCost } from "../model/budget-stop.js";
import { formatBytes } from "../report/format-bytes.js";
import { formatSeconds } from "../report/format-seconds.js";

/** Heap a judgement's parse worker may use (`resourceLimits.maxOldGenerationSizeMb`): files are at most 1 MiB each. */
export const JUDGE_WORKER_MEMORY_MB = 1024;

/** A judgement stopped by its budget: the check fails saying which file cost what. */
export class OverBudgetError extends Error implements BudgetStop {
  constructor(
    readonly reason: BudgetReason,
    /** The file being parsed when the worker was stopped (null: between files, or before the first). */
    readonly current: FileCost | null,
    /** The files parsed, costliest first. */
    readonly parsed: FileCost[],
    readonly seconds: number,
  ) {
    super(describeStop(reason, current, seconds));
    this.name = "OverBudgetError";
  }
}

/** What the budget needs of a worker thread (judge-worker.ts answers each file as it is parsed). */
export interface JudgeWorker {
  postMessage(jobs: ParseJob[]): void;
  on(event: "message", listener: (answer: WorkerAnswer) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "exit", listener: (code: number) => void): unknown;
  off(event: "message", listener: (answer: WorkerAnswer) => void): unknown;
  off(event: "error", listener: (error: Error) => void): unknown;
  off(event: "exit", listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
  /** Whether an idle worker keeps the process alive (real workers only). */
  ref?(): void;
  unref?(): void;
}

interface WorkerAnswer {
  index: number;
  ms: number;
  result: ParseResult | string;
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
 * Idle workers are kept for the next judgements: starting one (loading the parsers) costs more than parsing
 * a small change.
 */
const MAX_WORKERS = Math.max(2, availableParallelism());
const idle: JudgeWorker[] = [];
let started = 0;
const waiting: ((worker: JudgeWorker) => void)[] = [];

const idleListeners = new WeakMap<JudgeWorker, () => void>();

/** An idle worker, a new one while there are fewer than `MAX_WORKERS`, else the next one released. */
function acquireWorker(): Promise<JudgeWorker> {
  const worker = idle.pop();
  if (worker) {
    const forget = idleListeners.get(worker);
    if (forget) {
      worker.off("error", forget);
      worker.off("exit", forget);
    }
    return Promise.resolve(worker);
  }
  if (started < MAX_WORKERS) {
    started++;
    return Promise.resolve(spawnWorker(JUDGE_WORKER_MEMORY_MB));
  }
  return new Promise((resolve) => waiting.push(resolve));
}

/** Gives a worker back after a judgement within budget (`healthy`), or after terminating it. */
function releaseWorker(worker: JudgeWorker, healthy: boolean): void {
  if (!healthy) {
    void worker.terminate();
    started--;
    const next = waiting.shift();
    if (next) {
      started++;
      next(spawnWorker(JUDGE_WORKER_MEMORY_MB));
    }
    return;
  }
  const next = waiting.shift();
  if (next) return next(worker);
  worker.unref?.();
  idle.push(worker);
  // An idle worker that dies leaves the pool (and an 'error' with no listener would throw in this thread).
  const forget = (): void => {
    worker.off("error", forget);
    worker.off("exit", forget);
    const index = idle.indexOf(worker);
    if (index < 0) return;
    idle.splice(index, 1);
    started--;
  };
  worker.on("error", forget);
  worker.on("exit", forget);
  idleListeners.set(worker, forget);
}

/** The compiled worker; from sources (development, tests), the TypeScript one, compiled by tsx in the worker. */
function spawnWorker(memoryMb: number): JudgeWorker {
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
 * Parses `jobs` into `cache` in a worker thread, within `seconds` and `JUDGE_WORKER_MEMORY_MB`: the part of a
 * judgement whose cost the text of a pull request decides (a YAML or HCL file crafted to be slow), kept off
 * the thread that answers webhooks. Past the time budget, or out of memory, the worker is terminated and
 * this rejects with an `OverBudgetError` that says which file was being parsed and what the others cost.
 * Resolves at once when there is nothing to parse.
 */
export async function parseWithinBudget(jobs: ParseJob[], cache: ParseCache, seconds: number, hooks: BudgetHooks = {}): Promise<void> {
  if (jobs.length === 0) return;
  const now = hooks.now ?? (() => performance.now());
  // An injected worker is always fresh and terminated after; real ones are reused while they stay within
  // their budgets.
  const worker = hooks.spawn ? hooks.spawn(JUDGE_WORKER_MEMORY_MB) : await acquireWorker();
  worker.ref?.();
  const parsed: FileCost[] = [];
  let lastAnswerAt = now();
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error: OverBudgetError | null): void => {
      if (settled) return;
      settled = true;
      cancel();
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      if (hooks.spawn) void worker.terminate();
      else releaseWorker(worker, error === null);
      if (error) reject(error);
      else resolve();
    };
    const stop = (reason: BudgetReason): void => {
      // The worker parses in order: the first file without an answer is the one it was parsing.
      const job = jobs[parsed.length];
      const current = job ? { path: job.path, bytes: job.text.length, ms: now() - lastAnswerAt } : null;
      settle(new OverBudgetError(reason, current, [...parsed].sort((a, b) => b.ms - a.ms), seconds));
    };
    const onMessage = ({ index, ms, result }: WorkerAnswer): void => {
      const job = jobs[index];
      if (settled || !job) return;
      cache.put(job, typeof result === "string" ? decodeTerraformFileResult(result, job.path) : result);
      parsed.push({ path: job.path, bytes: job.text.length, ms });
      lastAnswerAt = now();
      if (parsed.length === jobs.length) settle(null);
    };
    const onError = (error: Error): void => stop((error as { code?: unknown }).code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "crash");
    const onExit = (): void => stop("crash");
    const cancel = (hooks.setTimer ?? startTimer)(seconds * 1000, () => stop("time"));
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage(jobs);
  });
}

function describeStop(reason: BudgetReason, current: FileCost | null, seconds: number): string {
  const at = current ? ` while parsing ${current.path} (${formatBytes(current.bytes)}, ${formatSeconds(current.ms)} so far)` : "";
  if (reason === "time") return `judging took more than its budget of ${seconds} s (limits.judgeSeconds) and was stopped${at}`;
  if (reason === "memory") return `judging needed more than ${JUDGE_WORKER_MEMORY_MB} MiB of memory and was stopped${at}`;
  return `the worker judging this change stopped unexpectedly${at}`;
}

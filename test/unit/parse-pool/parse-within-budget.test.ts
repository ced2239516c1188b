import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { ParseCache, type ParseJob } from "../../../src/engine/parse-files.js";
import { OverBudgetError, parseWithinBudget, type JudgeWorker } from "../../../src/parse-pool/parse-within-budget.js";

const job = (path: string, text: string, kind: ParseJob["kind"] = "manifest"): ParseJob => ({ kind, path, digest: `d-${path}`, text });
const NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: service-1\n";
const MODULE = 'module "service-1" {\n  source = "microservice-service-kit/v1.0.0.tar.gz"\n  service_name = "service-1"\n}\n';

/** A worker that answers the first `answers` files (each "taking" 1.5 s), then goes quiet, as a slow parse does. */
class StandInWorker extends EventEmitter implements JudgeWorker {
  terminated = false;
  constructor(private readonly answers: number) {
    super();
  }
  postMessage(jobs: ParseJob[]): void {
    queueMicrotask(() => {
      for (const [index, j] of jobs.slice(0, this.answers).entries()) {
        this.emit("message", { index, ms: 1500, result: { path: j.path, policies: [], namespaces: [], problems: [], objects: [] } });
      }
    });
  }
  terminate(): Promise<number> {
    this.terminated = true;
    return Promise.resolve(1);
  }
}

/** A timer fired by the test, and a clock it moves. */
function controls(): { hooks: { now: () => number; setTimer: (ms: number, fire: () => void) => () => void }; fire: () => void; advance: (ms: number) => void; budgetMs: () => number } {
  let time = 0;
  let fire: (() => void) | null = null;
  let budget = -1;
  return {
    hooks: {
      now: () => time,
      setTimer: (ms, f) => {
        budget = ms;
        fire = f;
        return () => (fire = null);
      },
    },
    fire: () => fire?.(),
    advance: (ms) => (time += ms),
    budgetMs: () => budget,
  };
}

describe("parseWithinBudget", () => {
  it("parses in a real worker thread into the cache", async () => {
    const cache = new ParseCache();
    const jobs = [job("k/ns.yaml", NAMESPACE), job("t/main.tf", MODULE, "terraform")];
    await parseWithinBudget(jobs, cache, 60);
    expect(jobs.map((j) => cache.has(j))).toEqual([true, true]);
    expect(cache.manifest("k/ns.yaml", "d-k/ns.yaml", () => { throw new Error("not cached"); }).namespaces.map((n) => n.name)).toEqual(["service-1"]);
  });

  it("over its time budget: terminates the worker and names the file being parsed, and what the others cost", async () => {
    const worker = new StandInWorker(1);
    const clock = controls();
    const cache = new ParseCache();
    const jobs = [job("a.yaml", NAMESPACE), job("slow.yaml", "x".repeat(2048)), job("never.yaml", NAMESPACE)];
    const running = parseWithinBudget(jobs, cache, 7, { ...clock.hooks, spawn: () => worker });
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    clock.advance(6_500);
    clock.fire();
    const error = await running.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(OverBudgetError);
    const stopped = error as OverBudgetError;
    expect(clock.budgetMs()).toBe(7_000);
    expect(stopped.reason).toBe("time");
    expect(stopped.current).toEqual({ path: "slow.yaml", bytes: 2048, ms: 6_500 });
    expect(stopped.parsed).toEqual([{ path: "a.yaml", bytes: NAMESPACE.length, ms: 1500 }]);
    expect(stopped.message).toBe("judging took more than its budget of 7 s (limits.judgeSeconds) and was stopped while parsing slow.yaml (2 KiB, 6.5 s so far)");
    expect(worker.terminated).toBe(true);
    // What was parsed before the stop is kept; nothing else is.
    expect(jobs.map((j) => cache.has(j))).toEqual([true, false, false]);
  });

  it("out of memory: says so, naming the file", async () => {
    const worker = new StandInWorker(0);
    const running = parseWithinBudget([job("huge.yaml", NAMESPACE)], new ParseCache(), 60, { ...controls().hooks, spawn: () => worker });
    worker.emit("error", Object.assign(new Error("Worker terminated due to reaching memory limit: JS heap out of memory"), { code: "ERR_WORKER_OUT_OF_MEMORY" }));
    await expect(running).rejects.toMatchObject({ reason: "memory", current: { path: "huge.yaml" } });
  });

  it("a worker that exits mid-way is a failure, never a pass", async () => {
    const worker = new StandInWorker(0);
    const running = parseWithinBudget([job("a.yaml", NAMESPACE)], new ParseCache(), 60, { ...controls().hooks, spawn: () => worker });
    worker.emit("exit", 1);
    await expect(running).rejects.toMatchObject({ reason: "crash" });
  });

  it("starts no worker when there is nothing to parse", async () => {
    let spawned = 0;
    await parseWithinBudget([], new ParseCache(), 60, { spawn: () => (spawned++, new StandInWorker(0)) });
    expect(spawned).toBe(0);
  });
});

import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SnapshotFile } from "../../../src/model/snapshot-file.js";
import type { JudgeJob } from "../../../src/parse-pool/judge-job.js";
import { judgeWithinBudget, OverBudgetError, prepareJudgeWorker, type JudgeWorker } from "../../../src/parse-pool/judge-within-budget.js";
import { InThreadJudgeWorker } from "../../helpers/in-thread-judge-worker.js";

const file = (path: string, text: string, kind: SnapshotFile["kind"] = "kubernetes"): SnapshotFile => ({ path, kind, text, digest: `d-${path}-${text.length}` });
const NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: service-1\n";
const MODULE = 'module "service-1" {\n  source = "microservice-service-kit/v1.0.0.tar.gz"\n  service_name = "service-1"\n}\n';
const job = (files: SnapshotFile[], views: JudgeJob["views"] = {}): JudgeJob => ({ base: { files: [], configText: null }, head: { files, configText: null }, views });

/** A worker that never answers (a judgement stuck somewhere), and says whether it was stopped. */
class SilentWorker extends EventEmitter implements JudgeWorker {
  terminated = false;
  postMessage(): void {}
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

describe("judgeWithinBudget", () => {
  it("judges in a real worker thread, answers plain data and the views asked for, and keeps its caches for the next judgement", async () => {
    const files = [file("k/ns.yaml", NAMESPACE), file("t/main.tf", MODULE, "terraform")];
    const first = await judgeWithinBudget(job(files, { tree: null, explain: "service-1" }), 60, {}, "unit-test");
    expect(first.judgement!.conclusion).toBeDefined();
    expect(first.tree!.text).toContain("service-1");
    expect(first.explain).toContain("service-1");
    expect(first.stats.filesInWorker).toBe(2);
    // The same worker (same affinity, idle), its caches warm: nothing is parsed again.
    const again = await judgeWithinBudget(job(files), 60, {}, "unit-test");
    expect(again.judgement).toEqual(first.judgement);
    expect(again.stats.filesInWorker).toBe(0);
  }, 60_000);

  it("over its time budget while parsing: stops the worker and names the file being parsed, and what the others cost", async () => {
    const worker = new InThreadJudgeWorker({ stuckOn: "slow.yaml" });
    const clock = controls();
    const quiet = new Promise<void>((resolve) => (worker.wentQuiet = resolve));
    const running = judgeWithinBudget(job([file("a.yaml", NAMESPACE), file("slow.yaml", "x".repeat(2048)), file("z.yaml", NAMESPACE)]), 7, { ...clock.hooks, spawn: () => worker });
    await quiet;
    clock.advance(6_500);
    clock.fire();
    const error = await running.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(OverBudgetError);
    const stopped = error as OverBudgetError;
    expect(clock.budgetMs()).toBe(7_000);
    expect(stopped.reason).toBe("time");
    expect(stopped.stage).toBe("parse");
    expect(stopped.current).toEqual({ path: "slow.yaml", bytes: 2048, ms: 6_500 });
    expect(stopped.parsed.map((f) => f.path)).toEqual(["a.yaml"]);
    expect(stopped.message).toBe("judging took more than its budget of 7 s (limits.judgeSeconds) and was stopped while parsing slow.yaml (2 KiB, 6.5 s so far)");
    expect(worker.terminated).toBe(true);
  });

  it("over its time budget while modelling: says so, with what the parsing cost", async () => {
    const worker = new InThreadJudgeWorker({ quiet: (message) => (message.kind === "stage" && message.stage === "model" ? "after" : null) });
    const clock = controls();
    const quiet = new Promise<void>((resolve) => (worker.wentQuiet = resolve));
    const running = judgeWithinBudget(job([file("a.yaml", NAMESPACE)]), 5, { ...clock.hooks, spawn: () => worker });
    await quiet;
    clock.advance(5_000);
    clock.fire();
    const stopped = (await running.then(() => null, (e: unknown) => e)) as OverBudgetError;
    expect(stopped.stage).toBe("model");
    expect(stopped.current).toBeNull();
    expect(stopped.parsed.map((f) => f.path)).toEqual(["a.yaml"]);
    expect(stopped.message).toMatch(/^judging took more than its budget of 5 s \(limits\.judgeSeconds\) and was stopped while modelling the namespaces and policies and computing what they allow \(5\.0 s so far, after parsing 1 file in \d+\.\d s\)$/);
  });

  it("out of memory: says so", async () => {
    const worker = new SilentWorker();
    const running = judgeWithinBudget(job([file("huge.yaml", NAMESPACE)]), 60, { ...controls().hooks, spawn: () => worker });
    await new Promise<void>((resolve) => setImmediate(resolve));
    worker.emit("error", Object.assign(new Error("Worker terminated due to reaching memory limit: JS heap out of memory"), { code: "ERR_WORKER_OUT_OF_MEMORY" }));
    await expect(running).rejects.toMatchObject({ reason: "memory" });
    expect(worker.terminated).toBe(true);
  });

  it("a worker that exits mid-way is a failure, never a pass, and the next judgement gets a new worker", async () => {
    const spawned: JudgeWorker[] = [];
    const dying = new SilentWorker();
    const spawn = (): JudgeWorker => {
      const worker = spawned.length === 0 ? dying : new InThreadJudgeWorker();
      spawned.push(worker);
      return worker;
    };
    const running = judgeWithinBudget(job([file("a.yaml", NAMESPACE)]), 60, { ...controls().hooks, spawn });
    await new Promise<void>((resolve) => setImmediate(resolve));
    dying.emit("exit", 1);
    await expect(running).rejects.toMatchObject({ reason: "crash" });
    const next = await judgeWithinBudget(job([file("a.yaml", NAMESPACE)]), 60, { ...controls().hooks, spawn });
    expect(next.judgement).not.toBeNull();
    expect(spawned).toHaveLength(2);
  });
});

describe("prepareJudgeWorker", () => {
  it("starts a worker before the judgement, which the judgement then takes; none more while one is idle", async () => {
    const spawned: InThreadJudgeWorker[] = [];
    const spawn = (): InThreadJudgeWorker => {
      const worker = new InThreadJudgeWorker();
      spawned.push(worker);
      return worker;
    };
    prepareJudgeWorker({ spawn }, "prepared");
    expect(spawned.length).toBe(1);
    expect(spawned[0]!.jobs).toEqual([]);
    prepareJudgeWorker({ spawn }, "prepared");
    expect(spawned.length).toBe(1);
    const view = await judgeWithinBudget(job([file("k/ns.yaml", NAMESPACE)]), 60, { spawn }, "prepared");
    expect(view.judgement!.conclusion).toBeDefined();
    expect(spawned.length).toBe(1);
    expect(spawned[0]!.jobs.length).toBe(1);
  });

  it("with a cache directory, tells the new worker to read it ahead, before its job", async () => {
    const spawned: InThreadJudgeWorker[] = [];
    const spawn = (): InThreadJudgeWorker => {
      const worker = new InThreadJudgeWorker();
      spawned.push(worker);
      return worker;
    };
    const work = mkdtempSync(join(tmpdir(), "netpol-guard-preload-"));
    const dir = join(work, "cache");
    try {
      prepareJudgeWorker({ spawn }, "preloading", dir);
      expect(spawned.map((w) => [w.preloads, w.jobs.length])).toEqual([[[dir], 0]]);
      const view = await judgeWithinBudget({ ...job([file("k/ns.yaml", NAMESPACE)]), cacheDir: dir }, 60, { spawn }, "preloading");
      expect(view.judgement!.conclusion).toBeDefined();
      expect(spawned.map((w) => [w.preloads, w.jobs.length])).toEqual([[[dir], 1]]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

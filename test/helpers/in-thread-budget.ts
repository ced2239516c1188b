/**
 * Budget hooks for tests of the pipeline that parse in the test's own thread: a stand-in for the judge
 * worker that parses each file as the real one does, answering as it goes; or one that never answers,
 * with a budget that runs out at once.
 */
import { EventEmitter } from "node:events";
import { ParseCache, runParseJob, type ParseJob } from "../../src/engine/parse-files.js";
import type { BudgetHooks, JudgeWorker } from "../../src/parse-pool/parse-within-budget.js";
import { loadTerraformParser } from "../../src/parsers/terraform/load-terraform-parser.js";

class InThreadWorker extends EventEmitter implements JudgeWorker {
  constructor(private readonly answers: boolean) {
    super();
  }
  postMessage(jobs: ParseJob[]): void {
    if (!this.answers) return;
    // Asynchronously, as a worker's messages arrive: the budget's listeners are set by then.
    void loadTerraformParser().then((parser) => {
      const cache = new ParseCache();
      jobs.forEach((job, index) => this.emit("message", { index, ms: 1, result: runParseJob(job, cache, parser) }));
    });
  }
  terminate(): Promise<number> {
    return Promise.resolve(0);
  }
}

/** Parses in this thread, with a budget that never runs out. */
export const IN_THREAD: BudgetHooks = { spawn: () => new InThreadWorker(true), setTimer: () => () => undefined };

/** A worker that never answers, and a budget that runs out as soon as it is set. */
export const OVER_BUDGET: BudgetHooks = {
  spawn: () => new InThreadWorker(false),
  setTimer: (_ms, fire) => {
    queueMicrotask(fire);
    return () => undefined;
  },
};

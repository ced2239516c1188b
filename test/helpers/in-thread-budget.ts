/**
 * Budget hooks for tests of the pipeline that judge in the test's own thread: a stand-in for the judge
 * worker that judges as the real one does, answering as it goes; or one that never answers, with a budget
 * that runs out at once.
 */
import type { BudgetHooks } from "../../src/parse-pool/judge-within-budget.js";
import { InThreadJudgeWorker } from "./in-thread-judge-worker.js";

/** Judges in this thread, with a budget that never runs out. */
export const IN_THREAD: BudgetHooks = { spawn: () => new InThreadJudgeWorker(), setTimer: () => () => undefined };

/** A worker that never answers, and a budget that runs out as soon as it is set. */
export const OVER_BUDGET: BudgetHooks = {
  spawn: () => new InThreadJudgeWorker({ quiet: () => "before" }),
  setTimer: (_ms, fire) => {
    queueMicrotask(fire);
    return () => undefined;
  },
};

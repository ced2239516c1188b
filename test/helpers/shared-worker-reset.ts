/**
 * The fast project runs its files without isolation: a worker imports the app's modules once and runs file
 * after file in the same module graph (README, Development). What one file leaves in the process's global
 * state must not decide another's result, so after every file this puts back what the files change:
 * nock's interceptors and its refusal of the network (the handler and fault tests refuse it; a test that
 * starts a real server on loopback needs it), the real timers, and the stand-in judge workers with their
 * caches (pooled by the module-level budget hooks, they would outlive the file that started them).
 */
import nock from "nock";
import { afterAll, vi } from "vitest";
import { InThreadJudgeWorker } from "./in-thread-judge-worker.js";

afterAll(() => {
  InThreadJudgeWorker.exitAll();
  nock.abortPendingRequests();
  nock.cleanAll();
  nock.enableNetConnect();
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

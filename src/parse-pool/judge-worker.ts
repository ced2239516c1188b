import { parentPort } from "node:worker_threads";
import { ParseCache } from "../engine/parse-files.js";
import { loadTerraformParser } from "../parsers/terraform/load-terraform-parser.js";
import { preloadDiskParseStore } from "../parse-store/open-disk-parse-store.js";
import type { JudgeJob, JudgeMessage, PreloadRequest } from "./judge-job.js";
import { runJudgeJob } from "./run-judge-job.js";
import { TextStore } from "./text-store.js";

// A judge worker (see judge-within-budget.ts): judges one job at a time, under a budget the thread that sent
// it holds, and says what it is doing as it goes. It lives as long as it stays within its budgets, and so
// does its cache: the next push of a pull request finds the base judged and the unchanged files parsed.
// The parser is loaded before the first job, so that its load is not counted in a judgement's budget.
await loadTerraformParser();
const cache = new ParseCache(20_000);
// The file texts this worker holds: the thread that sends jobs leaves them out (see text-store.ts). A job
// this store cannot complete throws here, and the worker dies: a failure, and a new worker, never a pass.
const texts = new TextStore();
const post = (message: JudgeMessage): void => parentPort!.postMessage(message);
parentPort!.on("message", (message: JudgeJob | PreloadRequest) => {
  // Before the job, while its files are read (see prepareJudgeWorker); a store that cannot be read misses.
  if ("preload" in message) return void preloadDiskParseStore(message.preload.cacheDir);
  const job = message;
  runJudgeJob(texts.unpack(job), cache, post).then(
    (view) => post({ kind: "done", view }),
    (error: unknown) => post({ kind: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});

import { parentPort } from "node:worker_threads";
import { ParseCache, runParseJob, type ParseJob } from "../engine/parse-files.js";
import { initTerraformParser } from "../parsers/terraform/parse-terraform.js";

// A parse worker: receives a batch of jobs, answers with their results in the same order.
await initTerraformParser();
parentPort!.on("message", (jobs: ParseJob[]) => {
  const cache = new ParseCache();
  parentPort!.postMessage(jobs.map((job) => runParseJob(job, cache)));
});

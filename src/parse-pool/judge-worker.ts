import { parentPort } from "node:worker_threads";
import { ParseCache, runParseJob, type ParseJob } from "../engine/parse-files.js";
import type { TerraformFileResult } from "../parsers/terraform/parse-terraform.js";
import { loadTerraformParser } from "../parsers/terraform/load-terraform-parser.js";
import { encodeTerraformFileResult } from "./terraform-wire.js";

// The worker that parses a judgement's files under its budget (see parse-within-budget.ts): it answers each
// file as soon as it is parsed, with the time it took, so that the thread that set the budget always knows
// which file is being parsed and what each one cost, even when it has to stop this worker mid-file.
const parser = await loadTerraformParser();
parentPort!.on("message", (jobs: ParseJob[]) => {
  const cache = new ParseCache();
  jobs.forEach((job, index) => {
    const started = performance.now();
    const result = runParseJob(job, cache, parser);
    const ms = performance.now() - started;
    parentPort!.postMessage({ index, ms, result: job.kind === "terraform" ? encodeTerraformFileResult(result as TerraformFileResult, job.path) : result });
  });
});

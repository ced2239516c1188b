import { parentPort } from "node:worker_threads";
import { ParseCache, runParseJob, type ParseJob } from "../engine/parse-files.js";
import type { TerraformFileResult } from "../parsers/terraform/parse-terraform.js";
import { loadTerraformParser } from "../parsers/terraform/load-terraform-parser.js";
import { encodeTerraformFileResult } from "../parsers/terraform/terraform-wire.js";

// A parse worker: receives a batch of jobs, answers with their results in the same order (Terraform results
// in their compact text form).
const parser = await loadTerraformParser();
parentPort!.on("message", (jobs: ParseJob[]) => {
  const cache = new ParseCache();
  parentPort!.postMessage(
    jobs.map((job) => {
      const result = runParseJob(job, cache, parser);
      return job.kind === "terraform" ? encodeTerraformFileResult(result as TerraformFileResult, job.path) : result;
    }),
  );
});

import { parentPort } from "node:worker_threads";
import { ParseCache } from "../engine/parse-files.js";
import { loadTerraformParser } from "../parsers/terraform/load-terraform-parser.js";
import { runParseTask, type ParseTask } from "./parse-task.js";

// A parse worker: receives a batch of tasks, answers with their results in the same order (Terraform results
// in their compact text form).
const parser = await loadTerraformParser();
parentPort!.on("message", (tasks: ParseTask[]) => {
  const cache = new ParseCache();
  parentPort!.postMessage(tasks.map((task) => runParseTask(task, cache, parser)));
});

import { runParseJob, runTerraformDirectory, type ParseCache, type ParseJob, type TerraformDirectoryJob } from "../engine/parse-files.js";
import type { ManifestFileResult } from "../model/types.js";
import type { TerraformParser } from "../parsers/terraform/load-terraform-parser.js";
import type { TerraformFileResult } from "../parsers/terraform/parse-terraform.js";
import { encodeTerraformFileResult, encodeTerraformResult } from "../parsers/terraform/terraform-wire.js";

/**
 * What a parse thread is sent: one file, or a whole Terraform directory none of whose files is parsed yet
 * (a service's one-file root, typically), which it also puts together, so that the thread that judges
 * receives the directory's result alone instead of each file's and putting them together itself.
 */
export type ParseTask = ParseJob | { kind: "terraform-directory"; directory: TerraformDirectoryJob };

/**
 * A parse thread's answer to a task: a manifest's result as it is, a Terraform file's or directory's in
 * its text form (terraform-wire.ts), which is cheaper to send.
 */
export type ParseAnswer = ManifestFileResult | string;

/** The text of a task's files. */
export function taskBytes(task: ParseTask): number {
  if (task.kind !== "terraform-directory") return task.text.length;
  let bytes = 0;
  for (const file of task.directory.files) bytes += file.text.length;
  return bytes;
}

/** Runs one task in a parse thread (`cache`: that thread's own, for one batch). */
export function runParseTask(task: ParseTask, cache: ParseCache, parser: TerraformParser): ParseAnswer {
  if (task.kind === "terraform-directory") {
    const { directory } = task;
    return encodeTerraformResult(runTerraformDirectory(directory, cache, parser), directory.files[0]!.path);
  }
  const result = runParseJob(task, cache, parser);
  return task.kind === "terraform" ? encodeTerraformFileResult(result as TerraformFileResult, task.path) : (result as ManifestFileResult);
}

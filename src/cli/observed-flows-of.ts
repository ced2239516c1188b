import type { NetpolGuardConfig } from "../config/parse-config.js";
import type { FlowSummaryRead } from "../flows/read-flow-summary.js";
import { readObservedFlows } from "../flows/read-observed-flows.js";
import { readLocalConfig, resolveCommit } from "../snapshot/read-local-snapshot.js";
import { readFlowsFile } from "./read-flows-file.js";
import type { CliIo } from "./run-cli.js";

/**
 * The observed flows a command judges against: `--flows FILE`, else the file the config's
 * `observedFlows.path` names at `ref` (as the app reads it from the base branch). Undefined: none. Null: a
 * `--flows` file that cannot be read, said on stderr (a command never runs as if it had read it). A
 * configured file that is missing or unreadable is left to the judgement, as a finding, like in the app.
 */
export async function observedFlowsOf(
  flag: string | undefined,
  repo: string,
  ref: string | null,
  config: NetpolGuardConfig,
  io: CliIo,
): Promise<{ read: FlowSummaryRead; file: string } | undefined | null> {
  if (flag !== undefined) {
    let read: FlowSummaryRead;
    try {
      const progress = io.stderrIsTTY ? (lines: number) => io.stderr(`\rnetpol-guard: ${lines.toLocaleString("en")} flow lines read`) : undefined;
      read = await readFlowsFile(flag, io.stdin ?? process.stdin, progress);
      if (progress) io.stderr("\n");
    } catch (error) {
      io.stderr(`netpol-guard: cannot read ${flag}: ${(error as Error).message}\n`);
      return null;
    }
    if ("error" in read) {
      io.stderr(`netpol-guard: ${read.error.message}\n`);
      return null;
    }
    for (const p of read.problems) io.stderr(`netpol-guard: ${flag}:${p.line}: ${p.message}\n`);
    return { read, file: flag };
  }
  const path = config.observedFlows.path;
  if (path === "") return undefined;
  const text = await readLocalConfig(repo, ref === null ? null : await resolveCommit(repo, ref), path);
  const where = ref === null ? "in the working tree" : `at ${ref}`;
  if (text === null) return { read: { error: { line: 1, message: `${path}, which observedFlows.path names, is not ${where} (or is not UTF-8 text)` } }, file: path };
  return { read: readObservedFlows(text, path), file: path };
}

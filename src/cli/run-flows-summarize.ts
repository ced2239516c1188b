import { writeFile } from "node:fs/promises";
import { FlowSummarizer, type FlowReadStats } from "../flows/flow-summarizer.js";
import { parseDuration } from "../flows/parse-duration.js";
import { renderFlowSummary } from "../flows/render-flow-summary.js";
import { feedFlowsFile } from "./feed-flows-file.js";
import type { CliIo } from "./run-cli.js";

/** What was read, for stderr: a garbage line is reported, never fatal while other lines are flows. */
export function describeFlowStats(stats: FlowReadStats): string {
  const skipped = [
    stats.replies > 0 ? `${stats.replies} replies` : "",
    stats.notL3L4 > 0 ? `${stats.notL3L4} L7 or other non-L3/L4 flows` : "",
    stats.notFlows > 0 ? `${stats.notFlows} other Hubble events` : "",
    stats.beforeWindow > 0 ? `${stats.beforeWindow} flows before --since` : "",
  ].filter(Boolean);
  const garbage = stats.garbage > 0 ? `; ${stats.garbage} line${stats.garbage === 1 ? " is" : "s are"} not a Hubble flow and skipped` : "";
  return `read ${stats.lines} lines: ${stats.counted} flows counted${skipped.length > 0 ? `, skipped ${skipped.join(", ")}` : ""}${garbage}`;
}

/** `netpol-guard flows summarize FILE... [--since DURATION] [--out FILE]`; returns the exit code. */
export async function runFlowsSummarize(files: string[], options: { since?: string; out?: string }, io: CliIo): Promise<number> {
  if (files.length === 0) {
    io.stderr("netpol-guard: flows summarize needs at least one FILE (- for stdin)\n");
    return 2;
  }
  let since: number | null = null;
  if (options.since !== undefined) {
    const ms = parseDuration(options.since);
    if (ms === null) {
      io.stderr(`netpol-guard: --since must be a duration such as 24h, 90m or 1h30m (got ${options.since})\n`);
      return 2;
    }
    since = (io.now?.() ?? Date.now()) - ms;
  }
  const summarizer = new FlowSummarizer(since);
  const progress = io.stderrIsTTY ? (lines: number) => io.stderr(`\rnetpol-guard: ${lines.toLocaleString("en")} lines read`) : undefined;
  for (const file of files) {
    const before = { ...summarizer.stats };
    try {
      const fed = await feedFlowsFile(file, io.stdin ?? process.stdin, summarizer, progress);
      if ("summary" in fed) {
        io.stderr(`netpol-guard: ${file} is already a flow summary; summarize reads raw \`hubble observe --output json\` lines\n`);
        return 2;
      }
    } catch (error) {
      io.stderr(`netpol-guard: cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    const s = summarizer.stats;
    // The summarizer numbers lines across files; each garbage line is told in its own file.
    for (const g of s.garbageLines) if (g.line > before.lines) io.stderr(`netpol-guard: ${file}:${g.line - before.lines}: not a Hubble flow (${g.reason}); skipped\n`);
    if (s.lines - before.lines - (s.garbage - before.garbage) - (s.blank - before.blank) === 0) {
      const first = s.garbageLines.find((g) => g.line > before.lines);
      io.stderr(`netpol-guard: no line of ${file} is a Hubble flow${first ? ` (line ${first.line - before.lines}: ${first.reason})` : " (it is empty)"}; expected \`hubble observe --output json\` lines\n`);
      return 2;
    }
  }
  if (progress) io.stderr("\n");
  io.stderr(`netpol-guard: ${describeFlowStats(summarizer.stats)}\n`);
  const text = renderFlowSummary(summarizer.summary());
  if (options.out !== undefined) {
    try {
      await writeFile(options.out, text);
    } catch (error) {
      io.stderr(`netpol-guard: cannot write ${options.out}: ${(error as Error).message}\n`);
      return 2;
    }
  } else io.stdout(text);
  return 0;
}

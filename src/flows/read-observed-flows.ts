/**
 * A flows file's text, summary or raw Hubble lines, as observed flows. For text already in memory (a file
 * read from a branch); the CLI streams large files through `FlowSummarizer` instead. Pure.
 */
import { FlowSummarizer } from "./flow-summarizer.js";
import { isFlowSummary } from "./is-flow-summary.js";
import { readFlowSummary, type FlowSummaryRead, type FlowsProblem } from "./read-flow-summary.js";

export function readObservedFlows(text: string, file: string): FlowSummaryRead {
  if (isFlowSummary(text.slice(0, 200))) return readFlowSummary(text, file);
  const summarizer = new FlowSummarizer();
  for (const line of text.split("\n")) summarizer.add(line.endsWith("\r") ? line.slice(0, -1) : line);
  return summarizedFlows(summarizer, file);
}

/** The observed flows of a summarizer that read a whole file, or the error when no line was a Hubble flow. */
export function summarizedFlows(summarizer: FlowSummarizer, file: string): FlowSummaryRead {
  const { stats } = summarizer;
  if (!summarizer.anyParsed) {
    const first = stats.garbageLines[0];
    const why = first ? ` (line ${first.line}: ${first.reason})` : " (it is empty)";
    return { error: { line: first?.line ?? 1, message: `no line of ${file} is a Hubble flow${why}; expected \`hubble observe --output json\` lines or a flow summary` } };
  }
  const problems: FlowsProblem[] = stats.garbageLines.map((g, i) => ({
    line: g.line,
    message: `line ${g.line} is not a Hubble flow (${g.reason}); it is skipped${i === stats.garbageLines.length - 1 && stats.garbage > stats.garbageLines.length ? ` (and ${stats.garbage - stats.garbageLines.length} more such lines)` : ""}`,
  }));
  return { observed: summarizer.observed(file), problems };
}

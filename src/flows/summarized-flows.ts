import type { FlowSummarizer } from "./flow-summarizer.js";
import type { FlowSummaryRead, FlowsProblem } from "./read-flow-summary.js";

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

/**
 * A flows file's text, summary or raw Hubble lines, as observed flows. For text already in memory (a file
 * read from a branch); the CLI streams large files through `FlowSummarizer` instead. Pure.
 */
import { FlowSummarizer } from "./flow-summarizer.js";
import { isFlowSummary } from "./is-flow-summary.js";
import { readFlowSummary, type FlowSummaryRead } from "./read-flow-summary.js";
import { summarizedFlows } from "./summarized-flows.js";

export function readObservedFlows(text: string, file: string): FlowSummaryRead {
  if (isFlowSummary(text.slice(0, 200))) return readFlowSummary(text, file);
  const summarizer = new FlowSummarizer();
  for (const line of text.split("\n")) summarizer.add(line.endsWith("\r") ? line.slice(0, -1) : line);
  return summarizedFlows(summarizer, file);
}

import { FlowSummarizer } from "../flows/flow-summarizer.js";
import { readFlowSummary, type FlowSummaryRead } from "../flows/read-flow-summary.js";
import { summarizedFlows } from "../flows/summarized-flows.js";
import { feedFlowsFile } from "./feed-flows-file.js";

/** `check --flows FILE`, `explain --flows FILE`: a summary or raw flows, as observed flows (or why not). */
export async function readFlowsFile(path: string, stdin: AsyncIterable<Uint8Array>, onProgress?: (lines: number) => void): Promise<FlowSummaryRead> {
  const summarizer = new FlowSummarizer();
  const fed = await feedFlowsFile(path, stdin, summarizer, onProgress);
  return "summary" in fed ? readFlowSummary(fed.summary, path) : summarizedFlows(summarizer, path);
}

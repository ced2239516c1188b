import type { FlowSummarizer } from "../flows/flow-summarizer.js";
import { isFlowSummary } from "../flows/is-flow-summary.js";
import { splitLines } from "../flows/split-lines.js";
import { openFlowsInput } from "./open-flows-input.js";

/** Lines between two progress reports. */
const PROGRESS_EVERY = 100_000;

/**
 * Streams the raw Hubble lines of a flows file into `summarizer`; a summary file is not streamed but
 * returned whole (`summary`), for the caller to read. `onProgress` is told the lines read so far.
 */
export async function feedFlowsFile(
  path: string,
  stdin: AsyncIterable<Uint8Array>,
  summarizer: FlowSummarizer,
  onProgress?: (lines: number) => void,
): Promise<{ summary: string } | { raw: true }> {
  const input = openFlowsInput(path, stdin);
  const first = await input.next();
  if (first.done) return { raw: true };
  const head = first.value;
  const rest = { [Symbol.asyncIterator]: () => input };
  if (isFlowSummary(Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 200)).toString("utf8"))) {
    const chunks: Uint8Array[] = [head];
    for await (const chunk of rest) chunks.push(chunk);
    return { summary: Buffer.concat(chunks).toString("utf8") };
  }
  const all = async function* (): AsyncGenerator<Uint8Array> {
    yield head;
    yield* rest;
  };
  let next = PROGRESS_EVERY;
  for await (const lines of splitLines(all())) {
    for (const line of lines) summarizer.add(line);
    if (onProgress && summarizer.stats.lines >= next) {
      next += PROGRESS_EVERY;
      onProgress(summarizer.stats.lines);
    }
  }
  return { raw: true };
}

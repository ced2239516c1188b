import type { FlowSummary } from "./flow-summary.js";

/**
 * The summary file's text: JSON with one entry per line, so that a finding about an entry points at its
 * own line and a pull request that refreshes the file shows a readable diff.
 */
export function renderFlowSummary(summary: FlowSummary): string {
  const entries = summary.flows.map((e) => `    ${JSON.stringify(e)}`);
  const flows = entries.length === 0 ? "[]" : `[\n${entries.join(",\n")}\n  ]`;
  return `{\n  "version": 1,\n  "window": ${JSON.stringify(summary.window)},\n  "flows": ${flows}\n}\n`;
}

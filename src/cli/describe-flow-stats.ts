import type { FlowReadStats } from "../flows/flow-summarizer.js";

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

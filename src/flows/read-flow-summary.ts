/**
 * Reads a summary file (see `renderFlowSummary`) strictly: a file that is not a version 1 summary is an
 * error; an entry that is wrong is a problem at its line, and the other entries still count. Pure.
 */
import type { FlowEntry, ObservedFlows } from "./flow-summary.js";
import { flowEntryLines } from "./flow-entry-lines.js";
import { sortFlowEntries } from "./sort-flow-entries.js";

/** Something wrong in a flows file, at a line. */
export interface FlowsProblem {
  line: number;
  message: string;
}

export type FlowSummaryRead = { observed: ObservedFlows; problems: FlowsProblem[] } | { error: FlowsProblem };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is string | null => v === null || (typeof v === "string" && !Number.isNaN(Date.parse(v)));
const isName = (v: unknown): v is string => typeof v === "string" && v !== "";

function readEntry(value: unknown): FlowEntry | string {
  if (!isObject(value)) return "an entry must be an object";
  const { from, to, port, verdict, count, firstSeen = null, lastSeen = null } = value;
  if (!isName(from) || !isName(to)) return "an entry needs `from` and `to` namespaces";
  if (!isName(port) || !isName(verdict)) return "an entry needs a `port` and a `verdict`";
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1) return "`count` must be a whole number of at least 1";
  if (!isTime(firstSeen) || !isTime(lastSeen)) return "`firstSeen` and `lastSeen` must be ISO times";
  return { from, to, port, verdict, count, firstSeen, lastSeen };
}

export function readFlowSummary(text: string, file: string): FlowSummaryRead {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { error: { line: 1, message: `${file} is not JSON (${(error as Error).message})` } };
  }
  if (!isObject(value) || value.version !== 1 || !Array.isArray(value.flows)) {
    return { error: { line: 1, message: `${file} is not a flow summary: expected {"version": 1, "window": ..., "flows": [...]}` } };
  }
  const window = value.window ?? null;
  const validWindow = window === null || (isObject(window) && isTime(window.from) && isTime(window.to) && window.from !== null && window.to !== null);
  const problems: FlowsProblem[] = [];
  if (!validWindow) problems.push({ line: 1, message: "`window` must be null or {\"from\": ISO time, \"to\": ISO time}; read as unknown" });
  const lines = flowEntryLines(text);
  const flows: ObservedFlows["flows"] = [];
  value.flows.forEach((item, i) => {
    const line = lines[i] ?? 1;
    const entry = readEntry(item);
    if (typeof entry === "string") problems.push({ line, message: `${entry}; the entry is not read` });
    else flows.push({ ...entry, line });
  });
  const readWindow = validWindow && window !== null ? { from: (window as Json).from as string, to: (window as Json).to as string } : null;
  return { observed: { file, window: readWindow, flows: sortFlowEntries(flows) }, problems };
}

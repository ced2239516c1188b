import type { FlowEntry } from "./flow-summary.js";

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts entries by from, to, port and verdict, so that a summary is the same whatever the input order. */
export function sortFlowEntries<T extends FlowEntry>(entries: T[]): T[] {
  return entries.sort((a, b) => byText(a.from, b.from) || byText(a.to, b.to) || byText(a.port, b.port) || byText(a.verdict, b.verdict));
}

import type { ObservedFlows } from "../../flows/flow-summary.js";

/** Observed entries of one namespace edge, put together for one finding. */
export interface ObservedEdge {
  from: string;
  to: string;
  count: number;
  ports: string[];
  lastSeen: string | null;
  /** The first entry's line in the flows file. */
  line: number;
}

/** Groups summary entries by from/to, in the entries' order (sorted by from, then to). */
export function groupObservedByEdge(entries: readonly ObservedFlows["flows"][number][]): ObservedEdge[] {
  const groups = new Map<string, ObservedEdge>();
  for (const e of entries) {
    const key = `${e.from}\u0000${e.to}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { from: e.from, to: e.to, count: 0, ports: [], lastSeen: null, line: e.line }));
    group.count += e.count;
    if (!group.ports.includes(e.port)) group.ports.push(e.port);
    if (e.lastSeen !== null && (group.lastSeen === null || Date.parse(e.lastSeen) > Date.parse(group.lastSeen))) group.lastSeen = e.lastSeen;
  }
  return [...groups.values()];
}

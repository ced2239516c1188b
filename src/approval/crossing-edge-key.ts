import type { Judgement } from "../engine/judge-change.js";
import type { ConnectivityEdge } from "../engine/diff-connectivity.js";

/**
 * The identity of a cross-company edge in what a platform approval covers: its ends and their companies, so
 * that moving an end to another company after an approval needs a new one.
 */
export function crossingEdgeKey(j: Judgement, e: ConnectivityEdge): string {
  return `edge:${e.from}(${j.companies[e.from] ?? "?"})->${e.to}(${j.companies[e.to] ?? "?"})`;
}

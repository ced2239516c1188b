import type { Finding } from "../model/finding.js";
import type { ConnectivityEdge } from "./diff-connectivity.js";
import type { JudgedRef } from "./judged-ref.js";

/**
 * The namespaces a change touches (its findings' namespaces, the ends of crossings added or removed), for
 * drawing the affected part of the tree, and the company of every namespace the judgement names (head
 * first, else base; null for shared namespaces).
 */
export function affectedNamespaces(
  base: JudgedRef,
  head: JudgedRef,
  findings: Finding[],
  preexisting: Finding[],
  edges: ConnectivityEdge[],
): { affectedNamespaces: string[]; companies: Record<string, string | null> } {
  const affected = new Set<string>();
  for (const f of findings) if (f.namespace) affected.add(f.namespace);
  for (const e of edges) {
    if (!e.crossesVC) continue;
    affected.add(e.from);
    affected.add(e.to);
  }
  const companies: Record<string, string | null> = {};
  const note = (name: string | null | undefined): void => {
    if (!name || name in companies) return;
    const known = head.model.hierarchy.has(name) ? head.model.hierarchy : base.model.hierarchy.has(name) ? base.model.hierarchy : null;
    if (known) companies[name] = known.companyOf(name);
  };
  for (const f of [...findings, ...preexisting]) {
    note(f.namespace);
    note(f.peer);
  }
  for (const e of edges) {
    note(e.from);
    note(e.to);
  }
  for (const n of affected) note(n);
  return {
    affectedNamespaces: [...affected].filter((n) => head.model.hierarchy.has(n) || base.model.hierarchy.has(n)).sort(),
    companies,
  };
}

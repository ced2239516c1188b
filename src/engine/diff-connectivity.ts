import type { JudgedRef } from "./judged-ref.js";
import { tiersSignature } from "./tier-evaluator.js";

export interface ConnectivityEdge {
  from: string;
  to: string;
  crossesVC: boolean;
}

/** What a namespace's edges depend on: its labels and the policies that apply to it. */
function signature(ref: JudgedRef, namespace: string): string | null {
  const memo = ref.remembered.signatures;
  const known = memo.get(namespace);
  if (known !== undefined) return known;
  const node = ref.model.hierarchy.get(namespace);
  if (!node) return null;
  // The company too: a move turns the namespace's edges into crossings (or back), whatever its labels say.
  let labels = `${node.company ?? ""}|`;
  for (const key in node.labels) labels += `${key}=${node.labels[key]},`;
  const applicable = ref.reach.applicable(namespace);
  const policies = applicable.length === 1 ? `${applicable[0]!.policy.fingerprint}@${applicable[0]!.inheritedFrom ?? ""}` : applicable
    .map(({ policy, inheritedFrom }) => `${policy.fingerprint}@${inheritedFrom ?? ""}`)
    .sort()
    .join(",");
  // Tiered policies are cluster-wide: any change to them may change the edges of every namespace.
  const result = `${labels}|${policies}|${tiersSignature(ref.model)}`;
  memo.set(namespace, result);
  return result;
}

/**
 * What makes an edge at the base and one at the head the same: its ends and, when it crosses companies,
 * which companies it joins. An edge that did not cross at the base and crosses at the head (one end moved
 * to another company), or that joins another pair of companies, is a new crossing: added.
 */
function edgeSignature(ref: JudgedRef, from: string, to: string): string {
  const a = ref.model.hierarchy.companyOf(from);
  const b = ref.model.hierarchy.companyOf(to);
  return a !== null && b !== null && a !== b ? `${from}\u0000${to}\u0000${a}\u0000${b}` : `${from}\u0000${to}`;
}

/** Edges added and removed, computed only around the namespaces whose labels or policies differ. */
export function diffConnectivity(base: JudgedRef, head: JudgedRef): { added: ConnectivityEdge[]; removed: ConnectivityEdge[]; touched: string[] } {
  const known = head.derivedFrom;
  const names =
    known && known.base.deref() === base ? known.changed : new Set([...base.model.hierarchy.nodes.keys(), ...head.model.hierarchy.nodes.keys()]);
  const touched: string[] = [];
  for (const name of names) if (signature(base, name) !== signature(head, name)) touched.push(name);
  const edgesAround = (ref: JudgedRef): Set<string> => {
    const pairs = new Set<string>();
    for (const t of touched) {
      if (!ref.model.hierarchy.has(t)) continue;
      for (const to of ref.reach.edgesFrom(t)) pairs.add(edgeSignature(ref, t, to));
      for (const from of ref.reach.edgesTo(t)) pairs.add(edgeSignature(ref, from, t));
    }
    return pairs;
  };
  const before = edgesAround(base);
  const after = edgesAround(head);
  const toEdge = (signature: string): ConnectivityEdge => {
    const [from, to, crossing] = signature.split("\u0000") as [string, string, string | undefined];
    return { from, to, crossesVC: crossing !== undefined };
  };
  const order = (x: ConnectivityEdge, y: ConnectivityEdge): number =>
    Number(y.crossesVC) - Number(x.crossesVC) || (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : x.to > y.to ? 1 : 0);
  // A pair that stays an edge is listed only when it becomes (or stops being) a crossing, and then once, on
  // the side where it crosses: a crossing is what a reviewer must see, not that an edge stopped not crossing.
  const pairsOf = (signatures: Set<string>): Set<string> => new Set([...signatures].map((p) => p.split("\u0000", 2).join("\u0000")));
  const pairsBefore = pairsOf(before);
  const pairsAfter = pairsOf(after);
  const changed = (from: Set<string>, to: Set<string>, pairsTo: Set<string>): ConnectivityEdge[] =>
    [...from]
      .filter((p) => !to.has(p))
      .map(toEdge)
      .filter((e) => e.crossesVC || !pairsTo.has(`${e.from}\u0000${e.to}`))
      .sort(order);
  const added = changed(after, before, pairsBefore);
  const removed = changed(before, after, pairsAfter);
  return { added, removed, touched };
}

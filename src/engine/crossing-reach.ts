import type { Model } from "./build-model.js";
import { digestOf } from "../model/digest.js";
import { phantomId, type NamespaceSet } from "../model/namespace-set.js";
import type { CrossingReach } from "../model/crossing-reach.js";
import type { Direction, NetworkPolicyModel } from "../model/types.js";

/**
 * The namespaces HNC copies a manifest policy into: its descendants that `propagatesTo` accepts, and, for a
 * company's policy, `company/*` when namespaces created later in the company get it too. Sorted.
 */
export function policyCopies(model: Model, policy: NetworkPolicyModel): string[] {
  const h = model.hierarchy;
  const copies: string[] = [];
  if (policy.origin.kind !== "manifest") return copies;
  for (const name of h.subtree(policy.namespace)) if (name !== policy.namespace && model.propagatesTo(policy, name)) copies.push(name);
  const own = h.companyOf(policy.namespace);
  if (own !== null && h.get(policy.namespace)?.role === "company" && model.propagatesTo(policy, phantomId(own))) copies.push(phantomId(own));
  return copies.sort();
}

/**
 * The reach of one crossing peer of `policy` (its `set`), given the policy's `copies`. The finding's key is
 * `declaration` plus a digest of it: a wider (or narrower) reach is another identity, and `isWithinReach`
 * tells whether it is wider. The finding carries `reach`.
 */
export function crossingReach(model: Model, policy: NetworkPolicyModel, set: NamespaceSet, copies: readonly string[], declaration: string, direction: Direction): { reach: CrossingReach; key: string } {
  const own = model.hierarchy.companyOf(policy.namespace);
  const reached = foreignPart(model, set, own);
  const names = reached.kind === "finite" ? [...reached.names].sort() : [...reached.except].sort();
  const reach: CrossingReach = { declaration, direction, company: own, reached, copies };
  return { reach, key: `${declaration}|reach:${digestOf({ kind: reached.kind, names, copies })}` };
}

/** What of a set lies in companies other than `own`: a finite set cut down to those, a co-finite one as it is. */
export function foreignPart(model: Model, set: NamespaceSet, own: string | null): NamespaceSet {
  if (set.kind !== "finite") return set;
  const h = model.hierarchy;
  const foreign = new Set<string>();
  for (const name of set.names) {
    const company = h.companyOf(name);
    if (company !== null && company !== own && !h.isShared(name)) foreign.add(name);
  }
  return { kind: "finite", names: foreign };
}

import type { Model } from "./build-model.js";
import { digestOf } from "./digest.js";
import { phantomId, type NamespaceSet } from "./namespace-set.js";
import type { Direction } from "./reachability.js";
import type { NetworkPolicyModel } from "./types.js";

/**
 * What a crossing finding reaches, beyond the text of its declaration: the namespaces of other companies its
 * peer matches (phantoms included), and the namespaces HNC copies the policy into. Labels on Namespaces and
 * HNC's `select` / `treeSelect` exceptions change both without touching the policy.
 */
export interface CrossingReach {
  /** The finding's identity without its reach: the same declaration and peer. */
  declaration: string;
  /** The direction of the policy's rule: egress reaches from the policy's side, ingress towards it. */
  direction: Direction;
  /** The company of the policy's namespace (its own side). */
  company: string | null;
  /** Foreign namespaces and phantoms reached (finite), or every namespace but `except` (co-finite). */
  reached: NamespaceSet;
  /** The descendants the policy is copied into, and `company/*` when it is copied into ones created later. */
  copies: readonly string[];
}

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
  const h = model.hierarchy;
  const own = h.companyOf(policy.namespace);
  let reached: NamespaceSet = set;
  if (set.kind === "finite") {
    const foreign = new Set<string>();
    for (const name of set.names) {
      const company = h.companyOf(name);
      if (company !== null && company !== own && !h.isShared(name)) foreign.add(name);
    }
    reached = { kind: "finite", names: foreign };
  }
  const names = reached.kind === "finite" ? [...reached.names].sort() : [...reached.except].sort();
  const reach: CrossingReach = { declaration, direction, company: own, reached, copies };
  return { reach, key: `${declaration}|reach:${digestOf({ kind: reached.kind, names, copies })}` };
}

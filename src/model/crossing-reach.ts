import type { NamespaceSet } from "./namespace-set.js";
import type { Direction } from "./types.js";

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

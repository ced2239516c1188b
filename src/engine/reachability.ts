import type { Model } from "./build-model.js";
import { ipBlockMayReachPods } from "../model/cidr.js";
import { EVERYTHING, NOTHING, SetUnion, finiteSet, type NamespaceSet } from "../model/namespace-set.js";
import type { Direction, NetworkPolicyModel, PolicyPeer, PolicyRule } from "../model/types.js";
import { TierEvaluator, type TierStep } from "./tier-evaluator.js";


/** A namespace's side of one direction: isolated or not, and the peers its rules allow. */
export interface DirectionalAccess {
  /** True when a policy selecting every pod applies for this direction: only `allowed` peers get through. */
  isolated: boolean;
  /** Union of the peers of every rule of every applicable policy of this direction. */
  allowed: SetUnion;
}

/** The peers one policy peer matches, seen from the namespace the policy is in. */
export function peerNamespaces(model: Model, peer: PolicyPeer, policyNamespace: string): NamespaceSet {
  if (peer.ipBlock) {
    return ipBlockMayReachPods(peer.ipBlock.cidr, peer.ipBlock.except, model.config.clusterCIDRs) ? EVERYTHING : NOTHING;
  }
  if (peer.namespaceSelector) return model.index.resolve(peer.namespaceSelector);
  if (peer.podSelector) return finiteSet([policyNamespace]);
  // An empty peer is rejected by the API server (the parser reports it); read it as everything.
  return EVERYTHING;
}

export function ruleNamespaces(model: Model, rule: PolicyRule, policyNamespace: string): NamespaceSet[] {
  if (rule.peers === "all") return [EVERYTHING];
  return rule.peers.map((peer) => peerNamespaces(model, peer, policyNamespace));
}

/**
 * Namespace-level reachability of one ref. Everything is computed on demand and remembered, so judging a
 * change only pays for the namespaces it touches.
 */
export class Reachability {
  private readonly applicableCache = new Map<string, { policy: NetworkPolicyModel; inheritedFrom: string | null }[]>();
  private readonly accessCache = new Map<string, DirectionalAccess>();

  /** The Admin and Baseline tiers (ClusterNetworkPolicy...), or null when the ref has none. */
  readonly tiers: TierEvaluator | null;

  constructor(readonly model: Model) {
    this.tiers = TierEvaluator.of(model);
  }

  /** For a ref derived from another: that ref's reachability (not kept alive by this) and where it still holds. */
  private basis: { from: WeakRef<Reachability>; changed: ReadonlySet<string> } | null = null;

  /**
   * The reachability of `model`, a ref derived from `from`'s with the same hierarchy and labels: what `from`
   * works out for a namespace outside `changed` (those whose own or inherited policies may differ) holds
   * here too, and is taken from it while it lives.
   */
  static derived(model: Model, from: Reachability, changed: ReadonlySet<string>): Reachability {
    const reach = new Reachability(model);
    reach.basis = { from: new WeakRef(from), changed };
    return reach;
  }

  private inherited(namespace: string): Reachability | undefined {
    return this.basis && !this.basis.changed.has(namespace) ? this.basis.from.deref() : undefined;
  }

  /** Every policy that applies in a namespace: its own, the ones inherited through HNC, the kit's. */
  applicable(namespace: string): { policy: NetworkPolicyModel; inheritedFrom: string | null }[] {
    let list = this.applicableCache.get(namespace) ?? this.inherited(namespace)?.applicableCache.get(namespace);
    if (list) return list;
    list = [];
    for (const policy of this.model.policiesByNamespace.get(namespace) ?? []) list.push({ policy, inheritedFrom: null });
    for (const ancestor of this.model.hierarchy.ancestors(namespace)) {
      for (const policy of this.model.policiesByNamespace.get(ancestor) ?? []) {
        if (this.model.propagatesTo(policy, namespace)) list.push({ policy, inheritedFrom: ancestor });
      }
    }
    this.applicableCache.set(namespace, list);
    return list;
  }

  /** Whether a policy selecting every pod applies for `direction`: cheap, resolves no peer. */
  isIsolated(namespace: string, direction: Direction): boolean {
    for (const { policy } of this.applicable(namespace)) {
      if (policy[direction] !== null && policy.podSelector.requirements.length === 0) return true;
    }
    return false;
  }

  access(namespace: string, direction: Direction): DirectionalAccess {
    const cacheKey = `${direction}\u0000${namespace}`;
    let access = this.accessCache.get(cacheKey) ?? this.inherited(namespace)?.accessCache.get(cacheKey);
    if (access) return access;
    access = { isolated: false, allowed: new SetUnion() };
    for (const { policy } of this.applicable(namespace)) {
      const rules = policy[direction];
      if (rules === null) continue;
      if (policy.podSelector.requirements.length === 0) access.isolated = true;
      // A copy of a propagated policy lives in this namespace: its pod-only peers mean this namespace.
      for (const rule of rules) for (const set of ruleNamespaces(this.model, rule, namespace)) access.allowed.add(set);
    }
    this.accessCache.set(cacheKey, access);
    return access;
  }

  /** Some pod of `from` may send to `to`: from's egress allows it and to's ingress allows it. */
  egressAllows(from: string, to: string, trace?: TierStep[]): boolean {
    return this.sideAllows("egress", from, to, trace);
  }

  ingressAllows(to: string, from: string, trace?: TierStep[]): boolean {
    return this.sideAllows("ingress", to, from, trace);
  }

  /** One side of a connection: the Admin tier, then the NetworkPolicies of `subject`, then the Baseline tier. */
  private sideAllows(direction: Direction, subject: string, peer: string, trace?: TierStep[]): boolean {
    const access = this.access(subject, direction);
    if (!this.tiers) return !access.isolated || access.allowed.has(peer);
    return this.tiers.allows(direction, subject, peer, access.isolated, () => access.allowed.has(peer), trace);
  }

  hasEdge(from: string, to: string): boolean {
    return this.egressAllows(from, to) && this.ingressAllows(to, from);
  }

  /** Known namespaces `from` may reach. */
  edgesFrom(from: string): string[] {
    const egress = this.access(from, "egress");
    // An Admin-tier Accept can open what the NetworkPolicies close: with tiers, every namespace is a candidate.
    const candidates = egress.isolated && !this.tiers ? egress.allowed.finiteNames() : null;
    const result: string[] = [];
    for (const to of candidates ?? this.model.hierarchy.nodes.keys()) {
      if (this.model.hierarchy.has(to) && this.hasEdge(from, to)) result.push(to);
    }
    return result;
  }

  /** Known namespaces that may reach `to`. */
  edgesTo(to: string): string[] {
    const ingress = this.access(to, "ingress");
    const candidates = ingress.isolated && !this.tiers ? ingress.allowed.finiteNames() : null;
    const result: string[] = [];
    for (const from of candidates ?? this.model.hierarchy.nodes.keys()) {
      if (this.model.hierarchy.has(from) && this.hasEdge(from, to)) result.push(from);
    }
    return result;
  }

  /** Every edge between known namespaces. Quadratic when policies are wide open: for `graph`, not for `check`. */
  allEdges(): { from: string; to: string }[] {
    const edges: { from: string; to: string }[] = [];
    const names = [...this.model.hierarchy.nodes.keys()].sort();
    for (const from of names) for (const to of this.edgesFrom(from).sort()) edges.push({ from, to });
    return edges;
  }
}

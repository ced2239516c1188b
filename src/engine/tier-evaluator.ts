import type { Model } from "./build-model.js";
import { ipBlockMayReachPods, parseCidr, subtractRanges } from "../model/cidr.js";
import { setHas, EVERYTHING, NOTHING, type NamespaceSet } from "../model/namespace-set.js";
import type { Direction, PolicyTier, TierPeer, TierRule, TieredPolicyModel } from "../model/types.js";

/** How much of the traffic between two namespaces a rule matches: none, perhaps some, or certainly all. */
export type TierMatch = "none" | "some" | "all";

/** One step of an evaluation, for `explain`: the rule that decided, or the tier that took over. */
export interface TierStep {
  policy: TieredPolicyModel | null;
  rule: TierRule | null;
  match: TierMatch;
  /** What the step did to the traffic it matched. */
  outcome: "Accept" | "Deny" | "Pass" | "NetworkPolicies" | "allowed by default";
}

/** The policies of one tier by priority; policies that share a priority are one group, in no sure order. */
type Groups = TieredPolicyModel[][];

const collected = new WeakMap<Model, TieredPolicyModel[]>();

/** Every ClusterNetworkPolicy and v1alpha1 admin policy of a ref, in file order (remembered per model). */
export function tieredPoliciesOf(model: Model): TieredPolicyModel[] {
  let list = collected.get(model);
  if (!list) {
    list = [];
    for (const m of model.parts.parsed.manifests) for (const p of m.tieredPolicies) list.push(p);
    collected.set(model, list);
  }
  return list;
}

/** What the tiers of a ref mean, as one string ("" without any): equal when no tiered policy changed. */
export function tiersSignature(model: Model): string {
  return tieredPoliciesOf(model)
    .map((p) => p.fingerprint)
    .sort()
    .join(",");
}

/**
 * The policies of a tier in evaluation order: lower priority first. The API orders ClusterNetworkPolicies
 * among themselves only: when a tier mixes kinds (a v1alpha1 AdminNetworkPolicy or the
 * BaselineAdminNetworkPolicy beside ClusterNetworkPolicies), nothing says which goes first, so the whole tier
 * is one group in no sure order.
 */
export function tierOrder(policies: readonly TieredPolicyModel[], tier: PolicyTier): Groups {
  const inTier = policies.filter((p) => p.tier === tier);
  if (new Set(inTier.map((p) => p.kind)).size > 1) return [sortByName(inTier)];
  const byPriority = new Map<number, TieredPolicyModel[]>();
  for (const p of inTier) {
    const priority = p.priority ?? Number.MAX_SAFE_INTEGER;
    let group = byPriority.get(priority);
    if (!group) byPriority.set(priority, (group = []));
    group.push(p);
  }
  return [...byPriority.entries()].sort(([a], [b]) => a - b).map(([, group]) => sortByName(group));
}

function sortByName(policies: TieredPolicyModel[]): TieredPolicyModel[] {
  return policies.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/**
 * The Admin and Baseline tiers of a ref at namespace level. For traffic between the namespace a policy
 * protects (`subject`: the sender for egress, the receiver for ingress) and a `peer`, it walks the Admin
 * tier by priority and each policy's rules in order: a rule matching all of that traffic (every pod of both
 * namespaces, every port) decides it (Accept, Deny) or hands it to the next tier (Pass); a rule matching
 * only some of it lets some through (Accept), hands some on (Pass) or stops some (Deny, which then proves
 * nothing at namespace level). Then the NetworkPolicies, then the Baseline tier, then "allowed". The answer
 * is whether some connection may get through: sound, never missing one.
 */
export class TierEvaluator {
  readonly admin: Groups;
  readonly baseline: Groups;
  private readonly sets = new Map<object, NamespaceSet>();

  constructor(readonly model: Model, policies: readonly TieredPolicyModel[]) {
    this.admin = tierOrder(policies, "Admin");
    this.baseline = tierOrder(policies, "Baseline");
  }

  /** A ref's evaluator, or null when it has no tiered policy (then NetworkPolicies alone decide). */
  static of(model: Model): TierEvaluator | null {
    const policies = tieredPoliciesOf(model);
    return policies.length === 0 ? null : new TierEvaluator(model, policies);
  }

  /**
   * Whether some traffic from `subject` to `peer` (egress) or from `peer` to `subject` (ingress) may get
   * through `subject`'s side. `isolated` and `npAllows` are the NetworkPolicies' side (see Reachability).
   */
  allows(direction: Direction, subject: string, peer: string, isolated: boolean, npAllows: () => boolean, trace?: TierStep[]): boolean {
    const baseline = (): boolean => this.walk(this.baseline, direction, subject, peer, () => true, trace);
    // NetworkPolicies decide for the pods they select; the pods none selects fall to the Baseline tier.
    const networkPolicies = (): boolean => {
      const allowed = npAllows();
      trace?.push({ policy: null, rule: null, match: isolated ? "all" : "some", outcome: "NetworkPolicies" });
      return isolated ? allowed : allowed || baseline();
    };
    return this.walk(this.admin, direction, subject, peer, networkPolicies, trace);
  }

  /** The policies of a tier whose subject may include some pod of `namespace`, in evaluation order. */
  applying(namespace: string, tier: PolicyTier): TieredPolicyModel[] {
    const groups = tier === "Admin" ? this.admin : this.baseline;
    return groups.flat().filter((p) => this.subjectMatch(p, namespace) !== "none");
  }

  private walk(groups: Groups, direction: Direction, subject: string, peer: string, next: () => boolean, trace?: TierStep[]): boolean {
    let mayAllow = false;
    let handedOn: boolean | null = null;
    const handOn = (): boolean => (handedOn ??= next());
    for (const group of groups) {
      const applying = group.filter((p) => this.subjectMatch(p, subject) !== "none" && p[direction].length > 0);
      // Policies sharing a priority apply in an order nobody can rely on: none of their rules decides alone.
      const ambiguous = applying.length > 1;
      for (const policy of applying) {
        const whole = this.subjectMatch(policy, subject) === "all" && !ambiguous;
        for (const rule of policy[direction]) {
          let match = this.ruleMatch(rule, peer);
          if (match === "none") continue;
          if (!whole) match = "some";
          trace?.push({ policy, rule, match, outcome: rule.action });
          if (rule.action === "Accept") {
            if (match === "all") return true;
            mayAllow = true;
          } else if (rule.action === "Pass") {
            if (match === "all") return mayAllow || handOn();
            if (!mayAllow) mayAllow = handOn();
          } else if (match === "all") {
            return mayAllow;
          }
        }
      }
    }
    if (groups === this.baseline && trace && handedOn === null) trace.push({ policy: null, rule: null, match: "all", outcome: "allowed by default" });
    return mayAllow || handOn();
  }

  private subjectMatch(policy: TieredPolicyModel, namespace: string): TierMatch {
    if (!setHas(this.resolve(policy.subject, policy.subject.namespaceSelector), namespace)) return "none";
    return policy.subject.podSelector === null ? "all" : "some";
  }

  /** How much of the traffic to (or from) `peer` a rule matches, ports included. */
  ruleMatch(rule: TierRule, peer: string): TierMatch {
    let best: TierMatch = "none";
    for (const p of rule.peers) {
      const m = this.peerMatch(p, peer);
      if (m === "all") {
        best = "all";
        break;
      }
      if (m === "some") best = "some";
    }
    return best === "all" && rule.ports !== "all" ? "some" : best;
  }

  /** The namespaces a peer may match (for crossings): pods and networks peers, the rest matches none. */
  peerSet(peer: TierPeer): NamespaceSet {
    if (peer.kind === "pods") return this.resolve(peer, peer.namespaceSelector);
    if (peer.kind === "networks") return peer.cidrs.some((c) => ipBlockMayReachPods(c, [], this.model.config.clusterCIDRs)) ? EVERYTHING : NOTHING;
    return NOTHING;
  }

  private peerMatch(peer: TierPeer, namespace: string): TierMatch {
    if (peer.kind === "unmodelled") return "none";
    if (!setHas(this.peerSet(peer), namespace)) return "none";
    if (peer.kind === "pods") return peer.podSelector === null ? "all" : "some";
    return this.coversCluster(peer.cidrs) ? "all" : "some";
  }

  /** Whether the CIDRs hold every pod address (every cluster range): then they match every pod. */
  private coversCluster(cidrs: readonly string[]): boolean {
    const ranges = cidrs.map((c) => parseCidr(c)).filter((r) => r !== null);
    const clusters = this.model.config.clusterCIDRs.map((c) => parseCidr(c));
    if (clusters.length === 0 || clusters.some((c) => c === null)) return false;
    return clusters.every((c) => subtractRanges(c!, ranges).length === 0);
  }

  private resolve(owner: object, selector: TieredPolicyModel["subject"]["namespaceSelector"]): NamespaceSet {
    let set = this.sets.get(owner);
    if (!set) this.sets.set(owner, (set = this.model.index.resolve(selector)));
    return set;
  }
}

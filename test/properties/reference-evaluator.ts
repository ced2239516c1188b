/**
 * A pod-level NetworkPolicy evaluator written straight from shared/semantics.md, independent of the engine
 * (nothing under src/ is imported). It works on the raw objects the generators produce (the same ones that are
 * serialised to YAML for the engine), so the defaulting rules are applied here a second time, by hand.
 */

export type LabelMap = Record<string, string>;

export type Operator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface MatchExpression {
  key: string;
  operator: Operator;
  values?: string[];
}

/** A metav1.LabelSelector as written: `matchLabels: null` and `{}` select everything. */
export interface LabelSelector {
  matchLabels?: LabelMap | null;
  matchExpressions?: MatchExpression[];
}

export interface IpBlock {
  cidr: string;
  except?: string[];
}

export interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IpBlock;
}

export type Protocol = "TCP" | "UDP" | "SCTP";

export interface PolicyPort {
  protocol?: Protocol;
  port?: number | string;
  endPort?: number;
}

export interface IngressRule {
  from?: Peer[];
  ports?: PolicyPort[];
}

export interface EgressRule {
  to?: Peer[];
  ports?: PolicyPort[];
}

export type PolicyType = "Ingress" | "Egress";

export interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: PolicyType[];
  ingress?: IngressRule[];
  egress?: EgressRule[];
}

export interface NetworkPolicy {
  name: string;
  namespace: string;
  spec: NetworkPolicySpec;
}

export interface Namespace {
  name: string;
  /** Labels written on the object; `kubernetes.io/metadata.name` is added by {@link namespaceLabels}. */
  labels: LabelMap;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: Protocol;
}

export interface Pod {
  name: string;
  namespace: string;
  labels: LabelMap;
  /** Inside 10.0.0.0/8. */
  ip: string;
  ports: ContainerPort[];
}

/** Pods in namespaces, as ClusterNetworkPolicy writes them (`namespaceSelector` absent: every namespace). */
export interface NamespacedPod {
  namespaceSelector?: LabelSelector;
  podSelector: LabelSelector;
}

/** A peer of a tiered rule: exactly one field. `networks` only in egress. */
export interface TierPeer {
  namespaces?: LabelSelector;
  pods?: NamespacedPod;
  networks?: string[];
}

/** One `protocols` item of a ClusterNetworkPolicy rule: exactly one field. */
export interface TierProtocol {
  tcp?: { destinationPort?: { number?: number; range?: { start: number; end: number } } };
  udp?: { destinationPort?: { number?: number; range?: { start: number; end: number } } };
  sctp?: { destinationPort?: { number?: number; range?: { start: number; end: number } } };
  destinationNamedPort?: string;
}

/** One `ports` item of a v1alpha1 AdminNetworkPolicy or BaselineAdminNetworkPolicy rule: exactly one field. */
export interface TierPortV1alpha1 {
  /** `protocol` defaults to TCP (the CRD's schema sets the default). */
  portNumber?: { protocol?: Protocol; port: number };
  /** `protocol` defaults to TCP. */
  portRange?: { protocol?: Protocol; start: number; end: number };
  namedPort?: string;
}

export interface TierRule {
  /** As written: v1alpha1 says `Allow` where ClusterNetworkPolicy says `Accept`. */
  action: "Accept" | "Allow" | "Deny" | "Pass";
  /** `from` for ingress, `to` for egress. */
  peers: TierPeer[];
  /** ClusterNetworkPolicy only. */
  protocols?: TierProtocol[];
  /** v1alpha1 only. */
  ports?: TierPortV1alpha1[];
}

/**
 * The three kinds of tiered policy: ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2, either tier) and
 * the v1alpha1 AdminNetworkPolicy (Admin tier) and BaselineAdminNetworkPolicy (Baseline tier, one per cluster).
 */
export type TierKind = "ClusterNetworkPolicy" | "AdminNetworkPolicy" | "BaselineAdminNetworkPolicy";

/** A tiered policy as written. */
export interface TieredPolicy {
  kind: TierKind;
  name: string;
  /** Written as `spec.tier` by a ClusterNetworkPolicy only; the v1alpha1 kinds are in one tier each. */
  tier: "Admin" | "Baseline";
  /** Absent on the BaselineAdminNetworkPolicy. */
  priority?: number;
  subject: { namespaces?: LabelSelector; pods?: NamespacedPod };
  ingress?: TierRule[];
  egress?: TierRule[];
}

/** One policy that some order the API allows lets decide a connection, with the action it takes. */
export interface TierCandidate {
  policy: TieredPolicy;
  action: "Accept" | "Deny" | "Pass";
}

export interface Universe {
  namespaces: Namespace[];
  pods: Pod[];
  policies: NetworkPolicy[];
  /** Tiered policies: evaluated before (Admin) and after (Baseline) the NetworkPolicies. */
  tiered?: TieredPolicy[];
}

/**
 * How an ipBlock matches pods. `cluster-overlap`: the worst a network plugin may do (semantics.md: a block
 * overlapping the cluster ranges after `except` may reach any pod of any namespace), so every pod or none.
 * `pod-ip`: a plugin that matches pod IPs exactly.
 */
export type IpBlockMode = "cluster-overlap" | "pod-ip";

export const CLUSTER_CIDRS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

export const NAME_LABEL = "kubernetes.io/metadata.name";

// ---------------------------------------------------------------------------------------------------------
// Label selectors

export function namespaceLabels(ns: Namespace): LabelMap {
  return { ...ns.labels, [NAME_LABEL]: ns.name };
}

export function selectorMatches(selector: LabelSelector, labels: LabelMap): boolean {
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(labels, key);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!has(key) || labels[key] !== value) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const values = e.values ?? [];
    switch (e.operator) {
      case "In":
        if (!has(e.key) || !values.includes(labels[e.key]!)) return false;
        break;
      case "NotIn":
        if (has(e.key) && values.includes(labels[e.key]!)) return false;
        break;
      case "Exists":
        if (!has(e.key)) return false;
        break;
      case "DoesNotExist":
        if (has(e.key)) return false;
        break;
      default:
        throw new Error(`unknown operator ${String((e as { operator: unknown }).operator)}`);
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// IPv4 ranges (the generators only write IPv4)

interface Range {
  start: number;
  end: number;
}

export function parseIp(text: string): number {
  const parts = text.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`bad IP ${text}`);
  return ((parts[0]! * 256 + parts[1]!) * 256 + parts[2]!) * 256 + parts[3]!;
}

export function formatIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export function cidrRange(cidr: string): Range {
  const [address, prefixText] = cidr.split("/");
  const prefix = Number(prefixText);
  if (address === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`bad CIDR ${cidr}`);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(parseIp(address) / size) * size;
  return { start, end: start + size - 1 };
}

/** The ranges an ipBlock covers: its CIDR minus each `except`. */
function blockRanges(block: IpBlock): Range[] {
  let pieces = [cidrRange(block.cidr)];
  for (const hole of (block.except ?? []).map(cidrRange)) {
    const next: Range[] = [];
    for (const piece of pieces) {
      if (hole.end < piece.start || hole.start > piece.end) {
        next.push(piece);
        continue;
      }
      if (piece.start < hole.start) next.push({ start: piece.start, end: hole.start - 1 });
      if (hole.end < piece.end) next.push({ start: hole.end + 1, end: piece.end });
    }
    pieces = next;
  }
  return pieces;
}

export function ipBlockOverlapsCluster(block: IpBlock, clusterCidrs: string[] = CLUSTER_CIDRS): boolean {
  const cluster = clusterCidrs.map(cidrRange);
  return blockRanges(block).some((piece) => cluster.some((c) => piece.start <= c.end && c.start <= piece.end));
}

export function ipBlockContains(block: IpBlock, ip: string): boolean {
  const value = parseIp(ip);
  return blockRanges(block).some((piece) => piece.start <= value && value <= piece.end);
}

// ---------------------------------------------------------------------------------------------------------
// Policies

/** policyTypes as the API server defaults them. */
export function effectiveTypes(spec: NetworkPolicySpec): Set<PolicyType> {
  if (spec.policyTypes !== undefined && spec.policyTypes.length > 0) return new Set(spec.policyTypes);
  const types = new Set<PolicyType>(["Ingress"]);
  if (spec.egress !== undefined && spec.egress.length > 0) types.add("Egress");
  return types;
}

/** One connection attempt: to `port` of the destination pod over `protocol`. */
export interface Connection {
  src: Pod;
  dst: Pod;
  protocol: Protocol;
  port: number;
}

export class ReferenceEvaluator {
  private readonly nsLabels = new Map<string, LabelMap>();
  private readonly overlap = new Map<IpBlock, boolean>();

  constructor(
    readonly universe: Universe,
    readonly mode: IpBlockMode = "cluster-overlap",
    readonly clusterCidrs: string[] = CLUSTER_CIDRS,
  ) {
    for (const ns of universe.namespaces) this.nsLabels.set(ns.name, namespaceLabels(ns));
  }

  /** Whether `peer`, written in a policy of `policyNamespace`, matches `pod`. */
  peerMatches(peer: Peer, policyNamespace: string, pod: Pod): boolean {
    if (peer.ipBlock) {
      if (this.mode === "pod-ip") return ipBlockContains(peer.ipBlock, pod.ip);
      let overlaps = this.overlap.get(peer.ipBlock);
      if (overlaps === undefined) {
        overlaps = ipBlockOverlapsCluster(peer.ipBlock, this.clusterCidrs);
        this.overlap.set(peer.ipBlock, overlaps);
      }
      return overlaps;
    }
    if (!peer.podSelector && !peer.namespaceSelector) throw new Error("empty peer");
    const namespaceOk = peer.namespaceSelector
      ? selectorMatches(peer.namespaceSelector, this.nsLabels.get(pod.namespace) ?? {})
      : pod.namespace === policyNamespace;
    const podOk = peer.podSelector ? selectorMatches(peer.podSelector, pod.labels) : true;
    return namespaceOk && podOk;
  }

  /** Whether one `ports` entry admits the connection; a named port resolves against the destination pod. */
  static portMatches(p: PolicyPort, c: Connection): boolean {
    const protocol = p.protocol ?? "TCP";
    if (protocol !== c.protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "string") {
      const name = p.port;
      return c.dst.ports.some((cp) => cp.name === name && cp.protocol === protocol && cp.containerPort === c.port);
    }
    if (p.endPort !== undefined) return p.port <= c.port && c.port <= p.endPort;
    return p.port === c.port;
  }

  private ruleAllows(peers: Peer[] | undefined, ports: PolicyPort[] | undefined, policyNamespace: string, peerPod: Pod, c: Connection): boolean {
    const peerOk = peers === undefined || peers.length === 0 || peers.some((peer) => this.peerMatches(peer, policyNamespace, peerPod));
    if (!peerOk) return false;
    return ports === undefined || ports.length === 0 || ports.some((p) => ReferenceEvaluator.portMatches(p, c));
  }

  /** The NetworkPolicies' verdict for one side: null when no policy of that direction selects the pod. */
  private networkPolicyVerdict(direction: "ingress" | "egress", c: Connection): boolean | null {
    const [own, other] = direction === "egress" ? [c.src, c.dst] : [c.dst, c.src];
    const type: PolicyType = direction === "egress" ? "Egress" : "Ingress";
    let isolated = false;
    for (const policy of this.universe.policies) {
      if (policy.namespace !== own.namespace || !effectiveTypes(policy.spec).has(type)) continue;
      if (!selectorMatches(policy.spec.podSelector, own.labels)) continue;
      isolated = true;
      for (const rule of policy.spec[direction] ?? []) {
        const peers = direction === "egress" ? (rule as EgressRule).to : (rule as IngressRule).from;
        if (this.ruleAllows(peers, rule.ports, policy.namespace, other, c)) return true;
      }
    }
    return isolated ? false : null;
  }

  /** Whether a pod is in the pods a ClusterNetworkPolicy subject or peer names. */
  private podsMatch(pods: { namespaces?: LabelSelector; pods?: NamespacedPod }, pod: Pod): boolean {
    const nsLabels = this.nsLabels.get(pod.namespace) ?? {};
    if (pods.namespaces) return selectorMatches(pods.namespaces, nsLabels);
    if (pods.pods) return selectorMatches(pods.pods.namespaceSelector ?? {}, nsLabels) && selectorMatches(pods.pods.podSelector, pod.labels);
    return false;
  }

  private tierPeerMatches(peer: TierPeer, pod: Pod): boolean {
    if (peer.networks) {
      return peer.networks.some((cidr) => (this.mode === "pod-ip" ? ipBlockContains({ cidr }, pod.ip) : ipBlockOverlapsCluster({ cidr }, this.clusterCidrs)));
    }
    return this.podsMatch(peer, pod);
  }

  static protocolMatches(p: TierProtocol, c: Connection): boolean {
    if (p.destinationNamedPort !== undefined) return ReferenceEvaluator.namedPortMatches(p.destinationNamedPort, c);
    const entry = c.protocol === "TCP" ? p.tcp : c.protocol === "UDP" ? p.udp : p.sctp;
    if (entry === undefined) return false;
    const port = entry.destinationPort;
    if (port === undefined) return true;
    if (port.range) return port.range.start <= c.port && c.port <= port.range.end;
    return port.number === c.port;
  }

  /** One `ports` item of a v1alpha1 rule. */
  static portV1alpha1Matches(p: TierPortV1alpha1, c: Connection): boolean {
    if (p.namedPort !== undefined) return ReferenceEvaluator.namedPortMatches(p.namedPort, c);
    if (p.portNumber) return (p.portNumber.protocol ?? "TCP") === c.protocol && p.portNumber.port === c.port;
    if (p.portRange) return (p.portRange.protocol ?? "TCP") === c.protocol && p.portRange.start <= c.port && c.port <= p.portRange.end;
    throw new Error("empty v1alpha1 port");
  }

  /** A named port: the destination pod's container port of that name, on its own protocol. */
  private static namedPortMatches(name: string, c: Connection): boolean {
    return c.dst.ports.some((cp) => cp.name === name && cp.protocol === c.protocol && cp.containerPort === c.port);
  }

  /** The tier a policy belongs to: the v1alpha1 kinds have one each, a ClusterNetworkPolicy names its own. */
  static tierOf(policy: TieredPolicy): "Admin" | "Baseline" {
    if (policy.kind === "ClusterNetworkPolicy") return policy.tier;
    const tier = policy.kind === "AdminNetworkPolicy" ? "Admin" : "Baseline";
    if (policy.tier !== tier) throw new Error(`${policy.kind} ${policy.name} says tier ${policy.tier}`);
    return tier;
  }

  /** The action of a policy's first rule matching the connection (v1alpha1's Allow read as Accept), or null. */
  private policyAction(policy: TieredPolicy, direction: "ingress" | "egress", c: Connection): TierCandidate["action"] | null {
    const [own, other] = direction === "egress" ? [c.src, c.dst] : [c.dst, c.src];
    if (!this.podsMatch(policy.subject, own)) return null;
    for (const rule of policy[direction] ?? []) {
      if (!rule.peers.some((peer) => this.tierPeerMatches(peer, other))) continue;
      if (rule.protocols !== undefined && !rule.protocols.some((p) => ReferenceEvaluator.protocolMatches(p, c))) continue;
      if (rule.ports !== undefined && !rule.ports.some((p) => ReferenceEvaluator.portV1alpha1Matches(p, c))) continue;
      return rule.action === "Allow" ? "Accept" : rule.action;
    }
    return null;
  }

  /**
   * What one tier may do to a connection on one side. Policies go by priority (lower first), each policy's
   * rules in order, and the first matching rule decides. The APIs leave two orders open: policies of one kind
   * that share a priority ("the implementation can apply any of the matching policies"), and policies of
   * different kinds in one tier (an AdminNetworkPolicy beside Admin-tier ClusterNetworkPolicies, the
   * BaselineAdminNetworkPolicy beside Baseline-tier ones), which no API orders against each other. So the
   * answer is every policy that some allowed order puts first among those matching the connection: within
   * each kind, the matching ones of the lowest priority. Empty: nothing matched, the next tier decides.
   */
  tierCandidates(tier: "Admin" | "Baseline", direction: "ingress" | "egress", c: Connection): TierCandidate[] {
    const matching: TierCandidate[] = [];
    for (const policy of this.universe.tiered ?? []) {
      if (ReferenceEvaluator.tierOf(policy) !== tier) continue;
      const action = this.policyAction(policy, direction, c);
      if (action !== null) matching.push({ policy, action });
    }
    const first = (x: TieredPolicy): boolean =>
      !matching.some(({ policy: y }) => y.kind === x.kind && (y.priority ?? 0) < (x.priority ?? 0));
    const candidates = matching.filter(({ policy }) => first(policy));
    this.observeTier?.(tier, candidates);
    return candidates;
  }

  /**
   * Called with the candidates of every tier decision the evaluator takes (the property tests count them to
   * prove that each kind of policy and each mix of kinds really decided connections).
   */
  observeTier?: (tier: "Admin" | "Baseline", candidates: TierCandidate[]) => void;

  /**
   * One side: Admin tier, NetworkPolicies, Baseline tier, then allowed. Where the tiers leave the order open
   * the connection may get through when some order lets it through: an Admin candidate accepts it, or one
   * passes it (or none matches) and what follows lets it through.
   */
  private sideAllows(direction: "ingress" | "egress", c: Connection): boolean {
    const admin = this.tierCandidates("Admin", direction, c);
    if (admin.some((x) => x.action === "Accept")) return true;
    if (admin.length > 0 && admin.every((x) => x.action === "Deny")) return false;
    const np = this.networkPolicyVerdict(direction, c);
    if (np !== null) return np;
    const baseline = this.tierCandidates("Baseline", direction, c);
    return baseline.length === 0 || baseline.some((x) => x.action !== "Deny");
  }

  egressAllows(c: Connection): boolean {
    return this.sideAllows("egress", c);
  }

  ingressAllows(c: Connection): boolean {
    return this.sideAllows("ingress", c);
  }

  allows(c: Connection): boolean {
    return this.egressAllows(c) && this.ingressAllows(c);
  }

  /** The (protocol, port) pairs tried against a destination pod: its declared ports, TCP 80, UDP/TCP 53, SCTP 80. */
  static candidatePorts(dst: Pod): { protocol: Protocol; port: number }[] {
    const list = [
      ...dst.ports.map((p) => ({ protocol: p.protocol, port: p.containerPort })),
      { protocol: "TCP" as const, port: 80 },
      { protocol: "UDP" as const, port: 53 },
      { protocol: "TCP" as const, port: 53 },
      { protocol: "SCTP" as const, port: 80 },
    ];
    const seen = new Set<string>();
    return list.filter((p) => {
      const key = `${p.protocol}/${p.port}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** Every allowed connection between two different pods. */
  connections(): Connection[] {
    const result: Connection[] = [];
    for (const src of this.universe.pods) {
      for (const dst of this.universe.pods) {
        if (src === dst) continue;
        for (const { protocol, port } of ReferenceEvaluator.candidatePorts(dst)) {
          const c = { src, dst, protocol, port };
          if (this.allows(c)) result.push(c);
        }
      }
    }
    return result;
  }

  /** Namespace pairs `from\u0000to` with at least one allowed connection between two different pods. */
  namespacePairs(): Set<string> {
    const pairs = new Set<string>();
    for (const src of this.universe.pods) {
      for (const dst of this.universe.pods) {
        if (src === dst) continue;
        const key = pairKey(src.namespace, dst.namespace);
        if (pairs.has(key)) continue;
        for (const { protocol, port } of ReferenceEvaluator.candidatePorts(dst)) {
          if (this.allows({ src, dst, protocol, port })) {
            pairs.add(key);
            break;
          }
        }
      }
    }
    return pairs;
  }
}

export function pairKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

export function splitPair(key: string): [string, string] {
  const [from, to] = key.split("\u0000");
  return [from!, to!];
}

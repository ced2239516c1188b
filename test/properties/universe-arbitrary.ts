/**
 * fast-check generators of small clusters (namespaces, pods, NetworkPolicies using every selector form, and
 * tiered policies of every kind and mix of kinds) and their serialisation to the manifests the engine reads. Pods go to the reference evaluator only.
 */
import fc from "fast-check";
import { stringify } from "yaml";
import {
  NAME_LABEL,
  formatIp,
  parseIp,
  type ContainerPort,
  type EgressRule,
  type IngressRule,
  type IpBlock,
  type LabelMap,
  type LabelSelector,
  type MatchExpression,
  type NetworkPolicy,
  type NetworkPolicySpec,
  type Peer,
  type PolicyPort,
  type PolicyType,
  type TierPeer,
  type NamespacedPod,
  type TierKind,
  type TierPortV1alpha1,
  type TierProtocol,
  type TierRule,
  type TieredPolicy,
  type Universe,
} from "./reference-evaluator.js";

export const NAMESPACE_NAMES = ["ns-a", "ns-b", "ns-c", "ns-d"];

/** Label keys and values selectors may use. Each pool also names keys the other kind of object carries. */
const POD_SELECTOR_POOL: Record<string, string[]> = { app: ["a", "b", "c"], tier: ["x", "y"], env: ["prod"] };
const NAMESPACE_SELECTOR_POOL: Record<string, string[]> = {
  team: ["t1", "t2"],
  env: ["prod", "dev"],
  // ns-e never exists: a name selector for a namespace that is not there.
  [NAME_LABEL]: [...NAMESPACE_NAMES, "ns-e"],
  app: ["a"],
};

function optionalLabels(pool: Record<string, string[]>): fc.Arbitrary<LabelMap> {
  const entries = Object.entries(pool).map(([key, values]) => fc.option(fc.constantFrom(...values), { nil: undefined }).map((v) => [key, v] as const));
  return fc.tuple(...entries).map((pairs) => {
    const labels: LabelMap = {};
    for (const [key, value] of pairs) if (value !== undefined) labels[key] = value;
    return labels;
  });
}

const podLabels = optionalLabels({ app: ["a", "b", "c"], tier: ["x", "y"] });
const namespaceLabelsArb = optionalLabels({ team: ["t1", "t2"], env: ["prod", "dev"] });

function expressionArb(pool: Record<string, string[]>): fc.Arbitrary<MatchExpression> {
  const keys = Object.keys(pool);
  return fc.constantFrom(...keys).chain((key) =>
    fc.oneof(
      fc.subarray(pool[key]!, { minLength: 1 }).map((values): MatchExpression => ({ key, operator: "In", values })),
      fc.subarray(pool[key]!, { minLength: 1 }).map((values): MatchExpression => ({ key, operator: "NotIn", values })),
      fc.constant<MatchExpression>({ key, operator: "Exists" }),
      fc.constant<MatchExpression>({ key, operator: "DoesNotExist" }),
    ),
  );
}

function matchLabelsArb(pool: Record<string, string[]>): fc.Arbitrary<LabelMap> {
  return fc
    .subarray(Object.keys(pool), { minLength: 1, maxLength: 2 })
    .chain((keys) => fc.tuple(...keys.map((key) => fc.constantFrom(...pool[key]!).map((v) => [key, v] as const))))
    .map((pairs) => Object.fromEntries(pairs));
}

/** Every selector form: `{}`, `matchLabels: null`, matchLabels, each matchExpressions operator, both. */
export function selectorArb(pool: Record<string, string[]>): fc.Arbitrary<LabelSelector> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<LabelSelector>({}) },
    { weight: 1, arbitrary: fc.constant<LabelSelector>({ matchLabels: null }) },
    { weight: 3, arbitrary: matchLabelsArb(pool).map((matchLabels): LabelSelector => ({ matchLabels })) },
    { weight: 3, arbitrary: fc.array(expressionArb(pool), { minLength: 1, maxLength: 2 }).map((matchExpressions): LabelSelector => ({ matchExpressions })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(matchLabelsArb(pool), fc.array(expressionArb(pool), { minLength: 1, maxLength: 2 }))
        .map(([matchLabels, matchExpressions]): LabelSelector => ({ matchLabels, matchExpressions })),
    },
  );
}

// ---------------------------------------------------------------------------------------------------------
// ipBlocks

/** Hand-picked blocks: inside, outside, and exactly cut out of the cluster ranges. */
const FIXED_BLOCKS: IpBlock[] = [
  { cidr: "10.0.0.0/8" },
  { cidr: "10.1.0.0/16" },
  { cidr: "10.1.0.0/16", except: ["10.1.0.0/24"] },
  { cidr: "10.0.0.0/8", except: ["10.0.0.0/9", "10.128.0.0/9"] },
  { cidr: "0.0.0.0/0" },
  { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] },
  { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] },
  { cidr: "8.8.8.8/32" },
  { cidr: "203.0.113.0/24" },
  { cidr: "172.16.0.0/12" },
  { cidr: "10.2.0.1/32" },
  { cidr: "192.168.0.0/16", except: ["192.168.1.0/24"] },
];

const MAX32 = 2 ** 32;

function masked(value: number, prefix: number): number {
  const size = 2 ** (32 - prefix);
  return Math.floor(value / size) * size;
}

/** A random block near the cluster ranges, with `except` entries that are strict subnets of it. */
const randomBlock: fc.Arbitrary<IpBlock> = fc
  .tuple(
    fc.constantFrom(0, 8, 10, 100, 172, 192, 203),
    fc.integer({ min: 0, max: 255 }),
    fc.integer({ min: 0, max: 255 }),
    fc.constantFrom(0, 8, 9, 10, 12, 16, 24, 31, 32),
    fc.array(fc.tuple(fc.integer({ min: 0, max: MAX32 - 1 }), fc.integer({ min: 1, max: 9 })), { maxLength: 2 }),
  )
  .map(([a, b, c, prefix, holes]) => {
    const base = masked(((a * 256 + b) * 256 + c) * 256, prefix);
    const block: IpBlock = { cidr: `${formatIp(base)}/${prefix}` };
    if (prefix < 32 && holes.length > 0) {
      const size = 2 ** (32 - prefix);
      block.except = holes.map(([offset, extra]) => {
        const holePrefix = Math.min(32, prefix + extra);
        return `${formatIp(masked(base + (offset % size), holePrefix))}/${holePrefix}`;
      });
    }
    return block;
  });

const ipBlockArb: fc.Arbitrary<IpBlock> = fc.oneof(fc.constantFrom(...FIXED_BLOCKS), randomBlock);

// ---------------------------------------------------------------------------------------------------------
// Peers, ports, rules, policies

const peerArb: fc.Arbitrary<Peer> = fc.oneof(
  { weight: 3, arbitrary: selectorArb(POD_SELECTOR_POOL).map((podSelector): Peer => ({ podSelector })) },
  { weight: 3, arbitrary: selectorArb(NAMESPACE_SELECTOR_POOL).map((namespaceSelector): Peer => ({ namespaceSelector })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(selectorArb(POD_SELECTOR_POOL), selectorArb(NAMESPACE_SELECTOR_POOL))
      .map(([podSelector, namespaceSelector]): Peer => ({ podSelector, namespaceSelector })),
  },
  { weight: 2, arbitrary: ipBlockArb.map((ipBlock): Peer => ({ ipBlock })) },
);

const PORTS: PolicyPort[] = [
  { port: 80 },
  { protocol: "TCP", port: 80 },
  { protocol: "UDP", port: 53 },
  { protocol: "TCP", port: 53 },
  { port: "http" },
  { protocol: "UDP", port: "dns" },
  { port: "dns" },
  { port: "metrics" },
  { port: 8000, endPort: 8100 },
  { port: 50, endPort: 60 },
  { protocol: "UDP" },
  { protocol: "TCP" },
  { protocol: "SCTP", port: 80 },
  { port: 9090 },
];

const portsArb: fc.Arbitrary<PolicyPort[] | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant<PolicyPort[]>([]) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...PORTS), { minLength: 1, maxLength: 2 }) },
);

const peersArb: fc.Arbitrary<Peer[] | undefined> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant<Peer[]>([]) },
  { weight: 6, arbitrary: fc.array(peerArb, { minLength: 1, maxLength: 3 }) },
);

const ingressRuleArb: fc.Arbitrary<IngressRule> = fc.tuple(peersArb, portsArb).map(([from, ports]) => {
  const rule: IngressRule = {};
  if (from !== undefined) rule.from = from;
  if (ports !== undefined) rule.ports = ports;
  return rule;
});

const egressRuleArb: fc.Arbitrary<EgressRule> = fc.tuple(peersArb, portsArb).map(([to, ports]) => {
  const rule: EgressRule = {};
  if (to !== undefined) rule.to = to;
  if (ports !== undefined) rule.ports = ports;
  return rule;
});

function rulesArb<R>(rule: fc.Arbitrary<R>): fc.Arbitrary<R[] | undefined> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant<R[]>([]) },
    { weight: 4, arbitrary: fc.array(rule, { minLength: 1, maxLength: 3 }) },
  );
}

const policyTypesArb: fc.Arbitrary<PolicyType[] | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: fc.constantFrom<PolicyType[]>(["Ingress"], ["Egress"], ["Ingress", "Egress"], ["Egress", "Ingress"]) },
);

/** A policy's own podSelector: mostly every pod, the only form that isolates a whole namespace for the engine. */
const policyPodSelectorArb: fc.Arbitrary<LabelSelector> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<LabelSelector>({}) },
  { weight: 2, arbitrary: selectorArb(POD_SELECTOR_POOL) },
);

const specArb: fc.Arbitrary<NetworkPolicySpec> = fc
  .tuple(policyPodSelectorArb, policyTypesArb, rulesArb(ingressRuleArb), rulesArb(egressRuleArb))
  .map(([podSelector, policyTypes, ingress, egress]) => {
    const spec: NetworkPolicySpec = { podSelector };
    if (policyTypes !== undefined) spec.policyTypes = policyTypes;
    if (ingress !== undefined) spec.ingress = ingress;
    if (egress !== undefined) spec.egress = egress;
    return spec;
  });

// ---------------------------------------------------------------------------------------------------------
// Pods and the universe

const containerPortsArb: fc.Arbitrary<ContainerPort[]> = fc
  .tuple(
    fc.option(fc.constantFrom(80, 8080), { nil: undefined }),
    fc.boolean(),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([http, dns, metrics, unnamed]) => {
    const ports: ContainerPort[] = [];
    if (http !== undefined) ports.push({ name: "http", containerPort: http, protocol: "TCP" });
    if (dns) ports.push({ name: "dns", containerPort: 53, protocol: "UDP" });
    if (metrics) ports.push({ name: "metrics", containerPort: 9090, protocol: "TCP" });
    if (unnamed) ports.push({ containerPort: 8443, protocol: "TCP" });
    return ports;
  });

const podSpecArb = fc.record({
  labels: podLabels,
  ip: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 4 })).map(([b, c, d]) => `10.${b}.${c}.${d}`),
  ports: containerPortsArb,
});

const namespaceSpecArb = fc.record({
  name: fc.constantFrom(...NAMESPACE_NAMES),
  labels: namespaceLabelsArb,
  pods: fc.array(podSpecArb, { minLength: 1, maxLength: 3 }),
});

export const universeArb: fc.Arbitrary<Universe> = fc
  .tuple(
    fc.uniqueArray(namespaceSpecArb, { minLength: 1, maxLength: 4, selector: (ns) => ns.name }),
    fc.array(fc.tuple(fc.nat({ max: 3 }), specArb), { maxLength: 4 }),
  )
  .map(([namespaces, policySpecs]) => {
    const universe: Universe = { namespaces: [], pods: [], policies: [] };
    for (const ns of namespaces) {
      universe.namespaces.push({ name: ns.name, labels: ns.labels });
      ns.pods.forEach((pod, i) => {
        parseIp(pod.ip);
        universe.pods.push({ name: `${ns.name}-pod${i}`, namespace: ns.name, labels: pod.labels, ip: pod.ip, ports: pod.ports });
      });
    }
    policySpecs.forEach(([nsIndex, spec], i) => {
      const policy: NetworkPolicy = { name: `p${i}`, namespace: namespaces[nsIndex % namespaces.length]!.name, spec };
      universe.policies.push(policy);
    });
    return universe;
  });

// ---------------------------------------------------------------------------------------------------------
// Tiered policies: ClusterNetworkPolicy (v1alpha2) and the v1alpha1 AdminNetworkPolicy and
// BaselineAdminNetworkPolicy

/** Pods in namespaces. v1alpha1 requires `namespaceSelector`; a ClusterNetworkPolicy may leave it out (every namespace). */
function namespacedPodArb(kind: TierKind): fc.Arbitrary<NamespacedPod> {
  const namespaceSelector = selectorArb(NAMESPACE_SELECTOR_POOL);
  return fc
    .tuple(kind === "ClusterNetworkPolicy" ? fc.option(namespaceSelector, { nil: undefined }) : namespaceSelector, fc.oneof(fc.constant<LabelSelector>({}), selectorArb(POD_SELECTOR_POOL)))
    .map(([namespaceSelector, podSelector]) => (namespaceSelector === undefined ? { podSelector } : { namespaceSelector, podSelector }));
}

/** Whole namespaces (the form that can decide a pair), some pods, and for egress CIDRs. */
function tierPeerArb(kind: TierKind, direction: "ingress" | "egress"): fc.Arbitrary<TierPeer> {
  const forms: fc.WeightedArbitrary<TierPeer>[] = [
    { weight: 2, arbitrary: selectorArb(NAMESPACE_SELECTOR_POOL).map((namespaces): TierPeer => ({ namespaces })) },
    { weight: 2, arbitrary: fc.constant<TierPeer>({ namespaces: {} }) },
    { weight: 2, arbitrary: namespacedPodArb(kind).map((pods): TierPeer => ({ pods })) },
  ];
  if (direction === "egress") {
    forms.push({ weight: 1, arbitrary: fc.constantFrom<TierPeer>({ networks: ["0.0.0.0/0"] }, { networks: ["10.1.0.0/16"] }, { networks: ["8.8.8.8/32"] }) });
  }
  return fc.oneof(...forms);
}

/** ClusterNetworkPolicy `protocols` items. */
const TIER_PROTOCOLS: TierProtocol[] = [
  { tcp: { destinationPort: { number: 80 } } },
  { udp: { destinationPort: { number: 53 } } },
  { tcp: {} },
  { tcp: { destinationPort: { range: { start: 8000, end: 9100 } } } },
  { destinationNamedPort: "http" },
  { sctp: {} },
];

/** v1alpha1 `ports` items. */
const TIER_PORTS_V1ALPHA1: TierPortV1alpha1[] = [
  { portNumber: { protocol: "TCP", port: 80 } },
  { portNumber: { protocol: "UDP", port: 53 } },
  { portNumber: { protocol: "SCTP", port: 80 } },
  { portNumber: { port: 8443 } },
  { portRange: { protocol: "TCP", start: 8000, end: 9100 } },
  { portRange: { start: 50, end: 60 } },
  { namedPort: "http" },
  { namedPort: "dns" },
];

/** The actions each kind's CRD accepts. */
const TIER_ACTIONS: Record<TierKind, TierRule["action"][]> = {
  ClusterNetworkPolicy: ["Accept", "Deny", "Pass"],
  AdminNetworkPolicy: ["Allow", "Deny", "Pass"],
  BaselineAdminNetworkPolicy: ["Allow", "Deny"],
};

function tierRuleArb(kind: TierKind, direction: "ingress" | "egress"): fc.Arbitrary<TierRule> {
  const v1alpha1 = kind !== "ClusterNetworkPolicy";
  const someOf = <T>(items: T[]): fc.Arbitrary<T[] | undefined> =>
    fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.array(fc.constantFrom(...items), { minLength: 1, maxLength: 2 }) });
  return fc
    .tuple(
      fc.constantFrom(...TIER_ACTIONS[kind]),
      fc.array(tierPeerArb(kind, direction), { minLength: 1, maxLength: 2 }),
      v1alpha1 ? someOf<TierPortV1alpha1>(TIER_PORTS_V1ALPHA1) : someOf<TierProtocol>(TIER_PROTOCOLS),
    )
    .map(([action, peers, ports]): TierRule => {
      if (ports === undefined) return { action, peers };
      return v1alpha1 ? { action, peers, ports: ports as TierPortV1alpha1[] } : { action, peers, protocols: ports as TierProtocol[] };
    });
}

/** A direction's rules: mostly some (a policy without any decides nothing), sometimes none. */
function tierRulesArb(kind: TierKind, direction: "ingress" | "egress"): fc.Arbitrary<TierRule[]> {
  return fc.oneof({ weight: 1, arbitrary: fc.constant<TierRule[]>([]) }, { weight: 4, arbitrary: fc.array(tierRuleArb(kind, direction), { minLength: 1, maxLength: 2 }) });
}

/** A kind in a tier: what one generated tiered policy will be. */
export interface TierSlot {
  kind: TierKind;
  tier: "Admin" | "Baseline";
}

const ADMIN_CNP: TierSlot = { kind: "ClusterNetworkPolicy", tier: "Admin" };
const BASELINE_CNP: TierSlot = { kind: "ClusterNetworkPolicy", tier: "Baseline" };
const ANP: TierSlot = { kind: "AdminNetworkPolicy", tier: "Admin" };
const BANP: TierSlot = { kind: "BaselineAdminNetworkPolicy", tier: "Baseline" };

/** Two priorities only: one orders two policies, and policies share one often, within a kind and across kinds. */
function tieredPolicyArb(slot: TierSlot): fc.Arbitrary<Omit<TieredPolicy, "name">> {
  const { kind, tier } = slot;
  return fc
    .tuple(
      fc.constantFrom(1, 2),
      fc.oneof(
        { weight: 2, arbitrary: selectorArb(NAMESPACE_SELECTOR_POOL).map((namespaces) => ({ namespaces })) },
        { weight: 3, arbitrary: fc.constant({ namespaces: {} }) },
        { weight: 2, arbitrary: namespacedPodArb(kind).map((pods) => ({ pods })) },
      ),
      tierRulesArb(kind, "ingress"),
      tierRulesArb(kind, "egress"),
    )
    .map(([priority, subject, ingress, egress]) =>
      kind === "BaselineAdminNetworkPolicy" ? { kind, tier, subject, ingress, egress } : { kind, tier, priority, subject, ingress, egress },
    );
}

/** From `min` to `max` policies of one slot. */
function some(slot: TierSlot, min: number, max: number): fc.Arbitrary<TierSlot[]> {
  return fc.integer({ min, max }).map((n) => Array.from({ length: n }, () => slot));
}

function together(...parts: fc.Arbitrary<TierSlot[]>[]): fc.Arbitrary<TierSlot[]> {
  return fc.tuple(...parts).map((lists) => lists.flat());
}

/** One mix of kinds: how to draw its policies, and what each draw always holds. */
export interface TierMixSpec {
  slots: fc.Arbitrary<TierSlot[]>;
  /** The kinds every draw holds. */
  kinds: TierKind[];
  /** Whether every draw holds a tier with two kinds in it (the case the APIs leave unordered). */
  mixedTier: boolean;
  /** Whether the mix is the one meant to put two kinds at one priority in one tier often (the property asserts it). */
  tiesAcrossKinds: boolean;
}

/** The mixes of kinds the tiered property generates, each in its own run so that every one is covered. */
export const TIER_MIXES = {
  "ClusterNetworkPolicies of both tiers": {
    slots: fc.array(fc.constantFrom(ADMIN_CNP, BASELINE_CNP), { minLength: 1, maxLength: 3 }),
    kinds: ["ClusterNetworkPolicy"],
    mixedTier: false,
    tiesAcrossKinds: false,
  },
  "v1alpha1: AdminNetworkPolicies and the BaselineAdminNetworkPolicy": {
    slots: together(some(ANP, 1, 2), some(BANP, 1, 1)),
    kinds: ["AdminNetworkPolicy", "BaselineAdminNetworkPolicy"],
    mixedTier: false,
    tiesAcrossKinds: false,
  },
  "Admin tier mixed: AdminNetworkPolicies beside ClusterNetworkPolicies": {
    slots: together(some(ANP, 1, 2), some(ADMIN_CNP, 1, 2), some(BASELINE_CNP, 0, 1)),
    kinds: ["AdminNetworkPolicy", "ClusterNetworkPolicy"],
    mixedTier: true,
    tiesAcrossKinds: true,
  },
  "Baseline tier mixed: the BaselineAdminNetworkPolicy beside ClusterNetworkPolicies": {
    slots: together(some(BANP, 1, 1), some(BASELINE_CNP, 1, 2)),
    kinds: ["BaselineAdminNetworkPolicy", "ClusterNetworkPolicy"],
    mixedTier: true,
    // The BaselineAdminNetworkPolicy has no priority.
    tiesAcrossKinds: false,
  },
  "every kind in both tiers": {
    slots: together(some(ANP, 1, 1), some(ADMIN_CNP, 1, 1), some(BANP, 1, 1), some(BASELINE_CNP, 1, 1)),
    kinds: ["ClusterNetworkPolicy", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy"],
    mixedTier: true,
    tiesAcrossKinds: false,
  },
} satisfies Record<string, TierMixSpec>;

export type TierMix = keyof typeof TIER_MIXES;

/** A universe with tiered policies of one mix of kinds besides its NetworkPolicies, in a random file order. */
export function tieredUniverseArb(mix: TierMix): fc.Arbitrary<Universe> {
  const policies = (TIER_MIXES[mix] as TierMixSpec).slots
    .chain((slots) => fc.shuffledSubarray(slots, { minLength: slots.length }))
    .chain((slots) => fc.tuple(...slots.map(tieredPolicyArb)));
  return fc.tuple(universeArb, policies).map(([universe, tiered]) => ({
    ...universe,
    tiered: tiered.map((p, i) => ({ ...p, name: p.kind === "BaselineAdminNetworkPolicy" ? "default" : `${p.kind === "AdminNetworkPolicy" ? "anp" : "cnp"}-${i}` })),
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Serialisation

/** The manifests the engine reads: Namespace objects and NetworkPolicies (no pods). */
export function toManifest(universe: Universe): string {
  const docs: unknown[] = [];
  for (const ns of universe.namespaces) {
    const metadata: Record<string, unknown> = { name: ns.name };
    if (Object.keys(ns.labels).length > 0) metadata.labels = ns.labels;
    docs.push({ apiVersion: "v1", kind: "Namespace", metadata });
  }
  for (const policy of universe.policies) {
    docs.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: policy.name, namespace: policy.namespace },
      spec: policy.spec,
    });
  }
  for (const policy of universe.tiered ?? []) docs.push(tieredPolicyObject(policy));
  // Shared constant objects would otherwise become YAML anchors and aliases.
  return docs.map((doc) => stringify(doc, { aliasDuplicateObjects: false })).join("---\n");
}

/** A tiered policy as its CRD writes it: v1alpha1 has no `tier` and says `ports` where v1alpha2 says `protocols`. */
function tieredPolicyObject(policy: TieredPolicy): unknown {
  const v1alpha1 = policy.kind !== "ClusterNetworkPolicy";
  const spec: Record<string, unknown> = {};
  if (!v1alpha1) spec.tier = policy.tier;
  if (policy.priority !== undefined) spec.priority = policy.priority;
  spec.subject = policy.subject;
  for (const direction of ["ingress", "egress"] as const) {
    const rules = policy[direction];
    if (!rules || rules.length === 0) continue;
    spec[direction] = rules.map((r) => ({
      action: r.action,
      [direction === "ingress" ? "from" : "to"]: r.peers,
      ...(r.protocols ? { protocols: r.protocols } : {}),
      ...(r.ports ? { ports: r.ports } : {}),
    }));
  }
  const apiVersion = v1alpha1 ? "policy.networking.k8s.io/v1alpha1" : "policy.networking.k8s.io/v1alpha2";
  return { apiVersion, kind: policy.kind, metadata: { name: policy.name }, spec };
}

/** A readable description of the pods, for failure messages. */
export function describePods(universe: Universe): string {
  return universe.pods
    .map((p) => `${p.namespace}/${p.name} ip=${p.ip} labels=${JSON.stringify(p.labels)} ports=${JSON.stringify(p.ports)}`)
    .join("\n");
}

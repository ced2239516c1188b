/** The reference evaluator itself, on the pitfalls of shared/semantics.md, case by case. */
import { describe, expect, it } from "vitest";
import {
  ReferenceEvaluator,
  ipBlockOverlapsCluster,
  pairKey,
  selectorMatches,
  type NetworkPolicySpec,
  type Pod,
  type TieredPolicy,
  type Universe,
} from "./reference-evaluator.js";

const pod = (namespace: string, name: string, labels: Record<string, string> = {}, extra: Partial<Pod> = {}): Pod => ({
  name,
  namespace,
  labels,
  ip: "10.0.0.1",
  ports: [],
  ...extra,
});

function universe(policies: [string, NetworkPolicySpec][], pods?: Pod[]): Universe {
  return {
    namespaces: [
      { name: "a", labels: { team: "t1" } },
      { name: "b", labels: {} },
    ],
    pods: pods ?? [pod("a", "a1"), pod("a", "a2", { app: "x" }), pod("b", "b1")],
    policies: policies.map(([namespace, spec], i) => ({ name: `p${i}`, namespace, spec })),
  };
}

const pairs = (u: Universe, mode: "cluster-overlap" | "pod-ip" = "cluster-overlap"): string[] =>
  [...new ReferenceEvaluator(u, mode).namespacePairs()].map((k) => k.replace("\u0000", "->")).sort();

describe("reference evaluator", () => {
  it("selectors: NotIn and DoesNotExist match objects without the label; requirements are ANDed", () => {
    expect(selectorMatches({ matchExpressions: [{ key: "app", operator: "NotIn", values: ["x"] }] }, {})).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, {})).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "app", operator: "In", values: ["x"] }] }, {})).toBe(false);
    expect(selectorMatches({ matchLabels: null }, { app: "x" })).toBe(true);
    expect(selectorMatches({ matchLabels: { app: "x" }, matchExpressions: [{ key: "tier", operator: "Exists" }] }, { app: "x" })).toBe(false);
  });

  it("no policy: every pod reaches every other pod", () => {
    expect(pairs(universe([]))).toEqual(["a->a", "a->b", "b->a"]);
  });

  it("egress: [] without policyTypes restricts nothing; policyTypes [Egress] without rules denies all egress", () => {
    // Ingress is always defaulted on: a receives nothing, but its egress stays open.
    expect(pairs(universe([["a", { podSelector: {}, egress: [] }]]))).toEqual(["a->b"]);
    expect(pairs(universe([["a", { podSelector: {}, ingress: [{}], egress: [] }]]))).toEqual(["a->a", "a->b", "b->a"]);
    expect(pairs(universe([["a", { podSelector: {}, policyTypes: ["Egress"] }]]))).toEqual(["b->a"]);
  });

  it("a podSelector-only peer means the policy's namespace; both selectors in one peer are ANDed", () => {
    const own: NetworkPolicySpec = { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] };
    expect(pairs(universe([["a", own]]))).toEqual(["a->a", "a->b"]);
    const and: NetworkPolicySpec = {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "t1" } }, podSelector: { matchLabels: { app: "x" } } }] }],
    };
    // Only a2 (app=x, in a) may reach a, and a2 -> a1 is a different pod.
    expect(pairs(universe([["a", and]]))).toEqual(["a->a", "a->b"]);
    const or: NetworkPolicySpec = {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "t1" } } }, { podSelector: { matchLabels: { app: "y" } } }] }],
    };
    expect(pairs(universe([["a", or]]))).toEqual(["a->a", "a->b"]);
  });

  it("a policy selecting some pods isolates only them", () => {
    const some: NetworkPolicySpec = { podSelector: { matchLabels: { app: "x" } }, ingress: [] };
    // a1 still receives from a2 and b1.
    expect(pairs(universe([["a", some]]))).toEqual(["a->a", "a->b", "b->a"]);
  });

  it("ports: default TCP, named ports per destination pod, endPort ranges", () => {
    const pods = [pod("a", "a1"), pod("b", "b1", {}, { ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }] })];
    const only = (ports: NetworkPolicySpec["ingress"]): Universe => universe([["b", { podSelector: {}, ingress: ports }]], pods);
    // b -> a is open throughout: a has no policy.
    expect(pairs(only([{ ports: [{ port: "http" }] }]))).toEqual(["a->b", "b->a"]);
    expect(pairs(only([{ ports: [{ protocol: "UDP", port: "http" }] }]))).toEqual(["b->a"]);
    expect(pairs(only([{ ports: [{ port: 8000, endPort: 8100 }] }]))).toEqual(["a->b", "b->a"]);
    expect(pairs(only([{ ports: [{ protocol: "UDP", port: 80 }] }]))).toEqual(["b->a"]);
    expect(pairs(only([{ ports: [{ protocol: "UDP" }] }]))).toEqual(["a->b", "b->a"]);
    const c = { src: pods[0]!, dst: pods[1]!, protocol: "TCP" as const, port: 80 };
    expect(ReferenceEvaluator.portMatches({ port: 80 }, c)).toBe(true);
    expect(ReferenceEvaluator.portMatches({ port: "http" }, c)).toBe(false);
  });

  it("ipBlocks: overlap with the cluster ranges after except, or the pod's IP", () => {
    expect(ipBlockOverlapsCluster({ cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] })).toBe(false);
    expect(ipBlockOverlapsCluster({ cidr: "10.0.0.0/8", except: ["10.0.0.0/9", "10.128.0.0/9"] })).toBe(false);
    expect(ipBlockOverlapsCluster({ cidr: "10.0.0.0/8", except: ["10.0.0.0/9"] })).toBe(true);
    expect(ipBlockOverlapsCluster({ cidr: "8.8.8.8/32" })).toBe(false);
    const spec: NetworkPolicySpec = { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "172.16.0.0/12" } }] }] };
    const u = universe([["b", spec]]);
    expect(pairs(u)).toEqual(["a->a", "a->b", "b->a"]);
    expect(pairs(u, "pod-ip")).toEqual(["a->a", "a->b"]);
    expect(new ReferenceEvaluator(u).namespacePairs().has(pairKey("b", "a"))).toBe(true);
  });

  describe("tiers", () => {
    const deny = (kind: TieredPolicy["kind"], name: string, priority?: number, extra: Partial<TieredPolicy> = {}): TieredPolicy => ({
      kind,
      name,
      tier: kind === "BaselineAdminNetworkPolicy" ? "Baseline" : "Admin",
      ...(priority === undefined ? {} : { priority }),
      subject: { namespaces: { matchLabels: { team: "t1" } } },
      ingress: [{ action: "Deny", peers: [{ namespaces: {} }] }],
      ...extra,
    });
    const allow = (kind: TieredPolicy["kind"], name: string, priority?: number): TieredPolicy => ({
      ...deny(kind, name, priority),
      ingress: [{ action: kind === "ClusterNetworkPolicy" ? "Accept" : "Allow", peers: [{ namespaces: {} }] }],
    });
    const tiered = (policies: TieredPolicy[], pods?: Pod[]): Universe => ({ ...universe([], pods), tiered: policies });

    it("a lower priority goes first among policies of one kind", () => {
      expect(pairs(tiered([deny("ClusterNetworkPolicy", "d", 1), allow("ClusterNetworkPolicy", "a", 2)]))).toEqual(["a->b"]);
      expect(pairs(tiered([deny("AdminNetworkPolicy", "d", 2), allow("AdminNetworkPolicy", "a", 1)]))).toEqual(["a->a", "a->b", "b->a"]);
    });

    it("a shared priority, or two kinds in one tier, leaves the order open: any matching policy may decide", () => {
      expect(pairs(tiered([deny("ClusterNetworkPolicy", "d", 1), allow("ClusterNetworkPolicy", "a", 1)]))).toEqual(["a->a", "a->b", "b->a"]);
      // The AdminNetworkPolicy's lower priority orders nothing against a ClusterNetworkPolicy.
      expect(pairs(tiered([deny("AdminNetworkPolicy", "d", 1), allow("ClusterNetworkPolicy", "a", 50)]))).toEqual(["a->a", "a->b", "b->a"]);
      const c = { src: pod("b", "b1"), dst: pod("a", "a1"), protocol: "TCP" as const, port: 80 };
      const candidates = new ReferenceEvaluator(tiered([deny("AdminNetworkPolicy", "d", 1), allow("ClusterNetworkPolicy", "a", 50)])).tierCandidates("Admin", "ingress", c);
      expect(candidates.map((x) => `${x.policy.name}:${x.action}`).sort()).toEqual(["a:Accept", "d:Deny"]);
    });

    it("the BaselineAdminNetworkPolicy decides after NetworkPolicies; its Allow reads as Accept", () => {
      expect(pairs(tiered([deny("BaselineAdminNetworkPolicy", "default")]))).toEqual(["a->b"]);
      const fromB = deny("BaselineAdminNetworkPolicy", "default", undefined, {
        ingress: [
          { action: "Allow", peers: [{ namespaces: { matchLabels: { "kubernetes.io/metadata.name": "b" } } }] },
          { action: "Deny", peers: [{ namespaces: {} }] },
        ],
      });
      expect(pairs(tiered([fromB]))).toEqual(["a->b", "b->a"]);
      // A NetworkPolicy that isolates a decides before the Baseline tier.
      expect(pairs({ ...universe([["a", { podSelector: {}, ingress: [{}] }]]), tiered: [deny("BaselineAdminNetworkPolicy", "default")] })).toEqual(["a->a", "a->b", "b->a"]);
    });

    it("v1alpha1 ports: portNumber, portRange (TCP unless said), namedPort on the destination pod's protocol", () => {
      const pods = [pod("a", "a1", {}, { ports: [{ name: "dns", containerPort: 53, protocol: "UDP" }] }), pod("b", "b1")];
      const c = (protocol: "TCP" | "UDP", port: number) => ({ src: pods[1]!, dst: pods[0]!, protocol, port });
      expect(ReferenceEvaluator.portV1alpha1Matches({ portNumber: { protocol: "UDP", port: 53 } }, c("UDP", 53))).toBe(true);
      expect(ReferenceEvaluator.portV1alpha1Matches({ portNumber: { protocol: "TCP", port: 53 } }, c("UDP", 53))).toBe(false);
      expect(ReferenceEvaluator.portV1alpha1Matches({ portRange: { start: 50, end: 60 } }, c("TCP", 53))).toBe(true);
      expect(ReferenceEvaluator.portV1alpha1Matches({ portRange: { start: 50, end: 60 } }, c("UDP", 53))).toBe(false);
      expect(ReferenceEvaluator.portV1alpha1Matches({ namedPort: "dns" }, c("UDP", 53))).toBe(true);
      expect(ReferenceEvaluator.portV1alpha1Matches({ namedPort: "dns" }, c("TCP", 53))).toBe(false);
      // A Deny of every TCP port leaves b -> a open over UDP and SCTP.
      const denyTcp = deny("AdminNetworkPolicy", "d", 1, { ingress: [{ action: "Deny", peers: [{ namespaces: {} }], ports: [{ portRange: { start: 1, end: 65535 } }] }] });
      expect(pairs(tiered([denyTcp], pods))).toEqual(["a->b", "b->a"]);
    });
  });
});

/** The reference evaluator itself, on the pitfalls of shared/semantics.md, case by case. */
import { describe, expect, it } from "vitest";
import {
  ReferenceEvaluator,
  ipBlockOverlapsCluster,
  pairKey,
  selectorMatches,
  type NetworkPolicySpec,
  type Pod,
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
});

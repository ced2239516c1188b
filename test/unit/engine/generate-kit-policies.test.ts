import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { generateKitPolicies } from "../../../src/engine/generate-kit-policies.js";
import type { StarterKitService } from "../../../src/engine/read-kit-modules.js";
import type { SourceLocation } from "../../../src/model/types.js";

const at = (line: number): SourceLocation => ({ file: "terraform/services/a.tf", line, endLine: line });

function service(name: string, namespaces: string[], unresolved: SourceLocation | null = null): StarterKitService {
  return {
    module: name,
    name,
    nameLocation: at(2),
    team: "team-a",
    teamLocation: at(3),
    company: "company-a",
    companyLocation: at(4),
    enableNetworkPolicy: true,
    enableLocation: at(5),
    namespaces: namespaces.map((n, i) => ({ name: n, location: at(8 + i) })),
    unresolvedNamespaces: unresolved,
    location: at(1),
    fingerprint: `fp-${name}`,
  };
}

const managedBy = { "app.kubernetes.io/managed-by": "microservice-starter-kit" };
const byName = (n: string): { namespaceSelector: { matchLabels: Record<string, string> } } => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": n } },
});

describe("generateKitPolicies", () => {
  it("stands for a default deny, egress and ingress with the listed namespaces, and DNS to the shared ones", () => {
    const policies = generateKitPolicies(service("svc-1", ["svc-2", "svc-3"]), ["kube-system"]);
    expect(policies.map((p) => [p.name, p.namespace, p.fingerprint])).toEqual([
      ["svc-1-default-deny", "svc-1", "fp-svc-1:default-deny"],
      ["svc-1-allow-egress", "svc-1", "fp-svc-1:egress"],
      ["svc-1-allow-ingress", "svc-1", "fp-svc-1:ingress"],
      ["svc-1-allow-dns", "svc-1", "fp-svc-1:dns"],
    ]);
    const [deny, egress, ingress, dns] = policies.map((p) => p.raw);
    const meta = (name: string): unknown => ({ name, namespace: "svc-1", labels: managedBy });
    expect(deny).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta("svc-1-default-deny"),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
    expect(egress).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta("svc-1-allow-egress"),
      spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [byName("svc-2"), byName("svc-3")] }] },
    });
    expect(ingress).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta("svc-1-allow-ingress"),
      spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [byName("svc-2"), byName("svc-3")] }] },
    });
    expect(dns).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta("svc-1-allow-dns"),
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [byName("kube-system")], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }],
      },
    });
    // The object renders as plain YAML (no class or getter shows through).
    expect(stringify(egress)).toContain("kubernetes.io/metadata.name: svc-2");
  });

  it("reads an unreadable namespace list as any namespace, both ways", () => {
    const policies = generateKitPolicies(service("svc-1", [], at(9)), []);
    expect(policies.map((p) => p.name)).toEqual(["svc-1-default-deny", "svc-1-allow-egress", "svc-1-allow-ingress"]);
    expect(policies[1]!.egress).toEqual([{ peers: "all", ports: "all", location: at(9) }]);
    expect(policies[2]!.ingress).toEqual([{ peers: "all", ports: "all", location: at(9) }]);
    expect((policies[1]!.raw as { spec: unknown }).spec).toEqual({ podSelector: {}, policyTypes: ["Egress"], egress: [{}] });
    expect((policies[2]!.raw as { spec: unknown }).spec).toEqual({ podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] });
  });

  it("peers name their namespace by its name label, each at its own line, with one shared selector per name", () => {
    const a = generateKitPolicies(service("svc-1", ["svc-3"]), []);
    const b = generateKitPolicies(service("svc-2", ["svc-4", "svc-3"]), []);
    const peersOf = (policies: typeof a): { namespaceSelector?: unknown; location: SourceLocation }[] => {
      const peers = policies.find((p) => p.name.endsWith("allow-ingress"))!.ingress![0]!.peers;
      return peers === "all" ? [] : peers;
    };
    expect(peersOf(b)).toEqual([
      { namespaceSelector: { requirements: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["svc-4"] }] }, location: at(8) },
      { namespaceSelector: { requirements: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["svc-3"] }] }, location: at(9) },
    ]);
    expect(peersOf(a)[0]!.namespaceSelector).toBe(peersOf(b)[1]!.namespaceSelector);
    expect(Object.isFrozen(peersOf(a)[0]!.namespaceSelector)).toBe(true);
    expect(b[0]!.location).toEqual(at(5));
    expect(b[1]!.location).toEqual({ file: "terraform/services/a.tf", line: 8, endLine: 9 });
  });

  it("generates nothing when the module does not enable network policies", () => {
    expect(generateKitPolicies({ ...service("svc-1", ["svc-2"]), enableNetworkPolicy: false }, ["kube-system"])).toEqual([]);
  });
});

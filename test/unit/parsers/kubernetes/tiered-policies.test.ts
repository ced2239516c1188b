import { describe, expect, it } from "vitest";
import { parseManifestFile } from "../../../../src/parsers/kubernetes/parse-manifest-file.js";

const CNP = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: boundary
spec:
  tier: Admin
  priority: 7
  subject:
    namespaces:
      matchLabels: {team: a}
  ingress:
    - name: from-b
      action: Accept
      from:
        - pods:
            podSelector: {matchLabels: {app: web}}
      protocols:
        - tcp: {destinationPort: {number: 8080}}
        - udp: {destinationPort: {range: {start: 1000, end: 2000}}}
        - sctp: {}
        - destinationNamedPort: http
  egress:
    - action: Deny
      to:
        - namespaces: {}
        - networks: ["10.0.0.0/8"]
        - domainNames: ["example.com"]
`;

describe("ClusterNetworkPolicy", () => {
  it("is normalised with its tier, priority, rules in order, peers and ports", () => {
    const result = parseManifestFile("cnp.yaml", CNP);
    expect(result.problems).toEqual([]);
    expect(result.tieredPolicies).toHaveLength(1);
    const p = result.tieredPolicies[0]!;
    expect(p).toMatchObject({ kind: "ClusterNetworkPolicy", name: "boundary", tier: "Admin", priority: 7 });
    expect(p.subject).toEqual({ namespaceSelector: { requirements: [{ key: "team", operator: "In", values: ["a"] }] }, podSelector: null });
    expect(p.ingress[0]).toMatchObject({ name: "from-b", action: "Accept", location: { line: 12 } });
    expect(p.ingress[0]!.peers[0]).toMatchObject({ kind: "pods", namespaceSelector: { requirements: [] }, podSelector: { requirements: [{ key: "app" }] } });
    expect(p.ingress[0]!.ports).toEqual([
      { protocol: "TCP", port: 8080 },
      { protocol: "UDP", port: 1000, endPort: 2000 },
      { protocol: "SCTP" },
      { protocol: "TCP", port: "http" },
    ]);
    expect(p.egress[0]!.ports).toBe("all");
    expect(p.egress[0]!.peers.map((x) => x.kind)).toEqual(["pods", "networks", "unmodelled"]);
    // A Deny to domain names opens nothing: not a traffic filter left unjudged.
    expect(result.otherObjects).toEqual([]);
  });

  it("keeps an Accept to nodes or domain names as an unmodelled traffic filter, at the peer", () => {
    const text = CNP.replace("action: Deny", "action: Accept");
    const result = parseManifestFile("cnp.yaml", text);
    expect(result.otherObjects).toHaveLength(1);
    expect(result.otherObjects[0]).toMatchObject({ kind: "ClusterNetworkPolicy", namespace: null, location: { line: 27 } });
    expect(result.otherObjects[0]!.trafficFilter).toContain("domainNames");
  });

  it.each([
    ["a missing tier", (t: string) => t.replace("  tier: Admin\n", ""), 6, "tier must be Admin or Baseline"],
    ["an unknown action", (t: string) => t.replace("action: Accept", "action: Allow"), 13, 'action must be one of Accept, Deny, Pass, not "Allow"'],
    ["a priority out of range", (t: string) => t.replace("priority: 7", "priority: 1001"), 7, "priority is required: an integer from 0 to 1000"],
    ["two subjects", (t: string) => t.replace("  subject:\n", "  subject:\n    pods: {podSelector: {}}\n"), 9, "exactly one of namespaces, pods"],
    ["a reversed range", (t: string) => t.replace("start: 1000, end: 2000", "start: 2000, end: 1000"), 19, "start (2000) must be less than end (1000)"],
    ["a bad CIDR", (t: string) => t.replace("10.0.0.0/8", "10.0.0.0/33"), 26, "invalid CIDR"],
    ["a peer with two fields", (t: string) => t.replace("- namespaces: {}", "- namespaces: {}\n          networks: [10.0.0.0/8]"), 25, "exactly one of"],
    ["an empty from", (t: string) => t.replace(/from:\n {8}- pods:\n {12}podSelector: \{matchLabels: \{app: web\}\}/, "from: []"), 14, "from is required"],
    ["an unknown field", (t: string) => t.replace("  tier: Admin", "  tier: Admin\n  tiers: x"), 7, 'unknown field "tiers"'],
  ])("reports %s at its line and drops the object", (_what, edit, line, message) => {
    const result = parseManifestFile("cnp.yaml", edit(CNP));
    expect(result.tieredPolicies).toEqual([]);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]).toMatchObject({ rule: "invalid-policy", severity: "error", location: { file: "cnp.yaml", line } });
    expect(result.problems[0]!.message).toContain(message);
  });
});

describe("v1alpha1 admin network policies", () => {
  it("reads an AdminNetworkPolicy (Allow as Accept, ports, protocol TCP by default) and a BaselineAdminNetworkPolicy (Baseline, no priority)", () => {
    const text = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: anp}
spec:
  priority: 3
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {a: b}}}}
  egress:
    - action: Allow
      to: [{namespaces: {}}]
      ports:
        - portNumber: {protocol: UDP, port: 53}
        - portRange: {start: 80, end: 90}
        - namedPort: dns
        - portNumber: {port: 8443}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress:
    - action: Deny
      from: [{namespaces: {}}]
`;
    const result = parseManifestFile("anp.yaml", text);
    expect(result.problems).toEqual([]);
    const [anp, banp] = result.tieredPolicies;
    expect(anp).toMatchObject({ kind: "AdminNetworkPolicy", tier: "Admin", priority: 3, subject: { podSelector: { requirements: [{ key: "a" }] } } });
    expect(anp!.egress[0]!.action).toBe("Accept");
    expect(anp!.egress[0]!.ports).toEqual([{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 80, endPort: 90 }, { protocol: "TCP", port: "dns" }, { protocol: "TCP", port: 8443 }]);
    expect(banp).toMatchObject({ kind: "BaselineAdminNetworkPolicy", tier: "Baseline", priority: null });
    expect(banp!.ingress[0]!.action).toBe("Deny");
  });

  it("refuses Pass in a BaselineAdminNetworkPolicy and any name but default", () => {
    const text = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: mine}
spec:
  subject: {namespaces: {}}
  ingress:
    - action: Pass
      from: [{namespaces: {}}]
`;
    const result = parseManifestFile("banp.yaml", text);
    expect(result.tieredPolicies).toEqual([]);
    expect(result.problems.map((p) => p.location.line)).toEqual([3, 7]);
  });

  it("refuses pods without a namespaceSelector, which v1alpha1 requires: the API server would refuse the object, so it must not deny", () => {
    const text = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-all}
spec:
  priority: 1
  subject:
    pods:
      podSelector: {}
  ingress:
    - action: Deny
      from:
        - pods:
            namespaceSelector: null
            podSelector: {}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  egress:
    - action: Deny
      to: [{pods: {podSelector: {}}}]
`;
    const result = parseManifestFile("anp.yaml", text);
    expect(result.tieredPolicies).toEqual([]);
    expect(result.problems.map((p) => [p.location.line, p.message.includes("namespaceSelector is required")])).toEqual([
      [8, true],
      [13, true],
      [23, true],
    ]);
  });

  it("a ClusterNetworkPolicy may leave out namespaceSelector (every namespace) but not podSelector, null included", () => {
    const cnp = (pods: string): string =>
      `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: c}\nspec:\n  tier: Admin\n  priority: 1\n  subject: {pods: ${pods}}\n`;
    expect(parseManifestFile("c.yaml", cnp("{podSelector: {}}")).problems).toEqual([]);
    expect(parseManifestFile("c.yaml", cnp("{namespaceSelector: {}, podSelector: null}")).problems.map((p) => p.message)).toEqual([
      expect.stringContaining("pods.podSelector is required"),
    ]);
  });

  it("leaves another version of these kinds to unmodelled-traffic-filter", () => {
    const text = "apiVersion: policy.networking.k8s.io/v1alpha9\nkind: AdminNetworkPolicy\nmetadata: {name: x}\nspec: {}\n";
    const result = parseManifestFile("x.yaml", text);
    expect(result.tieredPolicies).toEqual([]);
    expect(result.otherObjects[0]!.trafficFilter).toContain("AdminNetworkPolicy");
  });
});

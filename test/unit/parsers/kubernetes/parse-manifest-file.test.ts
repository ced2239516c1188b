import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ManifestFileResult, NetworkPolicyModel } from "../../../../src/model/types.js";
import { parseManifestFile } from "../../../../src/parsers/kubernetes/parse-manifest-file.js";

const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/manifests/${name}`, import.meta.url), "utf8");

/** A NetworkPolicy document with `spec` indented under `spec:` (give it without indentation). */
function policyYaml(spec: string, name = "p", namespace = "team-a"): string {
  const indented = spec
    .trim()
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${indented}\n`;
}

function onlyPolicy(result: ManifestFileResult): NetworkPolicyModel {
  expect(result.problems).toEqual([]);
  expect(result.policies).toHaveLength(1);
  const policy = result.policies[0];
  if (policy === undefined) throw new Error("no policy");
  return policy;
}

const parsePolicy = (spec: string): NetworkPolicyModel => onlyPolicy(parseManifestFile("p.yaml", policyYaml(spec)));

describe("policyTypes defaulting", () => {
  it.each([
    ["nothing but the selector", "podSelector: {}", 0, null],
    ["ingress rules only", "podSelector: {}\ningress:\n  - {}", 1, null],
    ["egress: [] without policyTypes restricts nothing", "podSelector: {}\negress: []", 0, null],
    ["egress rules without policyTypes", "podSelector: {}\negress:\n  - {}", 0, 1],
    ["policyTypes [Egress] without egress denies all egress", "podSelector: {}\npolicyTypes: [Egress]", null, 0],
    ["policyTypes [Egress] with egress: []", "podSelector: {}\npolicyTypes: [Egress]\negress: []", null, 0],
    ["policyTypes [Egress] ignores ingress rules", "podSelector: {}\npolicyTypes: [Egress]\ningress:\n  - {}", null, 0],
    ["policyTypes [Ingress] ignores egress rules", "podSelector: {}\npolicyTypes: [Ingress]\negress:\n  - {}", 0, null],
    ["both types, no rules", "podSelector: {}\npolicyTypes: [Ingress, Egress]", 0, 0],
    ["policyTypes: [] defaults like omitted", "podSelector: {}\npolicyTypes: []\negress:\n  - {}\n  - {}", 0, 2],
    ["policyTypes: null defaults like omitted", "podSelector: {}\npolicyTypes: null\negress: []", 0, null],
    ["no spec at all: ingress denied to every pod", "{}", 0, null],
  ] as const)("%s", (_label, spec, ingress, egress) => {
    const policy = parsePolicy(spec);
    expect(policy.ingress === null ? null : policy.ingress.length).toBe(ingress);
    expect(policy.egress === null ? null : policy.egress.length).toBe(egress);
  });

  it("treats a policy without spec like an empty spec", () => {
    const result = parseManifestFile("p.yaml", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\n");
    const policy = onlyPolicy(result);
    expect(policy).toMatchObject({ namespace: "default", podSelector: { requirements: [] }, ingress: [], egress: null });
  });
});

describe("selectors and peers", () => {
  it.each([
    ["{}", "podSelector: {}"],
    ["missing", "policyTypes: [Ingress]"],
    ["matchLabels: null", "podSelector:\n  matchLabels: null"],
    ["null", "podSelector: null"],
    ["matchExpressions: []", "podSelector:\n  matchExpressions: []"],
  ])("podSelector %s selects every pod", (_label, spec) => {
    expect(parsePolicy(spec).podSelector).toEqual({ requirements: [] });
  });

  it("turns matchLabels into In requirements and keeps matchExpressions", () => {
    const policy = parsePolicy(`
podSelector:
  matchLabels: {app: web, tier: front}
  matchExpressions:
    - {key: env, operator: NotIn, values: [prod, staging]}
    - {key: company-x.tree.hnc.x-k8s.io/depth, operator: Exists}
    - {key: legacy, operator: DoesNotExist, values: null}`);
    expect(policy.podSelector.requirements).toEqual([
      { key: "app", operator: "In", values: ["web"] },
      { key: "tier", operator: "In", values: ["front"] },
      { key: "env", operator: "NotIn", values: ["prod", "staging"] },
      { key: "company-x.tree.hnc.x-k8s.io/depth", operator: "Exists", values: [] },
      { key: "legacy", operator: "DoesNotExist", values: [] },
    ]);
  });

  it("keeps podSelector and namespaceSelector of one item together (AND) and separate items apart (OR)", () => {
    const policy = parsePolicy(`
podSelector: {}
ingress:
  - from:
      - namespaceSelector: {matchLabels: {team: a}}
        podSelector: {matchLabels: {app: api}}
      - namespaceSelector: {matchLabels: {team: b}}
      - podSelector: {matchLabels: {app: db}}`);
    const peers = policy.ingress?.[0]?.peers;
    if (!Array.isArray(peers)) throw new Error("expected a peer list");
    expect(peers).toHaveLength(3);
    expect(peers[0]).toMatchObject({
      namespaceSelector: { requirements: [{ key: "team", operator: "In", values: ["a"] }] },
      podSelector: { requirements: [{ key: "app", operator: "In", values: ["api"] }] },
    });
    expect(peers[1]).toMatchObject({ namespaceSelector: { requirements: [{ key: "team", values: ["b"] }] } });
    expect(peers[1]?.podSelector).toBeUndefined();
    expect(peers[2]).toMatchObject({ podSelector: { requirements: [{ key: "app", values: ["db"] }] } });
    expect(peers[2]?.namespaceSelector).toBeUndefined();
  });

  it("reads `- {}` as a rule allowing every peer on every port", () => {
    const policy = parsePolicy("podSelector: {}\ningress:\n  - {}\negress:\n  - {}");
    expect(policy.ingress?.[0]).toMatchObject({ peers: "all", ports: "all" });
    expect(policy.egress?.[0]).toMatchObject({ peers: "all", ports: "all" });
  });

  it("reads empty from/to/ports lists and a null rule as 'all'", () => {
    const policy = parsePolicy("podSelector: {}\ningress:\n  - from: []\n    ports: []\n  -\negress:\n  - to: null");
    expect(policy.ingress).toMatchObject([
      { peers: "all", ports: "all" },
      { peers: "all", ports: "all" },
    ]);
    expect(policy.egress).toMatchObject([{ peers: "all", ports: "all" }]);
  });

  it("keeps namespaceSelector: {} as an empty selector (every namespace)", () => {
    const policy = parsePolicy("podSelector: {}\negress:\n  - to:\n      - namespaceSelector: {}");
    const peers = policy.egress?.[0]?.peers;
    expect(peers).toEqual([{ namespaceSelector: { requirements: [] }, location: expect.anything() }]);
  });

  it("reads ports with the TCP default, named ports and ranges", () => {
    const policy = parsePolicy(`
podSelector: {}
egress:
  - ports:
      - port: 53
        protocol: UDP
      - port: 53
      - port: dns-tcp
      - port: 8000
        endPort: 9000
        protocol: SCTP
      - protocol: UDP`);
    expect(policy.egress?.[0]?.ports).toEqual([
      { protocol: "UDP", port: 53 },
      { protocol: "TCP", port: 53 },
      { protocol: "TCP", port: "dns-tcp" },
      { protocol: "SCTP", port: 8000, endPort: 9000 },
      { protocol: "UDP" },
    ]);
  });

  it("reads IPv4 and IPv6 ipBlocks, masking host bits", () => {
    const policy = parsePolicy(`
podSelector: {}
egress:
  - to:
      - ipBlock:
          cidr: 2001:db8::/32
          except: [2001:db8:1::/48, "2001:db8:2::1/64"]
      - ipBlock: {cidr: "fd00::1/8"}
      - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 192.168.0.0/16]}
      - ipBlock: {cidr: "::/0"}`);
    const peers = policy.egress?.[0]?.peers;
    if (!Array.isArray(peers)) throw new Error("expected a peer list");
    expect(peers.map((peer) => peer.ipBlock)).toEqual([
      { cidr: "2001:db8::/32", except: ["2001:db8:1::/48", "2001:db8:2::/64"] },
      { cidr: "fd00::/8", except: [] },
      { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "192.168.0.0/16"] },
      { cidr: "::/0", except: [] },
    ]);
  });
});

describe("locations", () => {
  const text = [
    "# leading comment", // 1
    "apiVersion: networking.k8s.io/v1", // 2
    "kind: NetworkPolicy", // 3
    "metadata:", // 4
    "  name: web", // 5
    "  namespace: team-a", // 6
    "spec:", // 7
    "  podSelector: {}", // 8
    "  ingress:", // 9
    "    - from:", // 10
    "        - podSelector:", // 11
    "            matchLabels:", // 12
    "              app: api", // 13
    "        - namespaceSelector: {}", // 14
    "      ports:", // 15
    "        - port: 80", // 16
    "", // 17
    "    - {}", // 18
    "  egress:", // 19
    "    - to:", // 20
    "        - ipBlock:", // 21
    "            cidr: 10.0.0.0/8", // 22
    "# trailing comment", // 23
    "---", // 24
    "apiVersion: v1", // 25
    "kind: Namespace", // 26
    "metadata:", // 27
    "  name: team-a", // 28
    "",
  ].join("\n");
  const result = parseManifestFile("deploy/web.yaml", text);
  const policy = onlyPolicy(result);

  it("places the policy object", () => {
    expect(policy.location).toEqual({ file: "deploy/web.yaml", line: 2, endLine: 22 });
  });

  it("places every rule on its list item", () => {
    expect(policy.ingress?.map((rule) => [rule.location.line, rule.location.endLine])).toEqual([
      [10, 16],
      [18, 18],
    ]);
    expect(policy.egress?.map((rule) => [rule.location.line, rule.location.endLine])).toEqual([[20, 22]]);
  });

  it("places every peer on its list item", () => {
    const ingressPeers = policy.ingress?.[0]?.peers;
    const egressPeers = policy.egress?.[0]?.peers;
    if (!Array.isArray(ingressPeers) || !Array.isArray(egressPeers)) throw new Error("expected peer lists");
    expect(ingressPeers.map((peer) => [peer.location.line, peer.location.endLine])).toEqual([
      [11, 13],
      [14, 14],
    ]);
    expect(egressPeers.map((peer) => [peer.location.line, peer.location.endLine])).toEqual([[21, 22]]);
  });

  it("places the namespace of a second document and the namespace mention", () => {
    expect(result.namespaces).toEqual([
      { name: "team-a", labels: { "kubernetes.io/metadata.name": "team-a" }, location: { file: "deploy/web.yaml", line: 25, endLine: 28 } },
    ]);
    expect(result.namespaceMentions).toEqual([{ name: "team-a", location: { file: "deploy/web.yaml", line: 6, endLine: 6 } }]);
  });

  it("places problems on the offending value", () => {
    const bad = parseManifestFile("bad.yaml", text.replace("port: 80", "port: 80000"));
    expect(bad.policies).toEqual([]);
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toMatchObject({ rule: "invalid-policy", severity: "error", namespace: "team-a", location: { line: 16, endLine: 16 } });
    expect(bad.problems[0]?.message).toContain("spec.ingress[0].ports[0].port");
  });

  it("places an unknown field on its key", () => {
    const bad = parseManifestFile("bad.yaml", text.replace("    - to:", "    - tow:"));
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toMatchObject({ rule: "invalid-policy", location: { line: 20, endLine: 20 } });
    expect(bad.problems[0]?.message).toContain('unknown field "tow"');
  });
});

describe("files with several documents and lists", () => {
  it("reads the other documents when one is broken", () => {
    const result = parseManifestFile("multi.yaml", fixture("multi-document-one-broken.yaml"));
    expect(result.policies.map((policy) => policy.name)).toEqual(["first"]);
    expect(result.namespaces.map((namespace) => namespace.name)).toEqual(["team-c"]);
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) {
      expect(problem.rule).toBe("parse-error");
      expect(problem.severity).toBe("error");
      expect(problem.location.line).toBeGreaterThanOrEqual(9);
      expect(problem.location.line).toBeLessThanOrEqual(17);
      expect(problem.namespace).toBe("team-b");
    }
  });

  it("reads kind: List and a NetworkPolicyList whose items have no kind", () => {
    const result = parseManifestFile("list.yaml", fixture("list-without-item-kinds.yaml"));
    expect(result.problems).toEqual([]);
    expect(result.namespaces.map((namespace) => [namespace.name, namespace.location.line])).toEqual([["from-generic-list", 6]]);
    expect(result.policies.map((policy) => [policy.name, policy.namespace, policy.location.line])).toEqual([
      ["listed-one", "team-a", 14],
      ["listed-two", "team-b", 22],
    ]);
    expect(result.policies[0]?.ingress?.[0]?.location).toEqual({ file: "list.yaml", line: 20, endLine: 21 });
    expect(result.policies[1]).toMatchObject({ ingress: null, egress: [] });
    expect(result.policies[0]?.raw).toMatchObject({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "listed-one" } });
    expect(result.otherObjects).toEqual([]);
  });

  it("reads items of a PodList as pods in their namespaces", () => {
    const text = JSON.stringify({
      apiVersion: "v1",
      kind: "PodList",
      items: [
        { metadata: { name: "a", namespace: "ns-1" } },
        { metadata: { name: "b" } },
        { metadata: { name: "c", namespace: "ns-1" } },
      ],
    });
    const result = parseManifestFile("pods.json", text);
    expect(result.otherObjects.map((object) => [object.kind, object.name, object.namespace])).toEqual([
      ["Pod", "a", "ns-1"],
      ["Pod", "b", "default"],
      ["Pod", "c", "ns-1"],
    ]);
    expect(result.namespaceMentions.map((mention) => mention.name)).toEqual(["ns-1", "default"]);
  });

  it("reads JSON, with lines", () => {
    const result = parseManifestFile("policy.json", fixture("policy.json"));
    const policy = onlyPolicy(result);
    expect(policy).toMatchObject({ name: "from-json", namespace: "team-a", location: { line: 1, endLine: 18 }, egress: null });
    expect(policy.ingress?.[0]?.location).toEqual({ file: "policy.json", line: 11, endLine: 15 });
    const peers = policy.ingress?.[0]?.peers;
    expect(Array.isArray(peers) ? peers[0]?.location.line : null).toBe(13);
  });

  it("ignores what is not a Kubernetes object", () => {
    const text = [
      "just a string",
      "---",
      "- a\n- list",
      "---",
      "name: no kind here",
      "---",
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]",
      "---",
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nmetadata: {name: k}",
      "---",
      "kind: Deployment\nmetadata: {name: no-api-version}",
      "---",
      "",
      "---",
      "kind: 42\napiVersion: v1\nmetadata: {name: x}",
    ].join("\n");
    const result = parseManifestFile("misc.yaml", text);
    expect(result).toEqual({ policies: [], namespaces: [], hncParents: [], hncConfigs: [], tieredPolicies: [], namespaceMentions: [], otherObjects: [], problems: [] });
  });

  it("returns an empty result for an empty file", () => {
    expect(parseManifestFile("empty.yaml", "")).toEqual({
      policies: [],
      namespaces: [],
      hncParents: [],
      hncConfigs: [],
      tieredPolicies: [],
      namespaceMentions: [],
      otherObjects: [],
      problems: [],
    });
  });
});

describe("namespace mentions and other objects", () => {
  const text = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team-a}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: team-a}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
---
apiVersion: v1
kind: Namespace
metadata: {name: team-b}
---
apiVersion: hnc.x-k8s.io/v1alpha2
kind: SubnamespaceAnchor
metadata: {name: service-9, namespace: team-b}
---
apiVersion: example.com/v1
kind: Widget
metadata: {generateName: widget-, namespace: team-c}
`;
  const result = parseManifestFile("objects.yaml", text);

  it("mentions each namespace once, default for objects without one, never for cluster-scoped objects", () => {
    expect(result.namespaceMentions.map((mention) => [mention.name, mention.location.line])).toEqual([
      ["team-a", 4],
      ["default", 10],
      ["team-b", 24],
      ["service-9", 24],
      ["team-c", 28],
    ]);
  });

  it("lists the other objects with their namespace, place and fingerprint", () => {
    expect(result.otherObjects.map((object) => [object.kind, object.name, object.namespace, object.location.line])).toEqual([
      ["Deployment", "web", "team-a", 2],
      ["Service", "web", "team-a", 6],
      ["ConfigMap", "settings", "default", 10],
      ["ClusterRole", "reader", null, 14],
      ["Widget", "widget-", "team-c", 26],
    ]);
    for (const object of result.otherObjects) expect(object.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(result.otherObjects.map((object) => object.fingerprint)).size).toBe(5);
  });

  it("marks the traffic filters it does not model, for the engine to judge", () => {
    const foreign = parseManifestFile(
      "calico.yaml",
      [
        "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: team-a}\nspec: {}",
        "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: l7}",
        "apiVersion: crd.antrea.io/v1beta1\nkind: NetworkPolicy\nmetadata: {name: antrea, namespace: team-b}",
      ].join("\n---\n"),
    );
    expect(foreign.policies).toEqual([]);
    expect(foreign.problems).toEqual([]);
    expect(foreign.otherObjects.map((o) => [o.kind, o.namespace, o.location.line, o.trafficFilter])).toEqual([
      ["NetworkPolicy", "team-a", 1, 'Calico NetworkPolicy "deny" (projectcalico.org/v3)'],
      ["CiliumNetworkPolicy", "default", 6, 'Cilium CiliumNetworkPolicy "l7" (cilium.io/v2)'],
      ["NetworkPolicy", "team-b", 10, 'NetworkPolicy of crd.antrea.io "antrea" (crd.antrea.io/v1beta1)'],
    ]);
  });
});

describe("HNC objects", () => {
  it("reads HierarchyConfiguration, SubnamespaceAnchor and HNCConfiguration", () => {
    const result = parseManifestFile("hnc.yaml", fixture("hnc-objects.yaml"));
    expect(result.problems).toEqual([]);
    expect(result.hncParents).toEqual([
      { child: "team-a", parent: "company-x", via: "HierarchyConfiguration", location: { file: "hnc.yaml", line: 7, endLine: 7 } },
      { child: "service-1", parent: "team-a", via: "SubnamespaceAnchor", location: { file: "hnc.yaml", line: 9, endLine: 13 } },
    ]);
    expect(result.hncConfigs).toHaveLength(1);
    expect(result.hncConfigs[0]).toMatchObject({ networkPolicyMode: "Propagate", location: { line: 15, endLine: 25 } });
    expect(result.hncConfigs[0]?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(result.namespaceMentions.map((mention) => mention.name)).toEqual(["team-a", "service-1"]);
    expect(result.otherObjects).toEqual([]);
  });

  it.each([
    ["absent", "    - resource: secrets", null],
    ["without a mode (HNC treats it as Propagate)", "    - group: networking.k8s.io\n      resource: networkpolicies", "Propagate"],
    ["Ignore", "    - group: networking.k8s.io\n      resource: networkpolicies\n      mode: Ignore", "Ignore"],
    ["AllowPropagate", "    - group: networking.k8s.io\n      resource: networkpolicies\n      mode: AllowPropagate", "AllowPropagate"],
    ["in the core group (not NetworkPolicies)", "    - resource: networkpolicies\n      mode: Propagate", null],
  ])("reads the networkpolicies mode when %s", (_label, resources, mode) => {
    const text = `apiVersion: hnc.x-k8s.io/v1alpha2\nkind: HNCConfiguration\nmetadata:\n  name: config\nspec:\n  resources:\n${resources}\n`;
    const result = parseManifestFile("hnc.yaml", text);
    expect(result.problems).toEqual([]);
    expect(result.hncConfigs.map((config) => config.networkPolicyMode)).toEqual([mode]);
  });

  it("reads HNC's managed labels of a HierarchyConfiguration and of a SubnamespaceAnchor's child", () => {
    const result = parseManifestFile(
      "hnc.yaml",
      [
        "apiVersion: hnc.x-k8s.io/v1alpha2\nkind: HierarchyConfiguration\nmetadata: {name: hierarchy, namespace: team-a}\nspec:\n  parent: company-x\n  labels:\n    - {key: env, value: prod}",
        "apiVersion: hnc.x-k8s.io/v1alpha2\nkind: SubnamespaceAnchor\nmetadata: {name: service-9, namespace: team-a}\nspec:\n  labels:\n    - {key: tier, value: db}\n    - {key: 3}",
      ].join("\n---\n"),
    );
    expect(result.namespaces).toEqual([
      { name: "team-a", labels: { env: "prod" }, location: { file: "hnc.yaml", line: 7, endLine: 7 }, managedBy: "HierarchyConfiguration" },
      { name: "service-9", labels: { tier: "db" }, location: { file: "hnc.yaml", line: 14, endLine: 15 }, managedBy: "SubnamespaceAnchor" },
    ]);
    expect(result.problems.map((p) => [p.rule, p.location.line, p.message])).toEqual([
      ["invalid-policy", 15, 'SubnamespaceAnchor "service-9" in "team-a": spec.labels[1]: a managed label needs a string key and a string value'],
    ]);
  });

  it("reads a root namespace (no parent) as no declaration", () => {
    const result = parseManifestFile("hnc.yaml", "apiVersion: hnc.x-k8s.io/v1alpha2\nkind: HierarchyConfiguration\nmetadata: {name: hierarchy, namespace: company-x}\nspec: {}\n");
    expect(result.problems).toEqual([]);
    expect(result.hncParents).toEqual([]);
    expect(result.namespaceMentions.map((mention) => mention.name)).toEqual(["company-x"]);
  });

  it.each([
    ["a HierarchyConfiguration not named hierarchy", "kind: HierarchyConfiguration\nmetadata: {name: other, namespace: team-a}\nspec: {parent: company-x}", 3],
    ["a parent that is not a namespace name", "kind: HierarchyConfiguration\nmetadata: {name: hierarchy, namespace: team-a}\nspec: {parent: Company_X}", 4],
    ["a namespace that is its own parent", "kind: HierarchyConfiguration\nmetadata: {name: hierarchy, namespace: team-a}\nspec: {parent: team-a}", 4],
    ["an anchor without a name", "kind: SubnamespaceAnchor\nmetadata: {namespace: team-a}", 3],
    ["an HNCConfiguration not named config", "kind: HNCConfiguration\nmetadata: {name: other}\nspec: {resources: []}", 3],
    ["an unknown mode", "kind: HNCConfiguration\nmetadata: {name: config}\nspec:\n  resources:\n    - {group: networking.k8s.io, resource: networkpolicies, mode: Copy}", 6],
    [
      "networkpolicies configured twice",
      "kind: HNCConfiguration\nmetadata: {name: config}\nspec:\n  resources:\n    - {group: networking.k8s.io, resource: networkpolicies}\n    - {group: networking.k8s.io, resource: networkpolicies, mode: Ignore}",
      7,
    ],
  ])("reports %s and declares nothing", (_label, body, line) => {
    const result = parseManifestFile("hnc.yaml", `apiVersion: hnc.x-k8s.io/v1alpha2\n${body}\n`);
    expect(result.hncParents).toEqual([]);
    expect(result.hncConfigs).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.severity).toBe("error");
    expect(result.problems[0]?.location.line).toBe(line);
  });
});

describe("labels, annotations and raw", () => {
  it("keeps labels (the HNC inherited-from label too), annotations and the raw object", () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: vc-to-vc
  namespace: service-1
  labels:
    hnc.x-k8s.io/inherited-from: company-x
  annotations:
    propagate.hnc.x-k8s.io/treeSelect: "!team-b"
spec:
  podSelector: {}
`;
    const policy = onlyPolicy(parseManifestFile("p.yaml", text));
    expect(policy.labels).toEqual({ "hnc.x-k8s.io/inherited-from": "company-x" });
    expect(policy.annotations).toEqual({ "propagate.hnc.x-k8s.io/treeSelect": "!team-b" });
    expect(policy.origin).toEqual({ kind: "manifest" });
    expect(policy.raw).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: {
        name: "vc-to-vc",
        namespace: "service-1",
        labels: { "hnc.x-k8s.io/inherited-from": "company-x" },
        annotations: { "propagate.hnc.x-k8s.io/treeSelect": "!team-b" },
      },
      spec: { podSelector: {} },
    });
  });

  it("sets the metadata.name label of a Namespace like the API server", () => {
    const result = parseManifestFile("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels:\n    company: x\n    kubernetes.io/metadata.name: spoofed\n");
    expect(result.namespaces[0]?.labels).toEqual({ company: "x", "kubernetes.io/metadata.name": "team-a" });
  });
});

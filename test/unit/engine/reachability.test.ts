import { describe, expect, it } from "vitest";
import { refFromFiles } from "../../helpers/model-from-files.js";

const ns = (...names: string[]): string => names.map((n) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n`).join("---\n");
const policy = (namespace: string, name: string, spec: string): string =>
  `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec
    .trim()
    .split("\n")
    .map((l) => "  " + l)
    .join("\n")}\n`;

const denyAll = (namespace: string): string => policy(namespace, "deny", "podSelector: {}\npolicyTypes: [Ingress, Egress]");

async function edges(manifest: string): Promise<string[]> {
  const { reach } = await refFromFiles({ "k8s/all.yaml": manifest });
  return reach
    .allEdges()
    .filter((e) => e.from !== "kube-system" && e.to !== "kube-system")
    .map((e) => `${e.from}->${e.to}`);
}

describe("Reachability", () => {
  it("without policies every namespace reaches every namespace, itself included", async () => {
    expect(await edges(ns("a", "b"))).toEqual(["a->a", "a->b", "b->a", "b->b"]);
  });

  it("needs both the source's egress and the destination's ingress", async () => {
    const manifest =
      ns("a", "b") +
      denyAll("a") +
      denyAll("b") +
      policy("a", "out", "podSelector: {}\npolicyTypes: [Egress]\negress:\n- to:\n  - namespaceSelector:\n      matchLabels:\n        kubernetes.io/metadata.name: b");
    expect(await edges(manifest)).toEqual([]);
    const both = manifest + policy("b", "in", "podSelector: {}\ningress:\n- from:\n  - namespaceSelector:\n      matchLabels:\n        kubernetes.io/metadata.name: a");
    expect(await edges(both)).toEqual(["a->b"]);
  });

  it("a policy selecting some pods does not isolate the namespace", async () => {
    const manifest = ns("a", "b") + policy("b", "some", "podSelector:\n  matchLabels:\n    app: db\ningress: []");
    expect(await edges(manifest)).toContain("a->b");
  });

  it("policyTypes omitted with egress: [] restricts no egress; policyTypes [Egress] with no rules denies it", async () => {
    const open = ns("a", "b") + policy("a", "p", "podSelector: {}\negress: []");
    expect(await edges(open)).toContain("a->b");
    expect(await edges(open)).not.toContain("b->a");
    const closed = ns("a", "b") + policy("a", "p", "podSelector: {}\npolicyTypes: [Egress]");
    expect(await edges(closed)).not.toContain("a->b");
    expect(await edges(closed)).toContain("b->a");
  });

  it("a podSelector-only peer means the policy's own namespace", async () => {
    const manifest = ns("a", "b") + denyAll("a") + policy("a", "self", "podSelector: {}\ningress:\n- from:\n  - podSelector: {}\negress:\n- to:\n  - podSelector: {}");
    expect(await edges(manifest)).toEqual(["a->a", "b->b"]);
  });

  it("an ipBlock overlapping the cluster ranges reaches every namespace; a public one reaches none", async () => {
    const wide = ns("a", "b") + denyAll("a") + policy("a", "ip", "podSelector: {}\negress:\n- to:\n  - ipBlock:\n      cidr: 10.0.0.0/16");
    expect(await edges(wide)).toEqual(["a->b", "b->b"]);
    const narrow = ns("a", "b") + denyAll("a") + policy("a", "ip", "podSelector: {}\negress:\n- to:\n  - ipBlock:\n      cidr: 8.8.8.8/32");
    expect(await edges(narrow)).toEqual(["b->b"]);
  });

  it("HNC propagates a company's policies to its descendants only when configured to", async () => {
    const tree =
      ns("company-x", "team-a", "other") +
      "---\napiVersion: hnc.x-k8s.io/v1alpha2\nkind: SubnamespaceAnchor\nmetadata:\n  name: team-a\n  namespace: company-x\n" +
      denyAll("company-x");
    expect(await edges(tree)).toContain("team-a->other");
    const propagating =
      tree +
      "---\napiVersion: hnc.x-k8s.io/v1alpha2\nkind: HNCConfiguration\nmetadata:\n  name: config\nspec:\n  resources:\n  - group: networking.k8s.io\n    resource: networkpolicies\n    mode: Propagate\n";
    expect(await edges(propagating)).not.toContain("team-a->other");
    expect(await edges(propagating)).toContain("other->other");
  });
});

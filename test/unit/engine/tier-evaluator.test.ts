/**
 * The Admin and Baseline tiers at namespace level, on the cases of the Network Policy API's conformance
 * suite (conformance/base/api_integration and admin_tier) transcribed to namespaces: where the suite's
 * policies cover whole namespaces on every port the engine must decide as the suite expects (precision), and
 * where they select some pods or ports it must keep the edge (soundness).
 */
import { describe, expect, it } from "vitest";
import { refFromFiles } from "../../helpers/model-from-files.js";
import type { TierStep } from "../../../src/engine/tier-evaluator.js";

const HOUSES = ["gryffindor", "slytherin", "hufflepuff"];
const namespaces = HOUSES.map((h) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${h}\n  labels:\n    conformance-house: ${h}\n`).join("---\n");

const house = (h: string): string => `{matchLabels: {conformance-house: ${h}}}`;

/** A ClusterNetworkPolicy whose subject is one house, with one rule per direction towards another. */
function cnp(name: string, tier: "Admin" | "Baseline", priority: number, subject: string, rules: { action: string; peer: string; extra?: string }[]): string {
  const rule = (key: "from" | "to", r: { action: string; peer: string; extra?: string }): string =>
    `  - action: ${r.action}\n    ${key}:\n    - ${r.peer}\n${r.extra ? `    ${r.extra}\n` : ""}`;
  return [
    "---",
    "apiVersion: policy.networking.k8s.io/v1alpha2",
    "kind: ClusterNetworkPolicy",
    `metadata: {name: ${name}}`,
    "spec:",
    `  tier: ${tier}`,
    `  priority: ${priority}`,
    `  subject: {namespaces: ${house(subject)}}`,
    "  ingress:",
    ...rules.map((r) => rule("from", r).trimEnd()),
    "  egress:",
    ...rules.map((r) => rule("to", r).trimEnd()),
    "",
  ].join("\n");
}

const allowSlytherinNp = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-slytherin, namespace: gryffindor}
spec:
  podSelector:
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{namespaceSelector: ${house("slytherin")}}]
  egress:
  - to: [{namespaceSelector: ${house("slytherin")}}]
`;
const denyAllNp = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: gryffindor}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n";

async function pairs(manifest: string): Promise<{ g2s: boolean; s2g: boolean; g2h: boolean }> {
  const { reach } = await refFromFiles({ "k8s/all.yaml": namespaces + manifest });
  return { g2s: reach.hasEdge("gryffindor", "slytherin"), s2g: reach.hasEdge("slytherin", "gryffindor"), g2h: reach.hasEdge("gryffindor", "hufflepuff") };
}

const slytherin = `namespaces: ${house("slytherin")}`;

describe("tiers, from the conformance suite's api_integration case (ANP, NetworkPolicy, BANP)", () => {
  it("an Admin Deny of whole namespaces wins over a NetworkPolicy that allows them", async () => {
    expect(await pairs(cnp("pass-example", "Admin", 10, "gryffindor", [{ action: "Deny", peer: slytherin }]) + allowSlytherinNp)).toEqual({ g2s: false, s2g: false, g2h: false });
  });

  it("turned into Pass, the NetworkPolicy decides (allows), even with a Baseline Deny after it", async () => {
    const manifest = cnp("pass-example", "Admin", 10, "gryffindor", [{ action: "Pass", peer: slytherin }]) + allowSlytherinNp + cnp("default", "Baseline", 10, "gryffindor", [{ action: "Deny", peer: slytherin }]);
    expect(await pairs(manifest)).toEqual({ g2s: true, s2g: true, g2h: false });
  });

  it("Pass with no NetworkPolicy falls to the Baseline Deny", async () => {
    const manifest = cnp("pass-example", "Admin", 10, "gryffindor", [{ action: "Pass", peer: slytherin }]) + cnp("default", "Baseline", 10, "gryffindor", [{ action: "Deny", peer: slytherin }]);
    expect(await pairs(manifest)).toEqual({ g2s: false, s2g: false, g2h: true });
  });

  it("Pass then a NetworkPolicy that isolates the namespace removes the edge", async () => {
    expect(await pairs(cnp("pass", "Admin", 10, "gryffindor", [{ action: "Pass", peer: slytherin }]) + denyAllNp)).toMatchObject({ g2s: false, s2g: false });
  });
});

describe("priority and rule order", () => {
  it("a lower priority value goes first", async () => {
    const accept = cnp("accept", "Admin", 40, "gryffindor", [{ action: "Accept", peer: slytherin }]);
    const deny = cnp("deny", "Admin", 50, "gryffindor", [{ action: "Deny", peer: slytherin }]);
    expect(await pairs(accept + deny)).toMatchObject({ g2s: true, s2g: true });
    expect(await pairs(accept.replace("priority: 40", "priority: 60") + deny)).toMatchObject({ g2s: false, s2g: false });
  });

  it("within a policy the first matching rule decides", async () => {
    const acceptFirst = cnp("p", "Admin", 1, "gryffindor", [{ action: "Accept", peer: slytherin }, { action: "Deny", peer: "namespaces: {}" }]);
    expect(await pairs(acceptFirst + denyAllNp)).toEqual({ g2s: true, s2g: true, g2h: false });
    const denyFirst = cnp("p", "Admin", 1, "gryffindor", [{ action: "Deny", peer: "namespaces: {}" }, { action: "Accept", peer: slytherin }]);
    expect(await pairs(denyFirst)).toEqual({ g2s: false, s2g: false, g2h: false });
  });

  it("two policies sharing a priority decide nothing alone: the edge stays (the order is the implementation's)", async () => {
    const manifest = cnp("a", "Admin", 5, "gryffindor", [{ action: "Deny", peer: slytherin }]) + cnp("b", "Admin", 5, "gryffindor", [{ action: "Accept", peer: slytherin }]);
    expect(await pairs(manifest)).toMatchObject({ g2s: true, s2g: true });
  });
});

describe("kinds the API does not order against each other", () => {
  it("an AdminNetworkPolicy Deny at priority 1 does not surely go before a ClusterNetworkPolicy Accept at 50", async () => {
    const anp = `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: old-deny}
spec:
  priority: 1
  subject: {namespaces: ${house("gryffindor")}}
  ingress:
  - action: Deny
    from: [{${slytherin}}]
`;
    const accept = cnp("accept", "Admin", 50, "gryffindor", [{ action: "Accept", peer: slytherin }]);
    expect(await pairs(anp + denyAllNp)).toMatchObject({ s2g: false });
    expect(await pairs(anp + accept + denyAllNp)).toMatchObject({ s2g: true });
  });
});

describe("soundness: a rule matching only some traffic never removes an edge", () => {
  it.each([
    ["some pods of the peer", `pods: {namespaceSelector: ${house("slytherin")}, podSelector: {matchLabels: {conformance-house: slytherin}}}`, undefined],
    ["some ports", slytherin, "protocols: [{tcp: {destinationPort: {number: 80}}}]"],
    ["a named port", slytherin, "protocols: [{destinationNamedPort: web}]"],
  ])("a Deny of %s", async (_what, peer, extra) => {
    const rule = extra === undefined ? { action: "Deny", peer } : { action: "Deny", peer, extra };
    expect(await pairs(cnp("d", "Admin", 1, "gryffindor", [rule]))).toMatchObject({ g2s: true, s2g: true });
  });

  it("a Deny whose subject is some pods of the namespace", async () => {
    const manifest = cnp("d", "Admin", 1, "gryffindor", [{ action: "Deny", peer: slytherin }]).replace(
      `subject: {namespaces: ${house("gryffindor")}}`,
      `subject: {pods: {namespaceSelector: ${house("gryffindor")}, podSelector: {matchLabels: {app: db}}}}`,
    );
    expect(await pairs(manifest)).toMatchObject({ g2s: true, s2g: true });
  });

  it("an Accept of some ports still opens what NetworkPolicies close", async () => {
    const manifest = cnp("a", "Admin", 1, "gryffindor", [{ action: "Accept", peer: slytherin, extra: "protocols: [{udp: {destinationPort: {number: 53}}}]" }]) + denyAllNp;
    expect(await pairs(manifest)).toMatchObject({ g2s: true, s2g: true });
  });
});

describe("networks", () => {
  it("an egress Deny to networks that hold every cluster range removes the pod edges; one that overlaps them does not", async () => {
    const all = cnp("n", "Admin", 1, "gryffindor", [{ action: "Deny", peer: "networks: [0.0.0.0/0]" }]).replace(/ {2}ingress:\n.*\n.*\n.*\n/, "");
    expect(await pairs(all)).toMatchObject({ g2s: false, g2h: false, s2g: true });
    const some = all.replace("0.0.0.0/0", "10.1.0.0/16");
    expect(await pairs(some)).toMatchObject({ g2s: true, g2h: true });
  });
});

describe("explain's trace", () => {
  it("names the rule that decided and the tier that took over", async () => {
    const { reach } = await refFromFiles({
      "k8s/all.yaml": namespaces + cnp("pass", "Admin", 10, "gryffindor", [{ action: "Pass", peer: slytherin }]) + cnp("default", "Baseline", 10, "gryffindor", [{ action: "Deny", peer: slytherin }]),
    });
    const trace: TierStep[] = [];
    expect(reach.egressAllows("gryffindor", "slytherin", trace)).toBe(false);
    expect(trace.map((s) => `${s.policy?.name ?? "-"}:${s.outcome}:${s.match}`)).toEqual(["pass:Pass:all", "-:NetworkPolicies:some", "default:Deny:all"]);
  });
});

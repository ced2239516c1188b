import { describe, expect, it } from "vitest";
import { renderExplain } from "../../../src/report/render-explain.js";
import { refFromFiles, teamKit } from "../../helpers/model-from-files.js";

const tiers = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: late}
spec:
  tier: Admin
  priority: 20
  subject: {namespaces: {}}
  ingress:
  - {name: nobody, action: Deny, from: [{namespaces: {}}]}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: early}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: team-a}}}
  ingress:
  - {name: from-team-b, action: Pass, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: team-b}}}]}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: floor}
spec:
  tier: Baseline
  priority: 1
  subject: {namespaces: {}}
  egress:
  - {action: Deny, to: [{namespaces: {}}]}
`;

describe("explain with tiered policies", () => {
  it("lists them in evaluation order and names the tier that decides each peer", async () => {
    const ref = await refFromFiles({ "t/teams.tf": teamKit("team-a", "company-x") + teamKit("team-b", "company-x"), "k/tiers.yaml": tiers });
    const text = renderExplain(ref, "team-a")!;
    const order = ["Tiered policies, in evaluation order (3):", '1. ClusterNetworkPolicy "early"', '2. ClusterNetworkPolicy "late"', "then the NetworkPolicies", '3. ClusterNetworkPolicy "floor"'];
    const at = order.map((line) => text.indexOf(line));
    expect(at.every((i) => i >= 0), text).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Ingress: team-b is passed to the (absent) NetworkPolicies and allowed; everyone else is denied by "late".
    expect(text).toContain("team-b (company-x): no tier decides: allowed by default");
    expect(text).toMatch(/Refused on this side \(\d+\):[\s\S]*team-a \(company-x\): Admin tier, ClusterNetworkPolicy "late" rule "nobody" \(Deny\)/);
    // Egress: the Baseline Deny refuses everything.
    expect(text).toContain('Baseline tier, ClusterNetworkPolicy "floor" (Deny)');
  });
});

import { describe, expect, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile } from "./hostile-helpers.js";

const FILE = "kubernetes/services/service-1/deny-all-egress.yaml";

describe("hostile: merge keys (`<<`) that smuggle a rule in", () => {
  it("a policy that reads like a deny-all-egress gets a crossing egress rule from an anchor: found at the merge", async () => {
    const text = `# Denies all egress of service-1 (policyTypes Egress, no egress rules)...
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all-egress
  namespace: service-1
spec:
  podSelector: &open
    matchLabels: {}
  policyTypes:
    - Egress
  <<: {egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: service-4}}}]}]}
`;
    const run = await judgeHostile(hostileHead({ [FILE]: text }));
    const [finding] = expectHostileOutcome("merge key", run, { rule: "cross-vc-access", file: FILE, line: 12, namespace: "service-1" });
    expect(finding?.peer).toBe("service-4");
  });

  it("a merge from an anchor defined in another rule turns ingress rules into egress rules", async () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ingress-from-team-a
  namespace: service-1
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress: &rules
    - {}
  <<: {egress: *rules}
`;
    const run = await judgeHostile(hostileHead({ [FILE]: text }));
    // The merged "- {}" allows egress to every namespace. Reported at the anchored rule (line 10), which is
    // the rule the merge reuses, with a message that names the direction.
    expectHostileOutcome("merge key alias", run, { rule: "cross-vc-access", file: FILE, line: 10, namespace: "service-1", message: ": egress rule 1" });
  });
});

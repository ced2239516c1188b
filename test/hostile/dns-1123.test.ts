import { describe, expect, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile, starterKit } from "./hostile-helpers.js";

describe("hostile: namespace names that break DNS-1123", () => {
  it.each([
    ["upper case and underscore", "Team_A"],
    ["64 characters", "a".repeat(64)],
    ["a leading dash", "-service-1"],
    ["a dot", "service.1"],
    ["unicode", "sérvice-1"],
  ])("a NetworkPolicy in a namespace with %s is invalid at metadata.namespace", async (_label, name) => {
    const file = "kubernetes/services/bad/policy.yaml";
    const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: ${JSON.stringify(name)}\nspec:\n  podSelector: {}\n`;
    const run = await judgeHostile(hostileHead({ [file]: text }));
    expectHostileOutcome(`DNS-1123 policy namespace (${_label})`, run, { rule: "invalid-policy", file, line: 5, message: /not a valid namespace name/ });
  });

  it("a Namespace, a SubnamespaceAnchor and a HierarchyConfiguration parent with invalid names", async () => {
    const file = "kubernetes/hnc/bad-names.yaml";
    const text = `apiVersion: v1
kind: Namespace
metadata:
  name: Company_Z
---
apiVersion: hnc.x-k8s.io/v1alpha2
kind: SubnamespaceAnchor
metadata:
  name: team_b
  namespace: company-x
---
apiVersion: hnc.x-k8s.io/v1alpha2
kind: HierarchyConfiguration
metadata:
  name: hierarchy
  namespace: service-1
spec:
  parent: "company-y "
`;
    const run = await judgeHostile(hostileHead({ [file]: text }));
    expectHostileOutcome("DNS-1123 HNC names", run, [
      { rule: "invalid-policy", file, line: 4, message: /Company_Z/ },
      { rule: "invalid-policy", file, line: 9, message: /team_b/ },
      { rule: "invalid-policy", file, line: 18, message: /not a valid namespace name/ },
    ]);
  });

  // Names read from kits must be namespace names: a kit that could never be applied must not pass.
  it("a starter-kit service_name that breaks DNS-1123 is reported at its line", async () => {
    const file = "terraform/services/company-x/bad-name.tf";
    const run = await judgeHostile(hostileHead({ [file]: starterKit("service-9", "Service_9", "team-a", "company-x", ["service-1"]) }));
    // Whatever rule the engine picks, the name's line must carry an error.
    expect(run.judgement.findings.some((f) => f.file === file && f.line === 3 && f.severity === "error")).toBe(true);
  });

  // The engine stands for "namespaces created later in company-x" by the id `company-x/*`: a kit name of
  // that shape must be refused at its own line, never taken for that id.
  it("a starter-kit name that collides with a phantom id is blamed on itself, not on an innocent policy", async () => {
    const kit = "terraform/services/company-y/phantom.tf";
    const policy = "kubernetes/services/service-1/within-company-x.yaml";
    const run = await judgeHostile(
      hostileHead({
        [kit]: starterKit("phantom", "company-x/*", "team-c", "company-y", ["service-4"]),
        [policy]: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: within-company-x
  namespace: service-1
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchExpressions:
              - key: company-x.tree.hnc.x-k8s.io/depth
                operator: Exists
`,
      }),
    );
    expect(run.judgement.findings.filter((f) => f.file === policy)).toEqual([]);
    expect(run.judgement.findings.some((f) => f.file === kit && f.line === 3 && f.severity === "error")).toBe(true);
  });
});

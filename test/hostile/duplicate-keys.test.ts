import { describe, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile, starterKit } from "./hostile-helpers.js";

describe("hostile: duplicate keys", () => {
  it("YAML: a second `egress` (which would win) is a parse error at the second key", async () => {
    const file = "kubernetes/services/service-1/dup.yaml";
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all-egress
  namespace: service-1
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: []
  egress:
    - to:
        - namespaceSelector: {}
`;
    const run = await judgeHostile(hostileHead({ [file]: text }));
    expectHostileOutcome("duplicate YAML key", run, { rule: "parse-error", file, line: 10, namespace: "service-1", message: "egress appears twice" });
  });

  it("YAML: a duplicate `namespace` in metadata is a parse error too", async () => {
    const file = "kubernetes/services/service-1/dup-ns.yaml";
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: moved
  namespace: service-1
  namespace: service-4
spec:
  podSelector: {}
`;
    const run = await judgeHostile(hostileHead({ [file]: text }));
    expectHostileOutcome("duplicate metadata key", run, { rule: "parse-error", file, line: 6, message: "namespace appears twice" });
  });

  it("HCL: a module attribute defined twice is unresolvable at the second definition", async () => {
    const file = "terraform/services/company-x/dup.tf";
    const text = starterKit("service-9", "service-9", "team-a", "company-x", ["service-1"]).replace(
      "  network = {",
      `  network = {\n    security = {\n      enable_network_policy = true\n      namespaces            = ["service-4"]\n    }\n  }\n  network = {`,
    );
    const run = await judgeHostile(hostileHead({ [file]: text }));
    expectHostileOutcome("duplicate HCL attribute", run, { rule: "unresolvable", file, line: 12, message: /defined more than once/ });
  });

  it("HCL: a module declared twice in one directory is reported at the second block (files in path order)", async () => {
    const file = "terraform/services/company-x/zz-duplicate.tf";
    const run = await judgeHostile(hostileHead({ [file]: starterKit("service-1", "service-1", "team-a", "company-x", ["service-4"]) }));
    expectHostileOutcome("duplicate module", run, { rule: "unresolvable", file, line: 1, message: /declared more than once/ });
  });
});

import { describe, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile } from "./hostile-helpers.js";

const FILE = "kubernetes/services/service-1/list.yaml";

describe("hostile: a `kind: List` of policies", () => {
  it("each item is a policy of its own; the crossing item is found at its peer", async () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: within, namespace: service-1}
    spec:
      podSelector: {}
      policyTypes: [Egress]
      egress:
        - to:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: service-2}}
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: across, namespace: service-1}
    spec:
      podSelector: {}
      policyTypes: [Egress]
      egress:
        - to:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: service-4}}
`;
    const run = await judgeHostile(hostileHead({ [FILE]: text }));
    expectHostileOutcome("kind: List", run, { rule: "cross-vc-access", file: FILE, line: 21, namespace: "service-1", message: "service-1/across" });
  });

  it("a typed NetworkPolicyList whose items carry no kind or apiVersion", async () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicyList
items:
  - metadata: {name: untyped, namespace: service-1}
    spec:
      podSelector: {}
      egress:
        - to:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: service-4}}
`;
    const run = await judgeHostile(hostileHead({ [FILE]: text }));
    expectHostileOutcome("NetworkPolicyList", run, { rule: "cross-vc-access", file: FILE, line: 9, message: "service-1/untyped" });
  });

  it("a List nested in a List", async () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: List
    items:
      - apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: nested, namespace: service-1}
        spec:
          podSelector: {}
          ingress:
            - from:
                - namespaceSelector: {}
`;
    const run = await judgeHostile(hostileHead({ [FILE]: text }));
    expectHostileOutcome("nested List", run, { rule: "cross-vc-access", file: FILE, line: 14, message: "service-1/nested" });
  });
});

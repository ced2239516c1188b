import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseManifestFile } from "../../../../src/parsers/kubernetes/parse-manifest-file.js";

/** A NetworkPolicy-shaped object whose every part may be of the wrong type. */
const anyValue = fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.boolean(), fc.constant({}), fc.constant([]), fc.array(fc.constant(null)));
const loosePolicy = fc.record({
  apiVersion: fc.constantFrom("networking.k8s.io/v1", "v1", "hnc.x-k8s.io/v1alpha2"),
  kind: fc.constantFrom("NetworkPolicy", "Namespace", "HierarchyConfiguration", "SubnamespaceAnchor", "HNCConfiguration", "List", "NetworkPolicyList"),
  metadata: fc.oneof(anyValue, fc.record({ name: anyValue, namespace: anyValue, labels: fc.oneof(anyValue, fc.dictionary(fc.string(), anyValue)) })),
  spec: fc.oneof(
    anyValue,
    fc.record({
      podSelector: fc.oneof(anyValue, fc.record({ matchLabels: anyValue, matchExpressions: fc.array(fc.record({ key: anyValue, operator: anyValue, values: anyValue })) })),
      policyTypes: fc.oneof(anyValue, fc.array(anyValue)),
      ingress: fc.oneof(anyValue, fc.array(fc.oneof(anyValue, fc.record({ from: fc.oneof(anyValue, fc.array(fc.record({ ipBlock: anyValue, podSelector: anyValue }))), ports: fc.oneof(anyValue, fc.array(fc.record({ port: anyValue, endPort: anyValue, protocol: anyValue }))) })))),
      egress: fc.oneof(anyValue, fc.array(anyValue)),
      parent: anyValue,
      resources: fc.oneof(anyValue, fc.array(fc.record({ group: anyValue, resource: anyValue, mode: anyValue }))),
    }),
  ),
  items: fc.oneof(anyValue, fc.array(anyValue)),
});

describe("parseManifestFile never throws", () => {
  it("on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii", maxLength: 300 }), (text) => {
        const result = parseManifestFile("any.yaml", text);
        expect(Array.isArray(result.problems)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("on objects of the right kinds with fields of the wrong types", () => {
    fc.assert(
      fc.property(loosePolicy, (object) => {
        const result = parseManifestFile("loose.yaml", stringify(object));
        for (const problem of result.problems) expect(problem.rule).not.toBe("parse-error");
        for (const policy of result.policies) expect(policy.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      }),
      { numRuns: 300 },
    );
  });
});

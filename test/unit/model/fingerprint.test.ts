import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../../src/model/canonical-json.js";
import { fingerprint } from "../../../src/model/fingerprint.js";
import { parseManifestFile } from "../../../src/parsers/kubernetes/parse-manifest-file.js";

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web
  namespace: team-a
  labels: {app: web, tier: front}
spec:
  podSelector:
    matchLabels: {app: web}
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {team: a}}
          podSelector: {matchLabels: {app: api}}
      ports: [{port: 80, protocol: TCP}]
`;

/** The same policy, keys in another order, JSON-style flow, behind other documents. */
const SAME_POLICY_ELSEWHERE = `apiVersion: v1
kind: Namespace
metadata: {name: team-a}
---
# a comment that moves everything down
spec:
  ingress:
    - ports: [{protocol: TCP, port: 80}]
      from:
        - podSelector: {matchLabels: {app: api}}
          namespaceSelector: {matchLabels: {team: a}}
  podSelector: {matchLabels: {app: web}}
kind: NetworkPolicy
metadata: {labels: {tier: front, app: web}, namespace: team-a, name: allow-web}
apiVersion: networking.k8s.io/v1
`;

const fingerprintOf = (text: string): string => {
  const result = parseManifestFile("p.yaml", text);
  expect(result.problems).toEqual([]);
  const policy = result.policies[0];
  if (policy === undefined) throw new Error("no policy");
  return policy.fingerprint;
};

describe("canonicalJson", () => {
  it("sorts keys at every level and keeps list order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });

  it("refuses absurd nesting instead of overflowing the stack", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(/too deeply/);
  });
});

describe("policy fingerprints", () => {
  const reference = fingerprintOf(POLICY);

  it("is a sha256 hex digest", () => {
    expect(reference).toMatch(/^[0-9a-f]{64}$/);
    expect(reference).toBe(
      fingerprint({
        name: "allow-web",
        namespace: "team-a",
        spec: {
          podSelector: { matchLabels: { app: "web" } },
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { team: "a" } }, podSelector: { matchLabels: { app: "api" } } }],
              ports: [{ port: 80, protocol: "TCP" }],
            },
          ],
        },
        labels: { app: "web", tier: "front" },
        annotations: {},
      }),
    );
  });

  it("does not depend on key order, style or position in the file", () => {
    expect(fingerprintOf(SAME_POLICY_ELSEWHERE)).toBe(reference);
  });

  it.each([
    ["the name", POLICY.replace("name: allow-web", "name: allow-web-2")],
    ["the namespace", POLICY.replace("namespace: team-a", "namespace: team-b")],
    ["a label", POLICY.replace("tier: front", "tier: back")],
    ["the HNC inherited-from label", POLICY.replace("tier: front}", "tier: front, hnc.x-k8s.io/inherited-from: company-x}")],
    ["an annotation", POLICY.replace("  labels:", "  annotations: {propagate.hnc.x-k8s.io/none: \"true\"}\n  labels:")],
    ["a port", POLICY.replace("port: 80", "port: 81")],
    ["the order of peers", POLICY.replace("        - namespaceSelector: {matchLabels: {team: a}}\n          podSelector", "        - namespaceSelector: {matchLabels: {team: a}}\n        - podSelector")],
  ])("changes with %s", (_label, text) => {
    expect(fingerprintOf(text)).not.toBe(reference);
  });

  it("treats an omitted namespace as default", () => {
    const omitted = fingerprintOf(POLICY.replace("  namespace: team-a\n", ""));
    expect(omitted).toBe(fingerprintOf(POLICY.replace("namespace: team-a", "namespace: default")));
  });

  it("gives other objects a fingerprint independent of key order and position", () => {
    const a = parseManifestFile("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: team-a}\ndata: {x: '1', y: '2'}\n");
    const b = parseManifestFile("b.yaml", "---\n---\ndata: {y: '2', x: '1'}\nmetadata: {namespace: team-a, name: c}\nkind: ConfigMap\napiVersion: v1\n");
    const c = parseManifestFile("c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: team-a}\ndata: {x: '1', y: '3'}\n");
    expect(a.otherObjects[0]?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(b.otherObjects[0]?.fingerprint).toBe(a.otherObjects[0]?.fingerprint);
    expect(c.otherObjects[0]?.fingerprint).not.toBe(a.otherObjects[0]?.fingerprint);
  });
});

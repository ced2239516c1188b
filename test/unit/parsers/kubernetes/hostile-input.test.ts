import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseManifestFile } from "../../../../src/parsers/kubernetes/parse-manifest-file.js";

const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/manifests/${name}`, import.meta.url), "utf8");

const NAMESPACE_DOC = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: still-read\n";

describe("hostile input", () => {
  // Expanding the bomb would take far longer than the test's timeout: no duration is asserted.
  it("turns an alias bomb into a parse error, quickly, and reads the next document", () => {
    const result = parseManifestFile("bomb.yaml", fixture("alias-bomb.yaml"));
    expect(result.policies).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ rule: "parse-error", severity: "error", location: { line: 12 } });
    expect(result.problems[0]?.message).toMatch(/alias/i);
    expect(result.namespaces.map((namespace) => namespace.name)).toEqual(["after-the-bomb"]);
  });

  it.each([
    ["flow sequences", `${"[".repeat(10_000)}${"]".repeat(10_000)}`],
    ["flow mappings (JSON)", `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`],
    ["block mappings", `${Array.from({ length: 10_000 }, (_, depth) => `${" ".repeat(depth)}a:`).join("\n")} 1`],
  ])("survives 10,000 levels of %s", (_label, deep) => {
    const result = parseManifestFile("deep.yaml", `${deep}\n---\n${NAMESPACE_DOC}`);
    expect(result.problems.length).toBeGreaterThanOrEqual(1);
    expect(result.problems.length).toBeLessThanOrEqual(12);
    for (const problem of result.problems) expect(problem.rule).toBe("parse-error");
    expect(result.namespaces.map((namespace) => namespace.name)).toEqual(["still-read"]);
  });

  it.each([
    ["a NUL byte", `${NAMESPACE_DOC}\u0000`, 5],
    ["a replacement character (invalid UTF-8)", `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: caf\uFFFD\n`, 4],
  ])("reads nothing from a file with %s", (_label, text, line) => {
    const result = parseManifestFile("binary.yaml", text);
    expect(result.problems).toEqual([
      { rule: "parse-error", severity: "error", location: { file: "binary.yaml", line, endLine: line }, message: "binary or non-UTF-8 content" },
    ]);
    expect(result.namespaces).toEqual([]);
  });

  it("reads a file with a byte order mark and CRLF line ends, with the right lines", () => {
    const text = `\uFEFF${[
      "apiVersion: networking.k8s.io/v1",
      "kind: NetworkPolicy",
      "metadata:",
      "  name: windows",
      "  namespace: team-a",
      "spec:",
      "  podSelector: {}",
      "  ingress:",
      "    - from:",
      "        - podSelector: {}",
      "",
    ].join("\r\n")}`;
    const result = parseManifestFile("crlf.yaml", text);
    expect(result.problems).toEqual([]);
    expect(result.policies.map((policy) => [policy.name, policy.location.line, policy.location.endLine])).toEqual([["windows", 1, 10]]);
    expect(result.policies[0]?.ingress?.[0]?.location).toEqual({ file: "crlf.yaml", line: 9, endLine: 10 });
  });

  it("reports a duplicate key as a parse error on the second key and drops that document", () => {
    const result = parseManifestFile("dup.yaml", fixture("duplicate-key.yaml"));
    expect(result.policies).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ rule: "parse-error", severity: "error", namespace: "team-a", location: { line: 10, endLine: 10 } });
    expect(result.problems[0]?.message).toBe("Map keys must be unique: ingress appears twice");
    expect(result.namespaces.map((namespace) => namespace.name)).toEqual(["team-a"]);
  });

  it("applies merge keys: a rule smuggled in through `<<` is seen, on its own line", () => {
    const result = parseManifestFile("merge.yaml", fixture("merge-key-smuggling.yaml"));
    expect(result.problems).toEqual([]);
    expect(result.policies).toHaveLength(1);
    const policy = result.policies[0];
    expect(policy?.name).toBe("looks-like-deny");
    expect(policy?.ingress).toEqual([{ peers: "all", ports: "all", location: { file: "merge.yaml", line: 13, endLine: 13 } }]);
    expect(policy?.egress).toBeNull();
    expect(policy?.raw).toMatchObject({ spec: { ingress: [{}], egress: [{}], podSelector: {}, policyTypes: ["Ingress"] } });
  });

  it("lets keys written in the mapping win over merged ones", () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: m, namespace: team-a}
spec:
  podSelector: {}
  ingress: []
  <<: {ingress: [{}]}
`;
    const result = parseManifestFile("merge.yaml", text);
    expect(result.policies[0]?.ingress).toEqual([]);
  });

  it("keeps prototype-looking keys as plain data", () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: proto
  labels: {constructor: x, hasOwnProperty: y}
spec:
  podSelector:
    matchLabels: {toString: web}
`;
    const result = parseManifestFile("proto.yaml", text);
    expect(result.problems).toEqual([]);
    expect(result.policies[0]?.labels).toEqual({ constructor: "x", hasOwnProperty: "y" });
    expect(result.policies[0]?.podSelector.requirements).toEqual([{ key: "toString", operator: "In", values: ["web"] }]);
  });

  it("reports a __proto__ key as invalid instead of touching the prototype", () => {
    const text = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: proto}\nspec:\n  podSelector:\n    matchLabels: {__proto__: {polluted: yes}}\n";
    const result = parseManifestFile("proto.yaml", text);
    expect(result.policies).toEqual([]);
    expect(result.problems.map((problem) => problem.rule)).toEqual(["invalid-policy", "invalid-policy"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("collapses a flood of YAML errors", () => {
    const text = Array.from({ length: 200 }, (_, i) => `k${i}: [\n`).join("");
    const result = parseManifestFile("flood.yaml", text);
    expect(result.problems.length).toBeGreaterThanOrEqual(1);
    expect(result.problems.length).toBeLessThanOrEqual(20);
  });
});

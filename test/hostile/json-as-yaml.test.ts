import { describe, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile } from "./hostile-helpers.js";

const POLICY = {
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name: "as-json", namespace: "service-1" },
  spec: {
    podSelector: {},
    policyTypes: ["Egress"],
    egress: [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "service-4" } } }] }],
  },
};

describe("hostile: JSON written as YAML", () => {
  it("pretty-printed JSON in a .yaml file: the crossing peer is found at its line", async () => {
    const file = "kubernetes/services/service-1/as-json.yaml";
    const run = await judgeHostile(hostileHead({ [file]: JSON.stringify(POLICY, null, 2) }));
    // `"namespaceSelector": {` opens on line 16 of the pretty-printed JSON.
    expectHostileOutcome("JSON (pretty)", run, { rule: "cross-vc-access", file, line: 16, namespace: "service-1" });
  });

  it("minified JSON on one line, followed by a YAML document: both are read", async () => {
    const file = "kubernetes/services/service-1/minified.yaml";
    const other = { ...POLICY, metadata: { name: "second", namespace: "service-1" } };
    const run = await judgeHostile(hostileHead({ [file]: `${JSON.stringify(POLICY)}\n---\n${JSON.stringify(other)}\n` }));
    expectHostileOutcome("JSON (minified)", run, [
      { rule: "cross-vc-access", file, line: 1, message: "service-1/as-json" },
      { rule: "cross-vc-access", file, line: 3, message: "service-1/second" },
    ]);
  });

  it("a .json-looking stream with a trailing comma is a parse error at its line", async () => {
    const file = "kubernetes/services/service-1/trailing-comma.yaml";
    const text = JSON.stringify(POLICY, null, 2).replace('"as-json"', '"as-json",,');
    const run = await judgeHostile(hostileHead({ [file]: text }));
    expectHostileOutcome("JSON (broken)", run, { rule: "parse-error", file, line: 5 });
  });
});

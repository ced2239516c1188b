import { describe, expect, it } from "vitest";
import { EGRESS_POLICY_PEER_LINE, egressPolicy, expectHostileOutcome, hostileHead, judgeHostile } from "./hostile-helpers.js";

const FILE = "kubernetes/services/service-1/many.yaml";
const COUNT = 1_000;
const CROSSING = 637;

describe("hostile: a 1,000-document file", () => {
  it("every document is read; the one that crosses is found at its own line", async () => {
    const documents = Array.from({ length: COUNT }, (_, i) => egressPolicy(`p-${i}`, "service-1", i === CROSSING ? "service-4" : "service-2"));
    const text = documents.join("---\n");
    // Each document is 13 lines plus its `---`.
    const line = CROSSING * (13 + 1) + EGRESS_POLICY_PEER_LINE;
    const run = await judgeHostile(hostileHead({ [FILE]: text }));
    const [finding] = expectHostileOutcome("1,000 documents", run, { rule: "cross-vc-access", file: FILE, line, namespace: "service-1" });
    expect(finding?.message).toContain(`service-1/p-${CROSSING}`);
    expect(run.judgement.findings.filter((f) => f.file === FILE)).toHaveLength(1);
    expect(run.change.head.model.manifestPolicies.filter((p) => p.location.file === FILE)).toHaveLength(COUNT);
  });

  it("empty documents, bare `---` and `...` markers between them are harmless", async () => {
    const text = `---\n---\n...\n---\n# only a comment\n---\n${egressPolicy("after-markers", "service-1", "service-4")}...\n---\n`;
    const run = await judgeHostile(hostileHead({ [FILE]: text }));
    expectHostileOutcome("document markers", run, { rule: "cross-vc-access", file: FILE, line: 6 + EGRESS_POLICY_PEER_LINE });
  });
});

import { describe, expect, it } from "vitest";
import { EGRESS_POLICY_PEER_LINE, egressPolicy, expectHostileOutcome, hostileHead, judgeHostile, judgeThroughGit, starterKit } from "./hostile-helpers.js";

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const YAML_FILE = "kubernetes/services/service-1/bom.yaml";
const TF_FILE = "terraform/services/company-x/bom.tf";
const YAML_TEXT = egressPolicy("with-bom", "service-1", "service-4");
const TF_TEXT = starterKit("service-9", "service-9", "team-a", "company-x", ["service-1", "service-4"]);

describe("hostile: a byte order mark", () => {
  it("is dropped by the reader: the files are judged with their lines unchanged (local git reader)", async () => {
    const run = await judgeThroughGit({ [YAML_FILE]: Buffer.concat([BOM, Buffer.from(YAML_TEXT)]), [TF_FILE]: Buffer.concat([BOM, Buffer.from(TF_TEXT)]) });
    expect(run.head.files.find((f) => f.path === YAML_FILE)?.text?.startsWith("apiVersion")).toBe(true);
    const [, kit] = expectHostileOutcome("BOM (git)", run, [
      { rule: "cross-vc-access", file: YAML_FILE, line: EGRESS_POLICY_PEER_LINE, namespace: "service-1" },
      { rule: "cross-vc-access", file: TF_FILE, line: 11, namespace: "service-9" },
    ]);
    // The suggested removal deletes exactly the crossing entry.
    expect(kit?.suggestion).toEqual({ line: 11, endLine: 11, replacement: "" });
  });

  it("a BOM still in the text (another reader) does not hide or shift anything", async () => {
    const run = await judgeHostile(hostileHead({ [YAML_FILE]: `\uFEFF${YAML_TEXT}`, [TF_FILE]: `\uFEFF${TF_TEXT}` }));
    expectHostileOutcome("BOM (text)", run, [
      { rule: "cross-vc-access", file: YAML_FILE, line: EGRESS_POLICY_PEER_LINE },
      { rule: "cross-vc-access", file: TF_FILE, line: 11 },
    ]);
  });
});

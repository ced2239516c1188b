import { describe, expect, it } from "vitest";
import { EGRESS_POLICY_PEER_LINE, egressPolicy, expectHostileOutcome, judgeThroughGit, starterKit } from "./hostile-helpers.js";

describe("hostile: paths with spaces and unicode (local git reader)", () => {
  it("files are read and reported under their exact paths", async () => {
    const spaces = "kubernetes/services/service 1/allow egress  to   y.yaml";
    const unicode = "kubernetes/services/sérvice-1/ällow → 🚀 日本語.yaml";
    const decomposed = "kubernetes/services/se\u0301rvice-1/nfd.yaml";
    const odd = 'kubernetes/services/odd/tab\there "quoted" back\\slash\nnewline.yaml';
    const tf = "terraform/services/company-x/mön ey 💸.tf";
    const run = await judgeThroughGit({
      [spaces]: egressPolicy("spaces", "service-1", "service-4"),
      [unicode]: egressPolicy("unicode", "service-1", "service-4"),
      [decomposed]: egressPolicy("decomposed", "service-1", "service-4"),
      [odd]: egressPolicy("odd", "service-1", "service-4"),
      [tf]: starterKit("service-9", "service-9", "team-a", "company-x", ["service-4"]),
    });
    expectHostileOutcome("unusual paths", run, [
      { rule: "cross-vc-access", file: spaces, line: EGRESS_POLICY_PEER_LINE, message: "service-1/spaces" },
      { rule: "cross-vc-access", file: unicode, line: EGRESS_POLICY_PEER_LINE, message: "service-1/unicode" },
      { rule: "cross-vc-access", file: decomposed, line: EGRESS_POLICY_PEER_LINE, message: "service-1/decomposed" },
      { rule: "cross-vc-access", file: odd, line: EGRESS_POLICY_PEER_LINE, message: "service-1/odd" },
      { rule: "cross-vc-access", file: tf, line: 10, namespace: "service-9" },
    ]);
    // Paths are kept byte for byte: no normalisation merges the composed and decomposed directories.
    expect(run.head.files.map((f) => f.path)).toEqual(expect.arrayContaining([spaces, unicode, decomposed, odd, tf]));
  });
});

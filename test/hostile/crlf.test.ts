import { describe, expect, it } from "vitest";
import { EGRESS_POLICY_PEER_LINE, egressPolicy, expectHostileOutcome, hostileHead, judgeHostile, judgeThroughGit, starterKit } from "./hostile-helpers.js";

const YAML_FILE = "kubernetes/services/service-1/windows.yaml";
const TF_FILE = "terraform/services/company-x/windows.tf";
const crlf = (text: string): string => text.replace(/\n/g, "\r\n");

describe("hostile: CRLF line ends", () => {
  it("are read with the right lines, in YAML and HCL", async () => {
    const run = await judgeHostile(
      hostileHead({
        [YAML_FILE]: crlf(egressPolicy("windows", "service-1", "service-4")),
        [TF_FILE]: crlf(starterKit("service-9", "service-9", "team-a", "company-x", ["service-1", "service-4"])),
      }),
    );
    const [, kit] = expectHostileOutcome("CRLF", run, [
      { rule: "cross-vc-access", file: YAML_FILE, line: EGRESS_POLICY_PEER_LINE, namespace: "service-1" },
      { rule: "cross-vc-access", file: TF_FILE, line: 11, namespace: "service-9" },
    ]);
    expect(kit?.suggestion).toEqual({ line: 11, endLine: 11, replacement: "" });
    // The names are read without a trailing carriage return.
    expect(run.change.head.model.hierarchy.has("service-9")).toBe(true);
    expect(run.change.head.model.manifestPolicies.some((p) => p.name === "windows" && p.namespace === "service-1")).toBe(true);
  });

  it("mixed and lone-CR line ends neither crash nor hide the crossing (local git reader)", async () => {
    const mixed = egressPolicy("mixed", "service-1", "service-4")
      .split("\n")
      .map((line, i) => line + (i % 2 === 0 ? "\r" : ""))
      .join("\n");
    const run = await judgeThroughGit({ [YAML_FILE]: mixed, "kubernetes/services/service-1/lone-cr.yaml": "a: 1\rb: 2\r" });
    expectHostileOutcome("mixed CRLF", run, { rule: "cross-vc-access", file: YAML_FILE, line: EGRESS_POLICY_PEER_LINE });
  });
});

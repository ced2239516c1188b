import { describe, it } from "vitest";
import { EGRESS_POLICY_PEER_LINE, egressPolicy, expectHostileOutcome, judgeThroughGit, starterKit } from "./hostile-helpers.js";

const FIVE_MIB = 5 * 1024 * 1024;

/** A valid file padded with a comment to more than 5 MiB: what it declares would cross to company-y. */
function padded(text: string): string {
  return `${text}# ${"x".repeat(FIVE_MIB)}\n`;
}

describe("hostile: a 5 MiB file (local git reader)", () => {
  it("a manifest over the limit is not read: a parse error at line 1, the rest is judged", async () => {
    const file = "kubernetes/services/service-1/huge.yaml";
    const run = await judgeThroughGit({ [file]: padded(egressPolicy("huge", "service-1", "service-4")) });
    expectHostileOutcome("5 MiB manifest", run, { rule: "parse-error", file, line: 1, message: /over the 1 MiB limit/ });
  });

  it("a Terraform file over the limit is not read either", async () => {
    const file = "terraform/services/company-x/huge.tf";
    const run = await judgeThroughGit({ [file]: padded(starterKit("service-9", "service-9", "team-a", "company-x", ["service-4"])) });
    expectHostileOutcome("5 MiB Terraform", run, { rule: "parse-error", file, line: 1, message: /over the 1 MiB limit/ });
  });

  it("a file just under the limit is read and judged", async () => {
    const file = "kubernetes/services/service-1/big.yaml";
    const policy = egressPolicy("big", "service-1", "service-4");
    const text = `${policy}# ${"x".repeat(1024 * 1024 - policy.length - 4)}\n`;
    const run = await judgeThroughGit({ [file]: text });
    expectHostileOutcome("1 MiB manifest", run, { rule: "cross-vc-access", file, line: EGRESS_POLICY_PEER_LINE });
  });
});

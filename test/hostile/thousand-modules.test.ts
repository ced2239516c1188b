import { describe, expect, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile, starterKit } from "./hostile-helpers.js";

const FILE = "terraform/services/company-x/many.tf";
const COUNT = 1_000;
const CROSSING = 637;

describe("hostile: 1,000 modules in one file", () => {
  it("every module is read; the crossing entry of one of them is found at its line", async () => {
    const modules = Array.from({ length: COUNT }, (_, i) =>
      starterKit(`svc-${i}`, `svc-${i}`, "team-a", "company-x", i === CROSSING ? ["service-1", "service-4"] : ["service-1"]),
    );
    // Each module before it is 14 lines (one entry) plus the blank line that joins them; its second entry
    // is its line 11.
    const line = CROSSING * (14 + 1) + 11;
    const run = await judgeHostile(hostileHead({ [FILE]: modules.join("\n") }));
    const [finding] = expectHostileOutcome("1,000 modules", run, { rule: "cross-vc-access", file: FILE, line, namespace: `svc-${CROSSING}` });
    expect(finding?.suggestion).toEqual({ line, endLine: line, replacement: "" });
    expect(run.change.head.model.services.filter((s) => s.location.file === FILE)).toHaveLength(COUNT);
  });
});

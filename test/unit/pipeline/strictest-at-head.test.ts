import { describe, expect, it } from "vitest";
import { strictestAtHead, type VerdictAtHead } from "../../../src/pipeline/strictest-at-head.js";

describe("strictestAtHead", () => {
  const verdict = (pull: number, conclusion: VerdictAtHead["conclusion"]): VerdictAtHead => ({ pull, baseRef: "main", baseSha: "a".repeat(40), conclusion, title: `#${pull}` });

  it("takes failure over action_required over success, and the own verdict on a tie", () => {
    const own = verdict(1, "action_required");
    expect(strictestAtHead(own, [])).toBe(own);
    expect(strictestAtHead(own, [verdict(2, "success"), verdict(3, "action_required")])).toBe(own);
    expect(strictestAtHead(own, [verdict(2, "success"), verdict(3, "failure")]).pull).toBe(3);
    expect(strictestAtHead(verdict(1, "success"), [verdict(2, "action_required")]).pull).toBe(2);
  });
});

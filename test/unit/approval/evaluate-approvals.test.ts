import { describe, expect, it } from "vitest";
import { evaluateApprovals, type ApprovalInput } from "../../../src/approval/evaluate-approvals.js";

const base: ApprovalInput = {
  reviews: [],
  author: "dev",
  members: new Set(["alice", "bob"]),
  required: 1,
  fingerprintAt: new Map([
    ["c1", "F"],
    ["c2", "F"],
    ["c0", "OLD"],
  ]),
  current: "F",
};

describe("evaluateApprovals", () => {
  it("a member's approval on a commit with the same fingerprint counts", () => {
    const r = evaluateApprovals({ ...base, reviews: [{ user: "alice", state: "APPROVED", commitId: "c1" }] });
    expect(r).toEqual({ approved: true, approvers: ["alice"], stale: [], ignored: [] });
  });

  it("the author never counts, nor does a non-member", () => {
    const r = evaluateApprovals({
      ...base,
      members: new Set(["alice", "dev", "carol"].filter((m) => m !== "carol")),
      reviews: [
        { user: "dev", state: "APPROVED", commitId: "c1" },
        { user: "mallory", state: "APPROVED", commitId: "c1" },
      ],
    });
    expect(r.approved).toBe(false);
    expect(r.ignored).toEqual([
      { user: "dev", why: "the author of the pull request" },
      { user: "mallory", why: "not a member of the platform team" },
    ]);
  });

  it("an approval of an earlier fingerprint is stale", () => {
    const r = evaluateApprovals({ ...base, reviews: [{ user: "alice", state: "APPROVED", commitId: "c0" }] });
    expect(r).toMatchObject({ approved: false, approvers: [], stale: ["alice"] });
  });

  it("an approval on an older commit still counts when the fingerprint did not change", () => {
    const r = evaluateApprovals({ ...base, reviews: [{ user: "bob", state: "APPROVED", commitId: "c2" }] });
    expect(r.approvers).toEqual(["bob"]);
  });

  it("the latest decisive review wins; a comment does not undo an approval", () => {
    const r1 = evaluateApprovals({
      ...base,
      reviews: [
        { user: "alice", state: "APPROVED", commitId: "c1" },
        { user: "alice", state: "COMMENTED", commitId: "c1" },
      ],
    });
    expect(r1.approved).toBe(true);
    for (const later of ["CHANGES_REQUESTED", "DISMISSED"]) {
      const r2 = evaluateApprovals({
        ...base,
        reviews: [
          { user: "alice", state: "APPROVED", commitId: "c1" },
          { user: "alice", state: later, commitId: "c1" },
        ],
      });
      expect(r2.approved, later).toBe(false);
    }
  });

  it("needs the configured number of distinct members; logins compare case-insensitively", () => {
    const reviews = [
      { user: "Alice", state: "APPROVED", commitId: "c1" },
      { user: "alice", state: "APPROVED", commitId: "c2" },
    ];
    expect(evaluateApprovals({ ...base, required: 2, reviews }).approved).toBe(false);
    expect(evaluateApprovals({ ...base, required: 2, reviews: [...reviews, { user: "bob", state: "approved", commitId: "c1" }] }).approved).toBe(true);
  });
});

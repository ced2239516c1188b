import { describe, expect, it } from "vitest";
import { isProtectedBranch } from "../../../src/pipeline/is-protected-branch.js";

describe("isProtectedBranch", () => {
  it.each<[branch: string, patterns: string[], defaultBranch: string | null, expected: boolean]>([
    ["main", [], "main", true],
    ["decoy", [], "main", false],
    ["release/1", ["release/*"], "main", true],
    ["release/1/hotfix", ["release/*"], "main", false],
    ["release/1/hotfix", ["release/**"], "main", true],
    ["trunk", ["release/*"], "trunk", true],
    // Unknown default branch or base: protected, so that the verdict weighs on the required check.
    ["decoy", [], null, true],
    ["", [], "main", true],
  ])("%j with %j (default %j): %j", (branch, patterns, defaultBranch, expected) => {
    expect(isProtectedBranch(branch, patterns, defaultBranch)).toBe(expected);
  });
});

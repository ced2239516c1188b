import { describe, expect, it } from "vitest";
import { parsePatch } from "../../../src/github/parse-patch.js";

describe("parsePatch", () => {
  it("maps added and context lines of the right side to their hunk, and skips removed lines", () => {
    const patch = ["@@ -1,3 +1,4 @@", " a", "-b", "+B", "+C", " d", "@@ -20,2 +21,2 @@ module \"x\" {", " y", "-z", "+Z", "\\ No newline at end of file"].join("\n");
    expect([...parsePatch(patch)]).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [21, 1],
      [22, 1],
    ]);
  });

  it("reads a new file and an empty patch", () => {
    expect([...parsePatch("@@ -0,0 +1,2 @@\n+x\n+y")]).toEqual([
      [1, 0],
      [2, 0],
    ]);
    expect(parsePatch("").size).toBe(0);
  });
});

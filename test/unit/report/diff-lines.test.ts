import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commentableLines, type CommentableLines } from "../../../src/report/diff-lines.js";

/** The right-side lines of a unified diff's hunks, as git prints them. */
function linesOfPatch(patch: string): CommentableLines {
  const lines: CommentableLines = new Map();
  let hunk = -1;
  let right = 0;
  for (const line of patch.split("\n")) {
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (header) {
      hunk++;
      right = Math.max(1, Number(header[1]));
    } else if (hunk >= 0 && (line[0] === "+" || line[0] === " ") && !line.startsWith("+++")) {
      lines.set(right++, hunk);
    }
  }
  return lines;
}

const dir = mkdtempSync(join(tmpdir(), "netpol-diff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `git diff -U3` shows of `after` against `before`. */
function gitLines(before: string, after: string): CommentableLines {
  writeFileSync(join(dir, "a"), before);
  writeFileSync(join(dir, "b"), after);
  let patch = "";
  try {
    execFileSync("git", ["diff", "--no-index", "--no-color", "-U3", "a", "b"], { cwd: dir, encoding: "utf8" });
  } catch (error) {
    patch = (error as { stdout: string }).stdout; // exit code 1: the files differ
  }
  return linesOfPatch(patch);
}

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("commentableLines", () => {
  it("maps added and context lines of the right side to their hunk, with 3 lines of context", () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const after = before.replace("line 2\n", "line two\nline 2b\n").replace("line 25\n", "");
    // Hunk 0: lines 1-2 kept context... line 1, the two new lines, then 3 lines of context (3-5).
    expect([...commentableLines(before, after)]).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [5, 0],
      [6, 0],
      [23, 1],
      [24, 1],
      [25, 1],
      [26, 1],
      [27, 1],
      [28, 1],
    ]);
  });

  it("makes every line of a new file commentable, and none of an unchanged one", () => {
    expect([...commentableLines(null, "x\ny\n")]).toEqual([
      [1, 0],
      [2, 0],
    ]);
    expect(commentableLines("x\n", "x\n").size).toBe(0);
    expect([...commentableLines("x", "x\n")]).toEqual([[1, 0]]);
  });

  // With repeated lines, two correct diffs can pair them differently (git's heuristics are its own): the
  // lines here are distinct, so that there is one right answer. A disagreement on a real file is a review
  // GitHub refuses (422), posted again without inline comments.
  it("agrees with git's diff on random edits of a policy-like file", () => {
    const next = random(7);
    const vocabulary = ["  - a", "  - b", "metadata:", "spec:", "", "  name: x", "---", "    port: 53"];
    for (let round = 0; round < 40; round++) {
      const base = Array.from({ length: 5 + Math.floor(next() * 40) }, () => vocabulary[Math.floor(next() * vocabulary.length)]! + ` ${Math.floor(next() * 6)}`).map((line, i) => `${line} #${i}`);
      const head = [...base];
      for (let edit = Math.floor(next() * 4); edit >= 0; edit--) {
        const at = Math.floor(next() * (head.length + 1));
        const kind = next();
        if (kind < 0.4) head.splice(at, 0, `new ${round} ${edit}`);
        else if (kind < 0.7) head.splice(at, 1);
        else head.splice(at, 1, `changed ${round} ${edit}`);
      }
      const before = base.join("\n") + "\n";
      const after = head.join("\n") + (next() < 0.8 ? "\n" : "");
      expect([...commentableLines(before, after)], `round ${round}`).toEqual([...gitLines(before, after)]);
    }
  });

  it("gives up on a diff past its edit bound: no inline comment rather than a slow diff", () => {
    const before = Array.from({ length: 3_000 }, (_, i) => `a${i}`).join("\n");
    const after = Array.from({ length: 3_000 }, (_, i) => `b${i}`).join("\n");
    expect(commentableLines(before, after).size).toBe(0);
  });
});

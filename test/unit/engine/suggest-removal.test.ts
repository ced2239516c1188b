import { describe, expect, it } from "vitest";
import { closestName } from "../../../src/model/closest-name.js";
import { suggestEntryRemoval } from "../../../src/engine/suggest-removal.js";

describe("suggestEntryRemoval", () => {
  it.each([
    ['      namespaces = ["service-2", "service-4"]', "service-4", '      namespaces = ["service-2"]'],
    ['      namespaces = ["service-4", "service-2"]', "service-4", '      namespaces = ["service-2"]'],
    ['      namespaces = ["service-2", "service-4", "service-3"]', "service-4", '      namespaces = ["service-2", "service-3"]'],
    ['      namespaces = ["service-4"]', "service-4", "      namespaces = []"],
    ['        "service-4",', "service-4", ""],
    ['        "service-4"', "service-4", ""],
    ['      namespaces = ["service-2"]', "service-4", null],
  ])("%s without %s", (line, entry, expected) => {
    expect(suggestEntryRemoval(line, entry)).toBe(expected);
  });

  it.each([
    ['          "service-4",', "service-4", ""],
    // The last entry alone on its line: the comma before it is on another line, which JSON does not allow to keep.
    ['          "service-4"', "service-4", null],
    ['"namespaces": ["service-2", "service-4"]', "service-4", '"namespaces": ["service-2"]'],
  ])("in JSON syntax, %s without %s", (line, entry, expected) => {
    expect(suggestEntryRemoval(line, entry, true)).toBe(expected);
  });
});

describe("closestName", () => {
  it("suggests a name one or two edits away, and nothing further", () => {
    expect(closestName("service-9", ["service-1", "team-a"])).toBe("service-1");
    expect(closestName("servce-2", ["service-2", "service-3"])).toBe("service-2");
    expect(closestName("payments", ["service-1", "team-a"])).toBeNull();
  });

  it("never proposes the name it is told to skip", () => {
    expect(closestName("service-9", ["service-8", "service-1"], "service-8")).toBe("service-1");
    expect(closestName("service-9", ["service-8"], "service-8")).toBeNull();
  });

  it("gives what a plain edit distance gives: the closest of at most 2 edits, the first one edit away", () => {
    // Every name of a small alphabet up to length 4, against candidates of every length (rows of every size
    // are reused from one candidate to the next).
    const full = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      return d[a.length]![b.length]!;
    };
    // Fewer edits replace the best so far; one edit is close enough to stop looking.
    const reference = (name: string, known: string[]): string | null => {
      let best: string | null = null;
      let bestDistance = 3;
      for (const c of known) {
        const d = full(name, c);
        if (d >= bestDistance) continue;
        [best, bestDistance] = [c, d];
        if (d === 1) break;
      }
      return best;
    };
    const names = [""];
    for (let length = 1; length <= 4; length++) for (const n of names.filter((x) => x.length === length - 1)) for (const ch of "ab-") names.push(n + ch);
    const candidates = ["b-a-b", "ab", "a", "bbbb", "-", "aab-b", "ba", "abab-a", "b"];
    let proposed = 0;
    for (const name of names) {
      const expected = reference(name, candidates);
      expect(closestName(name, candidates), name).toBe(expected);
      if (expected !== null) proposed++;
    }
    expect(proposed).toBeGreaterThan(50);
  });
});

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderSummary } from "../src/report/render-summary.js";
import { golden, judgeScenario, listScenarios, project, readExpectation, SCENARIOS, type ExpectedFinding } from "./helpers/scenario.js";
import { viewOfChange } from "../src/report/view-of-change.js";

const byPlace = (a: ExpectedFinding, b: ExpectedFinding): number =>
  a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule) || String(a.peer).localeCompare(String(b.peer));

describe("scenarios", () => {
  const names = listScenarios();
  it("has scenarios", () => {
    expect(names.length).toBeGreaterThan(0);
  });
  for (const name of names) {
    it(name, async () => {
      const expected = readExpectation(name);
      const change = await judgeScenario(name);
      const j = change.judgement;
      const withPeer = (list: ExpectedFinding[]): boolean => list.some((f) => f.peer !== undefined);
      const actualFindings = j.findings.map((f) => project(f, withPeer(expected.findings))).sort(byPlace);
      expect(actualFindings, expected.about).toEqual([...expected.findings].map((f) => ({ namespace: null, ...f })).sort(byPlace));
      if (expected.preexisting) {
        const actualPre = j.preexisting.map((f) => project(f, withPeer(expected.preexisting!))).sort(byPlace);
        expect(actualPre).toEqual([...expected.preexisting].map((f) => ({ namespace: null, ...f })).sort(byPlace));
      }
      expect(j.conclusion).toBe(expected.conclusion);
      if (expected.added) expect(j.connectivity.added.map((e) => `${e.from} -> ${e.to}`).sort()).toEqual([...expected.added].sort());
      if (expected.removed) expect(j.connectivity.removed.map((e) => `${e.from} -> ${e.to}`).sort()).toEqual([...expected.removed].sort());
      const markdown = renderSummary(viewOfChange(change));
      expect(markdown).toBe(golden(join(SCENARIOS, name, "expected.md"), markdown));
    });
  }
});

import { describe, expect, it } from "vitest";
import { makeFinding } from "../../../src/model/finding.js";
import { fitSummary, inBatches, MAX_ANNOTATIONS, renderAnnotations, SUMMARY_CUT_NOTE } from "../../../src/report/render-check-output.js";

describe("renderAnnotations", () => {
  it("maps severities to annotation levels and notes platform review", () => {
    const findings = (["error", "warning", "notice"] as const).map((severity, i) =>
      makeFinding({ rule: i === 1 ? "vc-to-vc-policy" : "unresolvable", severity, location: { file: "f.yaml", line: i + 1, endLine: i + 3 }, namespace: null, message: "m", key: `k${i}` }),
    );
    expect(renderAnnotations(findings).map((a) => [a.annotation_level, a.start_line, a.end_line, a.message])).toEqual([
      ["failure", 1, 3, "m"],
      ["warning", 2, 4, "m\n\nThis needs the platform team's approval."],
      ["notice", 3, 5, "m"],
    ]);
  });

  it("sends at most MAX_ANNOTATIONS", () => {
    const many = Array.from({ length: MAX_ANNOTATIONS + 3 }, (_, i) =>
      makeFinding({ rule: "parse-error", severity: "error", location: { file: "f", line: 1, endLine: 1 }, namespace: null, message: "m", key: `k${i}` }),
    );
    expect(renderAnnotations(many)).toHaveLength(MAX_ANNOTATIONS);
  });
});

describe("inBatches", () => {
  it("cuts 120 into 50, 50 and 20", () => {
    expect(inBatches(Array.from({ length: 120 }, (_, i) => i)).map((b) => b.length)).toEqual([50, 50, 20]);
    expect(inBatches([])).toEqual([]);
  });
});

describe("fitSummary", () => {
  it("leaves a summary within the limit alone", () => {
    expect(fitSummary("short")).toBe("short");
  });

  it("cuts at a line, closes an open code block, and adds the note", () => {
    const summary = "# title\n\n```text\n" + "line of the tree\n".repeat(100) + "```\n";
    const cut = fitSummary(summary, 1000);
    expect(cut.length).toBeLessThanOrEqual(1000);
    expect(cut).toContain("\n```\n\n---\n\n" + SUMMARY_CUT_NOTE);
  });

  it("never splits a surrogate pair", () => {
    const cut = fitSummary("😀".repeat(2000), 1000);
    expect(cut.length).toBeLessThanOrEqual(1000);
    expect(cut.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "")).not.toMatch(/[\uD800-\uDFFF]/);
  });
});

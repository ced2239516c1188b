import { describe, expect, it } from "vitest";
import { makeFinding, type Finding } from "../../../src/model/finding.js";
import type { PullRequestDiff } from "../../../src/report/diff-lines.js";
import { renderReviewComments, reviewMarker, suggestionBlock } from "../../../src/report/render-review.js";

function finding(line: number, endLine: number, suggestion?: Finding["suggestion"]): Finding {
  return {
    ...makeFinding({
      rule: "cross-vc-access",
      severity: "error",
      location: { file: "a.tf", line, endLine },
      namespace: "service-1",
      message: "service-1 lists `service-4` <b>@platform</b>",
      key: `k${line}`,
    }),
    ...(suggestion ? { suggestion } : {}),
  };
}

const diff: PullRequestDiff = new Map([
  [
    "a.tf",
    new Map([
      [10, 0],
      [11, 0],
      [12, 0],
      [30, 1],
      [31, 1],
    ]),
  ],
]);

describe("renderReviewComments", () => {
  it("puts a one-line suggestion on its line, escaping the message", () => {
    const [comment] = renderReviewComments([finding(11, 11, { line: 11, endLine: 11, replacement: '  "x",' })], diff);
    expect(comment).toMatchInlineSnapshot(`
      {
        "body": ":x: **netpol-guard** error \`cross-vc-access\`

      service-1 lists \\\`service-4\\\` &lt;b&gt;@​platform&lt;/b&gt;

      Suggested fix:

      \`\`\`suggestion
        "x",
      \`\`\`",
        "line": 11,
        "path": "a.tf",
        "side": "RIGHT",
      }
    `);
  });

  it("spans a multi-line suggestion when all its lines are in one hunk", () => {
    const [comment] = renderReviewComments([finding(10, 12, { line: 10, endLine: 12, replacement: "" })], diff);
    expect(comment).toMatchObject({ start_line: 10, start_side: "RIGHT", line: 12, side: "RIGHT" });
  });

  it("drops a suggestion that straddles two hunks, and comments on the first line of the finding in the diff", () => {
    const [comment] = renderReviewComments([finding(12, 31, { line: 12, endLine: 30, replacement: "" })], diff);
    expect(comment).toMatchObject({ line: 12 });
    expect(comment).not.toHaveProperty("start_line");
    expect(comment!.body).not.toContain("suggestion");
  });

  it("skips findings off the diff, and stops at the maximum", () => {
    expect(renderReviewComments([finding(1, 5), finding(20, 25)], diff)).toEqual([]);
    expect(renderReviewComments([finding(10, 10), finding(11, 11), finding(12, 12)], diff, 2)).toHaveLength(2);
  });
});

describe("suggestionBlock and reviewMarker", () => {
  it("deletes with an empty block, and fences past backticks in the replacement", () => {
    expect(suggestionBlock("")).toBe("```suggestion\n```");
    expect(suggestionBlock("a ``` b")).toBe("````suggestion\na ``` b\n````");
  });

  it("hides the head commit in an HTML comment", () => {
    expect(reviewMarker("abc")).toBe("<!-- netpol-guard:review head=abc -->");
  });
});

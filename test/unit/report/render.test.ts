import { describe, expect, it } from "vitest";
import type { Judgement } from "../../../src/engine/judge-change.js";
import { makeFinding } from "../../../src/model/finding.js";
import { codeBlock, escapeMarkdown, inlineCode } from "../../../src/report/escape-markdown.js";
import { renderDiff } from "../../../src/report/render-diff.js";
import { renderTitle } from "../../../src/report/render-title.js";

function judgement(overrides: Partial<Judgement>): Judgement {
  return {
    version: 1,
    conclusion: "success",
    platformReviewRequired: false,
    findings: [],
    preexisting: [],
    connectivity: { added: [], removed: [] },
    affectedNamespaces: [],
    companies: {},
    ...overrides,
  };
}

describe("escapeMarkdown", () => {
  it("neutralises HTML, markdown, mentions and line breaks written by a PR author", () => {
    const out = escapeMarkdown("<img src=x onerror=alert(1)> **bold** @acme/platform [x](http://e) #12\nnext");
    expect(out).not.toMatch(/<img|\*\*bold\*\*|@acme|\[x\]\(|\n/);
    expect(out).toContain("&lt;img");
    expect(out).toContain("@\u200bacme/platform");
  });

  it("inline code and code blocks cannot be broken out of", () => {
    expect(inlineCode("a`b")).toBe("``a`b``");
    expect(inlineCode("`x")).toBe("`` `x ``");
    expect(codeBlock("```\n@team")).toBe("````\n```\n@team\n````");
  });
});

describe("renderTitle", () => {
  const cross = makeFinding({
    rule: "cross-vc-access",
    severity: "error",
    location: { file: "a.tf", line: 3, endLine: 3 },
    namespace: "service-1",
    peer: "service-4",
    message: "m",
    key: "k",
  });
  it.each<[Partial<Judgement>, string]>([
    [{}, "No new access across companies (0 edges added, 0 removed)"],
    [
      { conclusion: "failure", findings: [cross], companies: { "service-1": "company-x", "service-4": "company-y" } },
      "Crosses the company-x / company-y boundary: 1 error to fix",
    ],
    [
      {
        conclusion: "action_required",
        platformReviewRequired: true,
        connectivity: { added: [{ from: "company-x", to: "service-5", crossesVC: true }], removed: [] },
        companies: { "company-x": "company-x", "service-5": "company-y" },
      },
      "Crosses the company-x / company-y boundary: platform review requested",
    ],
    [{ conclusion: "action_required", platformReviewRequired: true }, "Changes what the platform team owns: platform review requested"],
  ])("%#", (overrides, title) => {
    expect(renderTitle(judgement(overrides))).toBe(title);
  });
});

describe("renderDiff", () => {
  it("lists added and removed edges with companies, and draws them grouped by company", () => {
    const out = renderDiff(
      judgement({
        connectivity: {
          added: [{ from: "service-1", to: "service-4", crossesVC: true }],
          removed: [{ from: "service-1", to: "kube-system", crossesVC: false }],
        },
        companies: { "service-1": "company-x", "service-4": "company-y", "kube-system": null },
      }),
    );
    expect(out).toContain("| added | service-1 | company-x | service-4 | company-y | **yes** |");
    expect(out).toContain("| removed | service-1 | company-x | kube-system | shared | no |");
    expect(out).toContain('subgraph g0["company-x"]');
    expect(out).toContain("n0 -->|added, crosses| n1");
    expect(out).toContain("n0 -.->|removed| n2");
  });

  it("says so when nothing changes", () => {
    expect(renderDiff(judgement({}))).toBe("This pull request changes no namespace-level connectivity.\n");
  });
});

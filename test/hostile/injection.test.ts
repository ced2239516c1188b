/**
 * Markdown, HTML and @mention injection through what a PR author controls: file paths, Terraform module
 * labels and strings, and YAML values that messages echo. The summary must never render HTML from the PR,
 * ping a team, or carry a live markdown link or emphasis from the PR.
 *
 * The check models how GitHub (GFM) reads the summary: lines end at LF, CRLF or a lone CR; fenced code
 * blocks are opaque; a table row is cut into cells at every `|` not escaped as `\|` (even inside a code
 * span); then code spans are opaque. Whatever is left is rendered, and must not contain the payloads.
 */
import { describe, expect, it } from "vitest";
import type { PullRequestDiff } from "../../src/report/diff-lines.js";
import { renderReviewComments } from "../../src/report/render-review.js";
import { renderSummary } from "../../src/report/render-summary.js";
import { renderedParts } from "../helpers/rendered-markdown.js";
import { egressPolicy, expectHostileOutcome, hostileHead, judgeHostile, starterKit, type HostileRun } from "./hostile-helpers.js";

const HTML = "<img src=x onerror=alert(1)>";
const MENTION = "@acme/platform";
const BOLD = "**bold**";
const LINK = "[click](javascript:alert(1))";
const PAYLOAD = `${HTML} ${MENTION} ${BOLD} \`tick\` ${LINK}`;

function expectSafe(markdown: string): void {
  for (const part of renderedParts(markdown)) {
    expect(part, "raw HTML from the PR").not.toContain("<img");
    expect(part, "a mention that pings").not.toMatch(/@(?!\u200b)acme/);
    expect(part, "a live markdown link").not.toContain("](javascript:");
    expect(part, "emphasis from the PR").not.toContain(BOLD);
  }
}

/** The inline review comments, as if every line of every file with a finding were in the diff. */
function reviewComments(run: HostileRun): string[] {
  const diff: PullRequestDiff = new Map();
  for (const f of run.judgement.findings) {
    const lines = diff.get(f.file) ?? new Map<number, number>();
    for (let line = 1; line <= f.endLine; line++) lines.set(line, 0);
    diff.set(f.file, lines);
  }
  return renderReviewComments(run.judgement.findings, diff).map((comment) => comment.body);
}

async function judgeInjected(path: string): Promise<{ run: HostileRun; markdown: string }> {
  const run = await judgeHostile(
    hostileHead({
      // A path: the crossing policy lives in a file named with the payload.
      [path]: egressPolicy("p", "service-1", "service-4"),
      // Terraform strings: a module label, a namespace entry and an unresolvable reference echo them.
      "terraform/services/company-x/injected.tf": starterKit(PAYLOAD.replace(/"/g, ""), "service-9", "team-a", "company-x", [PAYLOAD, "service-4"]).replace(
        '"service-4",',
        '"service-4",\n        local.x,',
      ),
      // YAML values that validation messages quote.
      "kubernetes/services/service-1/echo.yaml": `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${JSON.stringify(PAYLOAD)}\n  namespace: service-1\nspec:\n  podSelector:\n    matchLabels:\n      app: ${JSON.stringify(PAYLOAD)}\n`,
    }),
  );
  return { run, markdown: renderSummary(run.change) };
}

describe("hostile: markdown, HTML and @mention injection", () => {
  it("in a path, a module label, a namespace entry and echoed YAML values: found, and escaped in the summary", async () => {
    const path = `kubernetes/services/service-1/${PAYLOAD}.yaml`;
    const { run, markdown } = await judgeInjected(path);
    expectHostileOutcome("injection", run, [
      { rule: "cross-vc-access", file: path, line: 11, namespace: "service-1" },
      // The name that breaks the rules is quoted with escapes: inert even where messages are plain text.
      { rule: "invalid-policy", file: "terraform/services/company-x/injected.tf", line: 10, message: "\\u0040acme/platform" },
      { rule: "unresolvable", file: "terraform/services/company-x/injected.tf", line: 12, message: "\\u0040acme/platform" },
      { rule: "invalid-policy", file: "kubernetes/services/service-1/echo.yaml", line: 4, message: "\\u0040acme/platform" },
      { rule: "invalid-policy", file: "kubernetes/services/service-1/echo.yaml", line: 9, message: MENTION },
    ]);
    expectSafe(markdown);
    const comments = reviewComments(run);
    expect(comments.length).toBe(run.judgement.findings.length);
    for (const body of comments) expectSafe(body);
  });

  // GFM cuts a table cell at `|` even inside backticks, which would break the code span open.
  it("a `|` in a path does not break out of the Location cell", async () => {
    const { markdown } = await judgeInjected(`kubernetes/services/service-1/x|${PAYLOAD}.yaml`);
    expectSafe(markdown);
  });

  // GitHub reads a lone CR as a line end too: it must not end the table row.
  it("a lone carriage return in a path does not end the table row", async () => {
    const { markdown } = await judgeInjected(`kubernetes/services/service-1/x\r${PAYLOAD}.yaml`);
    expectSafe(markdown);
  });

  it("the model of GFM used here does catch a broken cell (self-check)", () => {
    expect(() => expectSafe(`| \`a|${HTML}\` |`)).toThrow();
    expect(() => expectSafe(`| \`a\r${HTML}\` |`)).toThrow();
    expect(() => expectSafe(`| \`a\\|${HTML}\` |`)).not.toThrow();
    expect(() => expectSafe(`text @acme/platform`)).toThrow();
    expect(() => expectSafe("```\n@acme/platform\n```")).not.toThrow();
  });
});

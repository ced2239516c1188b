/**
 * Names come from the pull request: a namespace or object name with a line break, a backtick fence, an
 * `@org/team` mention, an `<img>` tag, a link or Mermaid syntax must come back inert on every surface the app
 * publishes. Names that break the naming rules are refused where they are read (an `invalid-policy` finding,
 * the name quoted with escapes) and never reach the hierarchy or a drawing; every other text goes through one
 * escaping function. One property feeds hostile strings through every surface: the check's title, summary and
 * text, the annotations, the review's body and inline comments, the command replies, and the CLI's markdown
 * (the summary is exactly `check --format markdown`).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderCheckMarkers } from "../../src/model/check-markers.js";
import { isDns1123Label } from "../../src/model/kubernetes-names.js";
import type { PullRequestDiff } from "../../src/report/diff-lines.js";
import { renderAnnotations } from "../../src/report/render-check-output.js";
import { renderReviewBody, renderReviewComments } from "../../src/report/render-review.js";
import { renderDiffAnswer, renderErrorAnswer, renderExplainAnswer, renderOverrideAnswer, renderRefusal, renderReply, renderTreeAnswer } from "../../src/report/render-reply.js";
import { renderVerdict } from "../../src/report/render-verdict.js";
import { renderSummary } from "../../src/report/render-summary.js";
import { renderTitle } from "../../src/report/render-title.js";
import { hostileHead, judgeHostile, type HostileRun } from "../hostile/hostile-helpers.js";
import { liveParts } from "../helpers/rendered-markdown.js";

const BASE_SHA = "b".repeat(40);
const HEAD_SHA = "h".repeat(40);
/** Hostile strings: pieces of markdown, HTML, mentions, links and Mermaid, in any order. */
const hostile = fc
  .array(
    fc.constantFrom("\n", "\r", "```", "~~~", "`", "@acme/platform", "<img src=x onerror=alert(1)>", "[x](https://e.vil)", "https://e.vil", "www.e.vil", '"]', "-->", "end", "%%{init: {}}%%", "|", "#", "&lt;", "svc", "-"),
    { minLength: 1, maxLength: 6 },
  )
  .map((pieces) => pieces.join(""));

/** The hostile name everywhere a manifest can carry a name. */
function hostileFiles(name: string): Record<string, string> {
  const yaml = JSON.stringify(name);
  return {
    "kubernetes/hostile/configmap-namespace.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: ${yaml}\ndata: {}\n`,
    "kubernetes/hostile/configmap-name.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${yaml}\n  namespace: company-x\ndata: {}\n`,
    "kubernetes/hostile/kind.yaml": `apiVersion: v1\nkind: ${yaml}\nmetadata:\n  name: x\n  namespace: company-x\n`,
    "kubernetes/hostile/namespace.yaml": `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${yaml}\n`,
    "kubernetes/hostile/policy.yaml": `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: ${yaml}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector: {}\n`,
  };
}

/** Every markdown surface, by name. */
function markdownSurfaces(run: HostileRun, name: string): Record<string, string> {
  const j = run.judgement;
  const override = { headSha: HEAD_SHA, by: "alice", at: "2026-12-02T07:00:00Z", reason: name };
  const verdict = renderVerdict({ change: run.change, conclusion: "success", review: null, override, headSha: HEAD_SHA });
  const result = { headSha: HEAD_SHA, checkName: "netpol-guard", conclusion: "success" as const, verdict: j.conclusion, title: verdict.title, override };
  const everyLine: PullRequestDiff = new Map();
  for (const f of j.findings) everyLine.set(f.file, new Map(Array.from({ length: f.endLine }, (_, i) => [i + 1, 0])));
  const comments = renderReviewComments(j.findings, everyLine);
  return {
    "summary (and CLI markdown)": renderSummary(run.change),
    "summary with an override": verdict.summary,
    "review body": renderReviewBody({ title: renderTitle(j), checkName: "netpol-guard", commented: comments.length, total: j.findings.length, headSha: HEAD_SHA }),
    ...Object.fromEntries(comments.map((c, i) => [`review comment ${i} (${c.path}:${c.line})`, c.body])),
    "/netpol diff": renderReply(1, renderDiffAnswer(j, BASE_SHA, HEAD_SHA)),
    "/netpol explain": renderReply(1, renderExplainAnswer(run.change, name, HEAD_SHA)),
    "/netpol explain company-x": renderReply(1, renderExplainAnswer(run.change, "company-x", HEAD_SHA)),
    "/netpol tree": renderReply(1, renderTreeAnswer(run.change, null, HEAD_SHA)),
    "/netpol tree NAME": renderReply(1, renderTreeAnswer(run.change, name, HEAD_SHA)),
    "/netpol override": renderReply(1, renderOverrideAnswer(result, override)),
    // The login is GitHub's (letters, digits, '-'), and the reply mentions its author on purpose.
    refusal: renderReply(1, renderRefusal("mallory", { name: "override", reason: name }, { permission: "platform", team: name })).replace("Sorry @mallory,", "Sorry,"),
    error: renderReply(1, renderErrorAnswer("answer", name)),
  };
}

describe("names from the pull request, on every surface", () => {
  it("come back inert: no live mention, HTML tag, link or fence", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (name) => {
        const run = await judgeHostile(hostileHead(hostileFiles(name)));
        const j = run.judgement;
        // A name that breaks the naming rules is refused where it is read, at its line: it is no namespace.
        // (Some draws are valid names, "end" or "svc-end": those are namespaces, and must be inert all the same.)
        if (!isDns1123Label(name)) {
          expect(j.findings.some((f) => f.file === "kubernetes/hostile/configmap-namespace.yaml" && f.line === 5 && f.rule === "invalid-policy")).toBe(true);
          expect(run.change.head.model.hierarchy.has(name)).toBe(false);
        }

        for (const [surface, markdown] of Object.entries(markdownSurfaces(run, name))) expect(liveParts(markdown), surface).toEqual([]);
        // The title and the annotations are plain text on GitHub; the text holds hidden markers only.
        expect(renderTitle(j)).not.toMatch(/[\r\n]/);
        for (const a of renderAnnotations(j.findings)) {
          if (!a.path.startsWith("kubernetes/hostile/")) continue;
          expect(`${a.title} ${a.message}`, a.path).not.toMatch(/<img|@acme|\]\(|```/);
        }
        const text = renderCheckMarkers({ binding: { pull: 7, baseRef: name, baseSha: HEAD_SHA }, fingerprint: "none", covers: [], override: { headSha: HEAD_SHA, by: "alice", at: "t", reason: name } });
        expect(text.replace(/<!-- netpol-guard:[a-z]+=[^\n<>]*? -->\n/g, "")).toBe("");
      }),
      { numRuns: 12 },
    );
  });

  it("the checks above do catch a live name (self-check)", () => {
    expect(liveParts("hello @acme/platform")).not.toEqual([]);
    expect(liveParts("<img src=x>")).not.toEqual([]);
    expect(liveParts("see https://e.vil")).not.toEqual([]);
    expect(liveParts("```\nswallowed\n```")).not.toEqual([]);
    expect(liveParts('```mermaid\ngraph LR\n  n0["a<img>"]\n```')).not.toEqual([]);
    expect(liveParts("`@acme/platform` and\n```text\n<img>\n```\n<details><summary>s</summary>\n</details>")).toEqual([]);
  });
});

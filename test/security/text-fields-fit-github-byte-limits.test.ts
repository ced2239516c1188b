/**
 * GitHub limits its text fields in UTF-8 bytes. Cut in UTF-16 units, a large legitimate summary of
 * box-drawing characters and accented paths was over the limit, refused, and its check could never go
 * green, even with the platform team's approval. Every field is now cut by bytes, between characters. The
 * fake GitHub of the handler tests refuses (as a problem) any field over its byte limit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitComment, fitSummary, fitTitle, MAX_SUMMARY_BYTES, SUMMARY_CUT_NOTE } from "../../src/report/render-check-output.js";
import { renderReviewComments } from "../../src/report/render-review.js";
import { makeFinding } from "../../src/model/finding.js";
import { fitUtf8 } from "../../src/report/fit-utf8.js";
import { utf8Length } from "../../src/report/utf8-length.js";
import { useHandlerTest } from "../helpers/handler-test.js";
import { BASE, VC_TO_VC_HEAD, withChanges } from "../helpers/infra-repo.js";
import { starterKit } from "../helpers/model-from-files.js";
import { pullRequestEvent, pullRequestReviewEvent } from "../helpers/payloads.js";

/** Whether `prefix` ends between two code points of `text` (not between the halves of a surrogate pair). */
function endsOnCharacter(text: string, prefix: string): boolean {
  const last = prefix.charCodeAt(prefix.length - 1);
  const next = text.charCodeAt(prefix.length);
  return !(last >= 0xd800 && last <= 0xdbff && next >= 0xdc00 && next <= 0xdfff);
}

describe("fitUtf8", () => {
  it("keeps the longest start within the byte limit, cut between characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.nat(1200), (text, max) => {
        const kept = fitUtf8(text, max);
        expect(text.startsWith(kept)).toBe(true);
        expect(utf8Length(kept)).toBeLessThanOrEqual(max);
        expect(endsOnCharacter(text, kept)).toBe(true);
        if (kept !== text) {
          // The next character would not fit: nothing that fits was dropped.
          const next = String.fromCodePoint(text.codePointAt(kept.length)!);
          expect(utf8Length(kept + next)).toBeGreaterThan(max);
        }
      }),
    );
  });

  it("counts as TextEncoder does", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
      }));
  });

  it("cuts a summary and a comment by bytes, never splitting a character", () => {
    for (const unit of ["é", "│", "😀"]) {
      const text = `${unit.repeat(30_000)}\n${unit.repeat(30_000)}\n`;
      const summary = fitSummary(text);
      expect(utf8Length(summary)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
      expect(summary).toContain(SUMMARY_CUT_NOTE);
      expect(summary.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "")).not.toMatch(/[\uD800-\uDFFF]/);
      expect(utf8Length(fitComment(text))).toBeLessThanOrEqual(65_536);
    }
  });

  it("cuts a check run's title to 255 bytes with an ellipsis, between characters", () => {
    const title = `netpol-guard could not read the head: ${"ошибка ".repeat(60)}`;
    const cut = fitTitle(title);
    expect(utf8Length(cut)).toBeLessThanOrEqual(255);
    expect(cut.endsWith("…")).toBe(true);
    expect(title.startsWith(cut.slice(0, -1))).toBe(true);
    expect(fitTitle("Judging the change")).toBe("Judging the change");
  });

  it("drops a suggestion too long for a comment rather than offering it cut short", () => {
    const line = `namespaces = [${Array.from({ length: 9_000 }, (_, i) => `"sérvice-${i}"`).join(", ")}]`;
    const finding = makeFinding({ rule: "cross-vc-access", severity: "error", location: { file: "f.tf", line: 3, endLine: 3 }, namespace: "service-1", message: "m", key: "k" });
    finding.suggestion = { line: 3, endLine: 3, replacement: line };
    const [comment] = renderReviewComments([finding], new Map([["f.tf", new Map([[3, 0]])]]));
    expect(comment!.body).not.toContain("```suggestion");
    expect(comment!.body).toContain("The suggested fix is too long for a comment.");
    expect(utf8Length(comment!.body)).toBeLessThanOrEqual(65_536);
  });
});

const t = useHandlerTest();

/** company-y lets company-x's tree in: with the egress policy of VC_TO_VC_HEAD, every company-x namespace reaches service-5. */
const INGRESS_FROM_COMPANY_X = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-from-company-x-tree, namespace: company-y }
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from: [{ namespaceSelector: { matchExpressions: [{ key: company-x.tree.hnc.x-k8s.io/depth, operator: Exists }] } }]
`;

describe("a large VC-to-VC change with non-ASCII text", () => {
  it("is published within GitHub's byte limits and turns green on the platform team's approval", async () => {
    // 1,600 services of company-x, in a file whose path is not ASCII, each given a new edge to service-5:
    // the summary's tree of the affected namespaces is drawn with box-drawing characters, 3 bytes each, so
    // it is under 65,535 UTF-16 units and over 65,535 bytes.
    const services = Array.from({ length: 1_600 }, (_, i) => starterKit(`service-x${i}`, "team-b", "company-x", [])).join("\n");
    const many = { "terraform/services/company-x/équipe-b.tf": services };
    const base = t.gh.commit("base", withChanges(BASE, many));
    const head = t.gh.commit("vc-to-vc", withChanges(VC_TO_VC_HEAD, { ...many, "kubernetes/policies/company-y/allow-from-company-x.yaml": INGRESS_FROM_COMPANY_X }));
    t.gh.pull(8, base, head);
    t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().publishMutation().updateCheckRun();
    await t.probot.receive(pullRequestEvent("opened", { number: 8, base, head, author: "dev" }));

    const first = (t.gh.bodies("PATCH {repo}/check-runs") as { conclusion: string; output: { summary: string } }[]).at(-1)!;
    expect(first.conclusion).toBe("action_required");
    expect(first.output.summary).toContain("└── ");
    expect(first.output.summary).toContain(SUMMARY_CUT_NOTE);
    expect(utf8Length(first.output.summary)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);

    t.gh.createCheckRun().listReviews(8, [{ user: "alice", state: "APPROVED", commit: head }]).teamMembership("platform", "alice", "active").updateCheckRun();
    await t.probot.receive(pullRequestReviewEvent("submitted", { number: 8, base, head, author: "dev", labels: ["cross-vc-boundary"], reviewer: "alice", state: "approved" }));

    const approved = (t.gh.bodies("PATCH {repo}/check-runs") as { conclusion: string; output: { summary: string } }[]).at(-1)!;
    expect(approved.conclusion).toBe("success");
    expect(utf8Length(approved.output.summary)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    // useHandlerTest then fails the test if any request carried a field over GitHub's byte limits.
  });
});

/**
 * The review netpol-guard posts on a pull request: one per head commit, event COMMENT, with an inline
 * comment on each introduced finding that sits on a line of the diff, and a GitHub suggestion where the
 * fix is mechanical. Pure: the findings and the diff in, the request body out.
 */
import type { Finding } from "../model/finding.js";
import { escapeMarkdown, inlineCode } from "./escape-markdown.js";
import { utf8Length } from "./utf8-length.js";
import { fitComment, MAX_COMMENT_BYTES } from "./render-check-output.js";
import type { PullRequestDiff } from "./diff-lines.js";

/** Inline comments per review at most; the check run's annotations carry the rest. */
export const MAX_REVIEW_COMMENTS = 50;

/** The hidden text that identifies the review of one head commit, so that it is never posted twice. */
export function reviewMarker(headSha: string): string {
  return `<!-- netpol-guard:review head=${headSha} -->`;
}

/** An inline comment, as `pulls.createReview` takes it. */
export interface ReviewComment {
  path: string;
  line: number;
  side: "RIGHT";
  start_line?: number;
  start_side?: "RIGHT";
  body: string;
}

const ICON: Record<Finding["severity"], string> = { error: ":x:", warning: ":warning:", notice: ":information_source:" };

/** A GitHub suggestion block replacing the commented lines with `replacement` (empty: deletes them). */
export function suggestionBlock(replacement: string): string {
  const longest = Math.max(2, ...(replacement.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return replacement === "" ? `${fence}suggestion\n${fence}` : `${fence}suggestion\n${replacement}\n${fence}`;
}

function commentBody(finding: Finding, withSuggestion: boolean): string {
  const review = finding.platformReview ? " · platform review" : "";
  const parts = [`${ICON[finding.severity]} **netpol-guard** ${finding.severity} ${inlineCode(finding.rule)}${review}`, escapeMarkdown(finding.message)];
  if (withSuggestion && finding.suggestion) {
    const suggestion = [finding.suggestion.replacement === "" ? "Suggested fix (removes the line):" : "Suggested fix:", suggestionBlock(finding.suggestion.replacement)];
    const whole = [...parts, ...suggestion].join("\n\n");
    // A suggestion cut short would offer a broken line as the fix: past GitHub's limit, none is offered.
    if (utf8Length(whole) <= MAX_COMMENT_BYTES) return whole;
    parts.push("The suggested fix is too long for a comment.");
  }
  return fitComment(parts.join("\n\n"));
}

/** Where a finding's comment goes, if anywhere on the diff. */
function anchor(finding: Finding, diff: PullRequestDiff): ReviewComment | null {
  const lines = diff.get(finding.file);
  if (!lines) return null;
  const s = finding.suggestion;
  if (s) {
    const hunk = lines.get(s.line);
    let whole = hunk !== undefined;
    for (let line = s.line; whole && line <= s.endLine; line++) whole = lines.get(line) === hunk;
    if (whole) {
      const comment: ReviewComment = { path: finding.file, line: s.endLine, side: "RIGHT", body: commentBody(finding, true) };
      if (s.endLine > s.line) Object.assign(comment, { start_line: s.line, start_side: "RIGHT" });
      return comment;
    }
  }
  // Without a suggestion that fits, the first line of the finding's range that the diff shows.
  for (let line = finding.line; line <= finding.endLine; line++) {
    if (lines.has(line)) return { path: finding.file, line, side: "RIGHT", body: commentBody(finding, false) };
  }
  return null;
}

/** The inline comments for the findings on lines of the diff, at most `max`, in the findings' order. */
export function renderReviewComments(findings: Finding[], diff: PullRequestDiff, max = MAX_REVIEW_COMMENTS): ReviewComment[] {
  const comments: ReviewComment[] = [];
  for (const finding of findings) {
    if (comments.length >= max) break;
    const comment = anchor(finding, diff);
    if (comment) comments.push(comment);
  }
  return comments;
}

/** The review's own text: what it is, where the rest is, and the marker. */
export function renderReviewBody(options: { title: string; checkName: string; commented: number; total: number; headSha: string }): string {
  const { title, checkName, commented, total, headSha } = options;
  const rest =
    commented === total
      ? `Each finding is commented on its line below.`
      : `${commented} of the ${total} findings are on lines of this diff and commented below; the ${inlineCode(checkName)} check lists them all, with annotations.`;
  return `**netpol-guard: ${escapeMarkdown(title)}**\n\n${rest}\n\n${reviewMarker(headSha)}`;
}

/**
 * The body of a review posted without its inline comments, after GitHub refused them (422: a line or path
 * it could not resolve on the diff): the title and the marker of `body` kept, the middle saying where the
 * findings are instead, so that the review is still posted once per head.
 */
export function renderReviewBodyWithoutComments(body: string, headSha: string, reason: string): string {
  const marker = reviewMarker(headSha);
  const title = body.split("\n\n")[0] ?? "";
  const note = `GitHub refused the inline comments of this review (${escapeMarkdown(reason)}), so every finding is an annotation on its line in the check run instead.`;
  return `${title}\n\n${note}\n\n${marker}`;
}

/**
 * The parts of a check run that GitHub bounds: annotations (50 per request, a message of at most 64 KB)
 * and the summary (65,535 characters). Pure.
 */
import type { Finding } from "../engine/finding.js";

/** GitHub's limit on the summary of a check run. */
export const MAX_SUMMARY_LENGTH = 65_535;
/** GitHub's limit on annotations per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Annotations sent at most (ten update requests); the summary says how many more findings there are. */
export const MAX_ANNOTATIONS = 500;
const MAX_ANNOTATION_MESSAGE = 60_000;
const MAX_ANNOTATION_TITLE = 255;

/** An annotation, as `checks.update` takes it. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

const LEVEL: Record<Finding["severity"], CheckAnnotation["annotation_level"]> = {
  error: "failure",
  warning: "warning",
  notice: "notice",
};

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never split a surrogate pair.
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** One annotation per finding, on its file and lines. */
export function renderAnnotations(findings: Finding[]): CheckAnnotation[] {
  return findings.slice(0, MAX_ANNOTATIONS).map((f) => {
    const review = f.platformReview ? "\n\nThis needs the platform team's approval." : "";
    return {
      path: f.file,
      start_line: Math.max(1, f.line),
      end_line: Math.max(1, f.line, f.endLine),
      annotation_level: LEVEL[f.severity],
      title: cut(`${f.rule} (${f.severity})`, MAX_ANNOTATION_TITLE),
      message: cut(f.message + review, MAX_ANNOTATION_MESSAGE),
    };
  });
}

/** Splits `items` into groups of `size`. */
export function inBatches<T>(items: T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

export const SUMMARY_CUT_NOTE =
  "**This summary was cut here**: it is longer than the 65,535 characters GitHub accepts. Every finding is still an annotation on its line; `netpol-guard check --base <base> --head <head> --format markdown` prints the whole report.";

/** The summary, cut at a line boundary with a note when it is over GitHub's limit; never rejected. */
export function fitSummary(summary: string, max = MAX_SUMMARY_LENGTH): string {
  return fitMarkdown(summary, SUMMARY_CUT_NOTE, max);
}

/** GitHub's limit on the body of an issue or pull request comment, as the app counts it. */
export const MAX_COMMENT_LENGTH = 65_535;

export const COMMENT_CUT_NOTE = "**This answer was cut here**: it is longer than the 65,535 characters GitHub accepts in a comment. The command-line tool (`netpol-guard explain`, `tree`, `check --format markdown`) prints it whole.";

/** A comment body, cut like a summary when it is over GitHub's limit. */
export function fitComment(body: string, max = MAX_COMMENT_LENGTH): string {
  return fitMarkdown(body, COMMENT_CUT_NOTE, max);
}

/**
 * `text` if it fits in `max` characters; else cut at a line boundary (never inside a surrogate pair), with
 * an open code block and open `<details>` closed so that `note`, appended after a rule, shows.
 */
export function fitMarkdown(text: string, note: string, max: number): string {
  if (text.length <= max) return text;
  const opened = (kept: string): number => Math.max(0, (kept.match(/<details>/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length);
  // Closing what is open costs room too: cut again, shorter, until the whole fits.
  for (let room = max - note.length - 16; ; ) {
    if (room <= 0) return note.slice(0, max);
    let kept = text.slice(0, room);
    const newline = kept.lastIndexOf("\n");
    if (newline > room / 2) kept = kept.slice(0, newline);
    const code = kept.charCodeAt(kept.length - 1);
    if (code >= 0xd800 && code <= 0xdbff) kept = kept.slice(0, -1);
    // Close a code block left open, or the note would be printed inside it; then any open <details>.
    const fences = kept.split("\n").filter((line) => /^```/.test(line)).length;
    const close = (fences % 2 === 1 ? "\n```" : "") + "\n\n</details>".repeat(opened(kept));
    const result = `${kept}${close}\n\n---\n\n${note}\n`;
    if (result.length <= max) return result;
    room -= result.length - max;
  }
}

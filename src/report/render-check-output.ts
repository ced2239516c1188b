/**
 * The parts of a check run and of a comment that GitHub bounds: annotations (50 per request, a message of at
 * most 64 KB, a title of 255), the summary and the text (65,535), a comment's body (65,536). GitHub counts
 * these limits in UTF-8 bytes, so they are counted here in bytes too, and cut between characters: a
 * summary of box-drawing characters or accented paths cut at 65,535 UTF-16 units is up to three times over,
 * refused, and its check could never complete. Pure.
 */
import type { Conclusion } from "../engine/judge-change.js";
import type { Finding } from "../model/finding.js";
import { fitUtf8 } from "./fit-utf8.js";
import { utf8Length } from "./utf8-length.js";

/** GitHub's limit on the summary of a check run, in UTF-8 bytes. */
export const MAX_SUMMARY_BYTES = 65_535;
/** GitHub's limit on the text of a check run, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 65_535;
/**
 * A check run's title, in UTF-8 bytes: GitHub documents no limit, so the annotation title's 255 is kept. A
 * title is one line that says what matters; a failure's may quote an error message of any length.
 */
export const MAX_TITLE_BYTES = 255;
/** GitHub's limit on annotations per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Annotations sent at most (ten update requests); the summary says how many more findings there are. */
export const MAX_ANNOTATIONS = 500;
/** Under GitHub's 64 KB for an annotation's message, in bytes, with room to spare. */
export const MAX_ANNOTATION_MESSAGE_BYTES = 60_000;
/** GitHub's limit on an annotation's title (255), in bytes. */
export const MAX_ANNOTATION_TITLE_BYTES = 255;

/** An annotation, as `checks.update` takes it. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

/** A check run's completed output. */
export interface CheckRunOutcome {
  conclusion: Conclusion;
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
  /** The output's text, sent with the completing update: hidden markers read back by later judgements. */
  text?: string;
}

const LEVEL: Record<Finding["severity"], CheckAnnotation["annotation_level"]> = {
  error: "failure",
  warning: "warning",
  notice: "notice",
};

/** `text`, or its start and an ellipsis (3 bytes) within `maxBytes`. */
function cut(text: string, maxBytes: number): string {
  const kept = fitUtf8(text, maxBytes);
  return kept === text ? text : `${fitUtf8(kept, maxBytes - 3)}…`;
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
      title: cut(`${f.rule} (${f.severity})`, MAX_ANNOTATION_TITLE_BYTES),
      message: cut(f.message + review, MAX_ANNOTATION_MESSAGE_BYTES),
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
  "**This summary was cut here**: it is longer than the 65,535 bytes GitHub accepts. Every finding is still an annotation on its line; `netpol-guard check --base <base> --head <head> --format markdown` prints the whole report.";

/** The summary, cut at a line boundary with a note when it is over GitHub's limit; never rejected. */
export function fitSummary(summary: string, maxBytes = MAX_SUMMARY_BYTES): string {
  return fitMarkdown(summary, SUMMARY_CUT_NOTE, maxBytes);
}

/** The check run's title, cut with an ellipsis past `MAX_TITLE_BYTES`. */
export function fitTitle(title: string): string {
  return cut(title, MAX_TITLE_BYTES);
}

/**
 * The check run's text, within GitHub's limit. It holds only the hidden markers, bounded well below it; a
 * cut marker would not parse, and reads as no record (fail closed).
 */
export function fitText(text: string): string {
  return fitUtf8(text, MAX_TEXT_BYTES);
}

/** GitHub's limit on the body of an issue or pull request comment, a review or a review comment, in bytes. */
export const MAX_COMMENT_BYTES = 65_536;

export const COMMENT_CUT_NOTE = "**This answer was cut here**: it is longer than the 65,536 bytes GitHub accepts in a comment. The command-line tool (`netpol-guard explain`, `tree`, `check --format markdown`) prints it whole.";

/** A comment body, cut like a summary when it is over GitHub's limit. */
export function fitComment(body: string, maxBytes = MAX_COMMENT_BYTES): string {
  return fitMarkdown(body, COMMENT_CUT_NOTE, maxBytes);
}

/**
 * `text` if it fits in `maxBytes` of UTF-8; else cut at a line boundary (never inside a character), with an
 * open code block and open `<details>` closed so that `note`, appended after a rule, shows.
 */
export function fitMarkdown(text: string, note: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  const opened = (kept: string): number => Math.max(0, (kept.match(/<details>/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length);
  // Closing what is open costs room too: cut again, shorter, until the whole fits.
  for (let room = maxBytes - utf8Length(note) - 16; ; ) {
    if (room <= 0) return fitUtf8(note, maxBytes);
    let kept = fitUtf8(text, room);
    const newline = kept.lastIndexOf("\n");
    if (newline > kept.length / 2) kept = kept.slice(0, newline);
    // Close a code block left open, or the note would be printed inside it; then any open <details>.
    const fences = kept.split("\n").filter((line) => /^```/.test(line)).length;
    const close = (fences % 2 === 1 ? "\n```" : "") + "\n\n</details>".repeat(opened(kept));
    const result = `${kept}${close}\n\n---\n\n${note}\n`;
    const over = utf8Length(result) - maxBytes;
    if (over <= 0) return result;
    room -= over;
  }
}

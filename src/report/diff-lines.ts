/**
 * The lines of a file that a review comment may point at on the right side of a pull request: the added
 * and context lines of the diff, each with the hunk it belongs to (a multi-line comment must start and end
 * in the same hunk). Computed from the base and head texts the app has already read, with 3 lines of
 * context as GitHub's pull request diff has, so that no request is spent on `pulls.listFiles`. Pure.
 *
 * This is the diff of the judged base and head; GitHub's diff is from the merge base, which can be behind
 * the pull request's base commit, and it may pair a moved file with its old path. Where the two disagree,
 * GitHub refuses the review (422) and the app posts it again without inline comments: every finding stays
 * an annotation on the check run.
 */
import { structuredPatch } from "diff";

/** Right-side line number -> hunk index. */
export type CommentableLines = Map<number, number>;

/** path -> commentable lines, for every changed file of the pull request that has any. */
export type PullRequestDiff = Map<string, CommentableLines>;

/** Lines of context around each change, as in GitHub's diff (git's default). */
export const DIFF_CONTEXT = 3;

/**
 * Edits the diff may hold before it gives up (its cost grows with edits times lines): a file rewritten
 * that much gets no inline comment, only annotations.
 */
export const MAX_DIFF_EDITS = 1_000;

/**
 * The commentable lines of `after` against `before` (null: the file is new, every line is commentable).
 * Empty when the texts are equal or the diff is over `MAX_DIFF_EDITS`.
 */
export function commentableLines(before: string | null, after: string): CommentableLines {
  const lines: CommentableLines = new Map();
  if (before === after) return lines;
  const patch = structuredPatch("a", "b", before ?? "", after, undefined, undefined, { context: DIFF_CONTEXT, maxEditLength: MAX_DIFF_EDITS });
  if (patch === undefined) return lines;
  patch.hunks.forEach((hunk, index) => {
    // An empty side starts at line 0 in a hunk header; its first line is 1.
    let right = Math.max(1, hunk.newStart);
    for (const line of hunk.lines) {
      const marker = line[0];
      if (marker === "+" || marker === " ") {
        lines.set(right, index);
        right++;
      }
      // "-" (a removed line) and "\\" ("No newline at end of file") have nothing on the right side.
    }
  });
  return lines;
}

/**
 * The lines of a file that a review comment may point at on the right side of a pull request: the added
 * and context lines of the diff GitHub shows, each with the hunk it belongs to (a multi-line comment must
 * start and end in the same hunk).
 */

/** Right-side line number -> hunk index. */
export type CommentableLines = Map<number, number>;

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** Reads a unified diff `patch` as `pulls.listFiles` returns it. */
export function parsePatch(patch: string): CommentableLines {
  const lines: CommentableLines = new Map();
  let hunk = -1;
  let right = 0;
  for (const line of patch.split("\n")) {
    const header = HUNK_HEADER.exec(line);
    if (header) {
      hunk++;
      right = Number(header[1]);
      continue;
    }
    if (hunk < 0) continue;
    const marker = line[0];
    if (marker === "+" || marker === " ") {
      lines.set(right, hunk);
      right++;
    }
    // "-" (a removed line) and "\\" ("No newline at end of file") have nothing on the right side.
  }
  return lines;
}

/** path -> commentable lines, for every file of the pull request that has a patch. */
export type PullRequestDiff = Map<string, CommentableLines>;

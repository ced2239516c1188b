/**
 * Error recovery: cuts a Terraform file into chunks at lines that start (in column 0) a top-level block
 * such as `module "x" {`, so that one broken block (a missing `}`, an unterminated string) does not
 * swallow the blocks after it. Only used when the whole-file parse has errors.
 */

export interface SourceChunk {
  text: string;
  /** Number of lines before the chunk in the file. */
  lineOffset: number;
}

const TOP_LEVEL_BLOCK =
  /(?:module|locals|resource|data|variable|output|provider|terraform|moved|import|check|removed)(?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*[ \t]*\{/y;

export function splitTopLevelBlocks(source: string): SourceChunk[] {
  const chunks: SourceChunk[] = [];
  let chunkStart = 0;
  let chunkLine = 0;
  let line = 0;
  let pos = 0;
  const n = source.length;
  while (pos < n) {
    if (pos > 0) {
      const c = source.charCodeAt(pos);
      // Cheap pre-check: every keyword starts with a lower-case letter.
      if (c >= 97 && c <= 122) {
        TOP_LEVEL_BLOCK.lastIndex = pos;
        if (TOP_LEVEL_BLOCK.test(source)) {
          // Without the newline before the next block, so that an error at the end of a chunk is
          // reported on the chunk's last line rather than on the next block's first line.
          chunks.push({ text: source.slice(chunkStart, pos - 1), lineOffset: chunkLine });
          chunkStart = pos;
          chunkLine = line;
        }
      }
    }
    const nl = source.indexOf("\n", pos);
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  chunks.push({ text: source.slice(chunkStart), lineOffset: chunkLine });
  return chunks;
}

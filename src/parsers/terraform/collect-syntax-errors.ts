import type { Node } from "web-tree-sitter";
import type { Problem } from "../../model/types.js";

const MISSING_TOKEN: Record<string, string> = {
  block_end: "}",
  object_end: "}",
  tuple_end: "]",
  quoted_template_end: '"',
  quoted_template_start: '"',
  template_interpolation_end: "}",
  template_directive_end: "}",
  heredoc_identifier: "heredoc marker",
  identifier: "identifier",
  expression: "expression",
};

const CLOSERS = new Set(["block_end", "object_end", "tuple_end", "quoted_template_end", "heredoc_identifier", "}", "]", ")", '"']);

/** For a missing closing token, the construct it should close (a block, list, object or string). */
function closedConstruct(missing: Node): Node | null {
  if (!CLOSERS.has(missing.type)) return null;
  let parent = missing.parent;
  // `}` inside `block_end`, `]` inside `tuple_end`: go up to the construct itself.
  if (parent && (parent.type === "block_end" || parent.type === "object_end" || parent.type === "tuple_end")) parent = parent.parent;
  return parent;
}

/** A short excerpt of source, safe to put between backticks in a message. */
export function excerpt(text: string, max = 40): string {
  let s = text.trim();
  const nl = s.indexOf("\n");
  if (nl >= 0) s = s.slice(0, nl).trimEnd();
  if (s.length > max) s = s.slice(0, max) + "…";
  return s.replace(/[\u0000-\u001f\u007f`]/g, (c) => {
    if (c === "`") return "'";
    if (c === "\t") return "\\t";
    if (c === "\r") return "\\r";
    return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
  });
}

/**
 * One `parse-error` problem per ERROR node (outermost only) and per MISSING node; at most one per line.
 * Only descends into subtrees that contain an error.
 */
export function collectSyntaxErrors(root: Node, source: string, file: string, lineOffset: number): Problem[] {
  const problems: Problem[] = [];
  let lastLine = -1;
  const stack: Node[] = [root];
  const found: Node[] = [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) {
      found.push(node);
      continue;
    }
    if (!node.hasError) continue;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  found.sort((a, b) => a.startIndex - b.startIndex);
  for (const node of found) {
    let line = node.startPosition.row + 1 + lineOffset;
    let message: string;
    if (node.isMissing) {
      const type = node.type;
      const token = MISSING_TOKEN[type] ?? type;
      // A missing closer is reported with the line where its construct was opened.
      const opener = closedConstruct(node);
      if (opener && (type === "quoted_template_end" || type === "heredoc_identifier")) {
        // An unterminated string runs to the end of the file: the useful line is where it starts.
        line = opener.startPosition.row + 1 + lineOffset;
        const what = type === "heredoc_identifier" ? "heredoc" : "string";
        message = `HCL syntax error: unterminated ${what} near \`${excerpt(source.slice(opener.startIndex, opener.startIndex + 200))}\``;
      } else {
        const lineStart = source.lastIndexOf("\n", node.startIndex - 1) + 1;
        const near = excerpt(source.slice(lineStart, Math.min(source.length, lineStart + 200)));
        const opened = opener ? ` (opened on line ${opener.startPosition.row + 1 + lineOffset})` : "";
        message = near
          ? `HCL syntax error: missing \`${token}\`${opened} near \`${near}\``
          : `HCL syntax error: missing \`${token}\`${opened}`;
      }
    } else {
      // tree-sitter often wraps a whole block around an unterminated string: point at the string itself.
      const quote = unterminatedStringIn(source, node.startIndex, node.endIndex);
      if (quote !== null) {
        line = lineAt(source, quote) + 1 + lineOffset;
        message = `HCL syntax error: unterminated string near \`${excerpt(source.slice(quote, quote + 200))}\``;
      } else {
        const near = excerpt(source.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 200)));
        message = near ? `HCL syntax error near \`${near}\`` : "HCL syntax error";
      }
    }
    if (line === lastLine) continue;
    lastLine = line;
    problems.push({
      rule: "parse-error",
      severity: "error",
      location: { file, line, endLine: Math.max(line, node.endPosition.row + 1 + lineOffset) },
      message,
    });
  }
  return problems;
}

function lineAt(source: string, offset: number): number {
  let line = 0;
  for (let i = source.indexOf("\n"); i >= 0 && i < offset; i = source.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * The offset of the first quote in `[start, end)` that opens a string still open at the end of its line
 * (HCL quoted strings cannot span lines), scanning from the start of `start`'s line. Skips comments,
 * heredoc bodies and escapes, and follows `${...}` interpolations. Null when every string is closed.
 */
export function unterminatedStringIn(source: string, start: number, end: number): number | null {
  let i = source.lastIndexOf("\n", start - 1) + 1;
  // What encloses the current position: a string (with the offset of its quote) or an interpolation (with
  // its brace depth).
  const stack: ({ kind: "string"; quote: number } | { kind: "interpolation"; depth: number })[] = [];
  while (i < end && i < source.length) {
    const c = source[i]!;
    const top = stack[stack.length - 1];
    if (top?.kind === "string") {
      if (c === "\n") return top.quote;
      if (c === "\\") i += 2;
      else if (c === '"') {
        stack.pop();
        i++;
      } else if ((c === "$" || c === "%") && source[i + 1] === "{") {
        stack.push({ kind: "interpolation", depth: 0 });
        i += 2;
      } else i++;
      continue;
    }
    if (c === '"') {
      stack.push({ kind: "string", quote: i });
      i++;
    } else if (c === "#" || (c === "/" && source[i + 1] === "/")) {
      const nl = source.indexOf("\n", i);
      i = nl < 0 ? source.length : nl;
    } else if (c === "/" && source[i + 1] === "*") {
      const close = source.indexOf("*/", i + 2);
      i = close < 0 ? source.length : close + 2;
    } else if (c === "<" && source[i + 1] === "<") {
      const heredoc = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(source.slice(i, i + 200));
      if (heredoc === null) {
        i += 2;
        continue;
      }
      // Skip the body, up to the line that holds only the identifier.
      const marker = new RegExp(`^[ \\t]*${heredoc[1]}[ \\t]*\\r?$`, "gm");
      marker.lastIndex = i + heredoc[0].length;
      const found = marker.exec(source);
      i = found === null ? source.length : found.index + found[0].length;
    } else if (top?.kind === "interpolation" && c === "{") {
      top.depth++;
      i++;
    } else if (top?.kind === "interpolation" && c === "}") {
      if (top.depth === 0) stack.pop();
      else top.depth--;
      i++;
    } else i++;
  }
  // A string still open where the file ends.
  if (i >= source.length) {
    for (let k = stack.length - 1; k >= 0; k--) {
      const open = stack[k]!;
      if (open.kind === "string") return open.quote;
    }
  }
  return null;
}

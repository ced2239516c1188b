import type { SourceLocation } from "../../model/types.js";
import type { YamlLocator } from "./locate-yaml-node.js";
import type { Path } from "./object-context.js";

/**
 * A fast path for the plain YAML that manifests are written in, read in one pass over the lines: block
 * mappings and sequences (a mapping may start on a sequence entry's line, and a sequence may sit at its
 * key's indentation), plain scalars on one line, quoted scalars on one line without escapes, `{}` and `[]`,
 * comments at the end of a line or on a line of their own at column 0 before a line at column 0, and `---`
 * between documents. Gives the documents `readYamlDocuments` would give (the same values, and locators that
 * find the same lines for every path), or null for anything else, which is then read by the `yaml` library
 * unchanged: any other character (a tab, a carriage return, anything outside ASCII), an anchor, alias, tag,
 * flow collection, block scalar, directive, explicit key, merge key, a key given twice, a key with no value,
 * odd indentation, a value that continues on the next line, a syntax error... test/properties/fast-read-yaml.test.ts
 * holds it to the library on generated and hostile inputs.
 */
export function fastReadYaml(file: string, text: string): { value: unknown; locator: YamlLocator }[] | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 10) || c > 0x7e) return null;
  }
  const lines = text.split("\n");
  // The library's locator for a document with no node: the whole file (the line of its end included).
  const whole: SourceLocation = { file, line: 1, endLine: lines.length };
  const documents: { value: unknown; locator: YamlLocator }[] = [];
  const reader = new LineReader(lines);
  let explicit = false;
  let start = 0;
  for (let index = 0; index <= lines.length; index++) {
    const line = index < lines.length ? lines[index]! : null;
    const marker = line !== null && line.startsWith("---");
    if (line !== null && !marker) {
      if (line.startsWith("...") || line.startsWith("%")) return null;
      continue;
    }
    if (marker && line.trimEnd() !== "---") return null;
    const document = reader.readDocument(start, index);
    if (document === undefined) return null;
    if (document !== null) documents.push({ value: document.value, locator: locatorOf(file, document.node, whole) });
    else if (explicit) documents.push({ value: null, locator: locatorOf(file, null, whole) });
    explicit = marker;
    start = index + 1;
  }
  return documents;
}

/** A node as read, with the lines the `yaml` library's locator gives it. */
type FastNode =
  | { kind: "scalar"; line: number; endLine: number }
  | { kind: "map"; line: number; endLine: number; entries: Map<string, { key: SourceLocationLines; value: FastNode }> }
  | { kind: "seq"; line: number; endLine: number; items: FastNode[] };

interface SourceLocationLines {
  line: number;
  endLine: number;
}

/** Why reading stops: the text is left to the `yaml` library. */
class NotPlain extends Error {}

function refuse(): never {
  throw new NotPlain();
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** Characters a plain scalar cannot start with (`-` can, before a character that is not a space). */
const INDICATORS = new Set("-?:,[]{}#&*!|>'\"%@`");

/** The value of a plain scalar as the YAML 1.2 core schema resolves it (the `yaml` library's default). */
function resolvePlain(text: string): unknown {
  if (text === "~" || text === "null" || text === "Null" || text === "NULL") return null;
  if (text === "true" || text === "True" || text === "TRUE") return true;
  if (text === "false" || text === "False" || text === "FALSE") return false;
  const c = text.charCodeAt(0);
  // Only a digit, a sign or a dot can start a number.
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return text;
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (FLOAT_NAN.test(text)) return text.slice(-3).toLowerCase() === "nan" ? NaN : text[0] === "-" ? -Infinity : Infinity;
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}

/** A scalar on one line from `col`: its value and where its text ends; null when it is not one this reads. */
interface Scalar {
  value: unknown;
  /** Column just past the scalar. */
  end: number;
}

/** Reads the documents of a text, given as its lines, one document (a range of lines) at a time. */
class LineReader {
  constructor(private readonly lines: string[]) {}

  /** The next content line to read (blank and comment lines skipped), or `to` at the document's end. */
  private next = 0;
  private to = 0;

  /** The document in lines `[from, to)`: null when it has no content, undefined when this cannot read it. */
  readDocument(from: number, to: number): { value: unknown; node: FastNode } | null | undefined {
    this.to = to;
    try {
      this.next = this.skip(from);
      if (this.next >= to) return null;
      if (this.indentOf(this.next) !== 0) return undefined;
      const read = this.block(this.next, 0, false);
      if (this.next < to) return undefined;
      return read;
    } catch {
      // Not plain (NotPlain), or nested too deeply for this thread's stack: the library decides.
      return undefined;
    }
  }

  /** The next content line at or after `index`, checking the comment lines skipped (column 0, before column 0). */
  private skip(index: number): number {
    let comment = false;
    for (; index < this.to; index++) {
      const line = this.lines[index]!;
      const indent = this.indentOf(index);
      if (indent === line.length) continue;
      if (line.charCodeAt(indent) === 35) {
        if (indent !== 0) refuse();
        comment = true;
        continue;
      }
      if (comment && indent !== 0) refuse();
      return index;
    }
    return index;
  }

  private indentOf(index: number): number {
    const line = this.lines[index]!;
    let i = 0;
    while (i < line.length && line.charCodeAt(i) === 32) i++;
    return i;
  }

  /** Whether `text` from `col` is a sequence entry's `-`. */
  private static isDash(text: string, col: number): boolean {
    return text.charCodeAt(col) === 45 && (col + 1 === text.length || text.charCodeAt(col + 1) === 32);
  }

  /** A block collection starting at line `index`, column `col` (a line's indentation, or after `- `). */
  private block(index: number, col: number, indentless: boolean): { value: unknown; node: FastNode } {
    const text = this.lines[index]!;
    if (LineReader.isDash(text, col)) return this.sequence(index, col, indentless);
    if (this.keyEnd(text, col) !== null) return this.mapping(index, col);
    return refuse();
  }

  /**
   * Where the key of a mapping entry at `col` ends (the column of its `:`), or null when the line holds no
   * mapping entry there.
   */
  private keyEnd(text: string, col: number): { key: unknown; colon: number } | null {
    const first = text[col]!;
    if (first === '"' || first === "'") {
      const scalar = LineReader.quoted(text, col);
      if (scalar === null || text.charCodeAt(scalar.end) !== 58) return null;
      if (scalar.end + 1 < text.length && text.charCodeAt(scalar.end + 1) !== 32) return null;
      return { key: scalar.value, colon: scalar.end };
    }
    if (INDICATORS.has(first) && !(first === "-" && col + 1 < text.length && text[col + 1] !== " ")) return null;
    for (let i = col + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 35 && text.charCodeAt(i - 1) === 32) return null;
      if (c === 58 && (i + 1 === text.length || text.charCodeAt(i + 1) === 32)) {
        if (text.charCodeAt(i - 1) === 32) refuse();
        const source = text.slice(col, i);
        return { key: resolvePlain(source), colon: i };
      }
    }
    return null;
  }

  /** A quoted scalar on one line at `col`, without escapes; null when it is not one. */
  private static quoted(text: string, col: number): Scalar | null {
    const quote = text[col];
    if (quote === '"') {
      const close = text.indexOf('"', col + 1);
      if (close < 0) return null;
      const inner = text.slice(col + 1, close);
      if (inner.includes("\\")) return null;
      return { value: inner, end: close + 1 };
    }
    let value = "";
    let i = col + 1;
    for (;;) {
      const close = text.indexOf("'", i);
      if (close < 0) return null;
      value += text.slice(i, close);
      if (text[close + 1] === "'") {
        value += "'";
        i = close + 2;
        continue;
      }
      return { value, end: close + 1 };
    }
  }

  /** What follows a value on its line: nothing, spaces, or a comment; else this does not read it. */
  private static endOfLine(text: string, at: number): void {
    let i = at;
    while (i < text.length && text.charCodeAt(i) === 32) i++;
    if (i === text.length) return;
    if (text.charCodeAt(i) === 35 && i > at) return;
    refuse();
  }

  /** The first column from `at` that is not a space. */
  private static skipSpaces(text: string, at: number): number {
    let i = at;
    while (i < text.length && text.charCodeAt(i) === 32) i++;
    return i;
  }

  /**
   * A value that starts on line `index` at column `at` (after `key:` or `- `), in a collection at column
   * `col`; `mapValue`: a mapping's value, which may be a sequence at the key's own indentation.
   */
  private value(index: number, at: number, col: number, mapValue: boolean): { value: unknown; node: FastNode } {
    const text = this.lines[index]!;
    const start = LineReader.skipSpaces(text, at);
    const line = index + 1;
    if (start === text.length || (text.charCodeAt(start) === 35 && start > at)) {
      // The value is on the lines below: more indented, or a sequence at the key's indentation.
      const next = this.skip(index + 1);
      this.next = next;
      if (next < this.to) {
        const indent = this.indentOf(next);
        if (indent > col) return this.block(next, indent, false);
        if (mapValue && indent === col && LineReader.isDash(this.lines[next]!, col)) return this.block(next, col, true);
      }
      // A key or entry with no value: where the library puts its (empty) node depends on the comments around.
      return refuse();
    }
    const first = text[start]!;
    let value: unknown;
    let end: number;
    if (text.startsWith("{}", start) || text.startsWith("[]", start)) {
      value = first === "{" ? {} : [];
      end = start + 2;
      LineReader.endOfLine(text, end);
      this.next = this.skip(index + 1);
      const node: FastNode = first === "{" ? { kind: "map", line, endLine: line, entries: new Map() } : { kind: "seq", line, endLine: line, items: [] };
      return { value, node };
    }
    if (first === '"' || first === "'") {
      const scalar = LineReader.quoted(text, start);
      if (scalar === null) refuse();
      value = scalar.value;
      end = scalar.end;
    } else {
      if (INDICATORS.has(first) && !(first === "-" && start + 1 < text.length && text[start + 1] !== " ")) refuse();
      let stop = text.length;
      const comment = text.indexOf(" #", start);
      if (comment >= 0) stop = comment;
      const source = text.slice(start, stop).trimEnd();
      if (source.includes(": ") || source.endsWith(":")) refuse();
      value = resolvePlain(source);
      end = start + source.length;
    }
    LineReader.endOfLine(text, end);
    this.next = this.skip(index + 1);
    return { value, node: { kind: "scalar", line, endLine: line } };
  }

  private mapping(index: number, col: number): { value: unknown; node: FastNode } {
    const value: Record<string, unknown> = {};
    const entries = new Map<string, { key: SourceLocationLines; value: FastNode }>();
    let last: FastNode | null = null;
    let at = index;
    let atCol = col;
    for (;;) {
      const text = this.lines[at]!;
      const key = this.keyEnd(text, atCol);
      if (key === null) refuse();
      if (key.colon - atCol > 1000) refuse();
      const name = key.key === null ? "" : String(key.key);
      if (name === "__proto__" || name === "<<" || entries.has(name)) refuse();
      const read = this.value(at, key.colon + 1, col, true);
      value[name] = read.value;
      entries.set(name, { key: { line: at + 1, endLine: at + 1 }, value: read.node });
      last = read.node;
      if (this.next >= this.to) break;
      const indent = this.indentOf(this.next);
      if (indent < col) break;
      if (indent > col) refuse();
      if (LineReader.isDash(this.lines[this.next]!, col)) refuse();
      at = this.next;
      atCol = col;
    }
    return { value, node: { kind: "map", line: index + 1, endLine: last.endLine, entries } };
  }

  private sequence(index: number, col: number, indentless: boolean): { value: unknown; node: FastNode } {
    const value: unknown[] = [];
    const items: FastNode[] = [];
    let at = index;
    for (;;) {
      const text = this.lines[at]!;
      const start = LineReader.skipSpaces(text, col + 1);
      let read: { value: unknown; node: FastNode };
      if (start < text.length && text.charCodeAt(start) !== 35 && this.keyEnd(text, start) !== null) {
        if (start === col + 1) refuse();
        read = this.mapping(at, start);
      } else {
        if (start < text.length && LineReader.isDash(text, start)) refuse();
        read = this.value(at, col + 1, col, false);
      }
      value.push(read.value);
      items.push(read.node);
      if (this.next >= this.to) break;
      const indent = this.indentOf(this.next);
      if (indent < col) break;
      if (indent > col) refuse();
      if (!LineReader.isDash(this.lines[this.next]!, col)) {
        if (indentless) break;
        refuse();
      }
      at = this.next;
    }
    return { value, node: { kind: "seq", line: index + 1, endLine: items[items.length - 1]!.endLine, items } };
  }
}

/** A locator over the nodes read, with the answers of `createYamlLocator` over the library's. */
function locatorOf(file: string, root: FastNode | null, whole: SourceLocation): YamlLocator {
  const at = (lines: SourceLocationLines): SourceLocation => ({ file, line: lines.line, endLine: lines.endLine });
  function walk(path: Path): { node: FastNode | null; key: SourceLocationLines | null; complete: boolean } {
    let node = root;
    let key: SourceLocationLines | null = null;
    for (const segment of path) {
      if (node?.kind === "map") {
        const entry = node.entries.get(String(segment));
        if (entry === undefined) return { node, key, complete: false };
        node = entry.value;
        key = entry.key;
      } else if (node?.kind === "seq" && typeof segment === "number") {
        const item = node.items[segment];
        if (item === undefined) return { node, key, complete: false };
        node = item;
        key = null;
      } else {
        return { node, key, complete: false };
      }
    }
    return { node, key, complete: true };
  }
  return {
    locate(path) {
      const { node } = walk(path);
      return node === null ? whole : at(node);
    },
    locateKey(path) {
      const { node, key, complete } = walk(path);
      if (complete && key !== null) return at(key);
      return node === null ? whole : at(node);
    },
  };
}

/**
 * A fast path in front of tree-sitter for Terraform files written in the plain subset of HCL that
 * starter-kit and team-kit blocks use: blocks, attributes, string, number and bool literals, `null`, lists,
 * objects, comments, references (`local.x.y`, `var.x`, bare names, `"${local.x}-api"`), and function
 * calls of those (`concat(local.a, ["b"])`), which the evaluator takes as unresolvable without reading
 * them. The HCL grammar parses at under 2 MiB/s; a file of this subset is read here in one pass, many times
 * faster.
 *
 * It returns exactly what `parseTerraformFile` returns through tree-sitter (the same modules, values, line
 * numbers and local references), or null for a file it does not fully recognise, which then goes to
 * tree-sitter unchanged. It refuses rather than guesses: anything outside the subset (a template other
 * than the interpolation of a plain reference, a heredoc, an operator, an index, a conditional, an
 * escape other than `\n \r \t \" \\`, a carriage return, a control character, a syntax error, an
 * attribute given twice, a labelled nested block in a module, nesting deeper than 100) makes it return
 * null. A differential property test (test/properties/fast-parse-hcl.test.ts) holds it to tree-sitter's
 * result on every file it accepts.
 */
import type { SourceLocation, TfValue } from "../../model/types.js";
import { decodeHclString } from "./decode-hcl-string.js";
import { fingerprintModule } from "./fingerprint-module.js";
import { referenceReason, type LocalReference } from "./hcl-evaluator.js";
import type { Accessor } from "./local-values.js";
import type { TerraformFileLocal, TerraformFileModule, TerraformFileResult } from "./parse-terraform.js";
import { RESOURCE_PREFIX, TRAFFIC_RESOURCE_TYPES } from "./traffic-resource-types.js";

/** Thrown inside the reader when the file leaves the subset; never escapes `fastParseHcl`. */
class Refused extends Error {}
const REFUSED = new Refused();

/** Nesting of values and of blocks: well below the evaluator's own limit (200), and the call stack's. */
const MAX_NESTING = 100;
/** Keeps every accepted file far under the 1 MiB limit, whatever its characters weigh in UTF-8. */
const MAX_CHARS = 256 * 1024;
/** As the evaluator cuts the text of an unresolvable value. */
const MAX_TEXT = 200;
/** Words the grammar also knows as keywords: where one could be read either way, tree-sitter decides. */
const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if", "else", "endif", "endfor"]);

/** What the evaluation of one module block or one local records, as the evaluator does with `deferLocals`. */
interface Recorder {
  references: { name: string; depth: number }[];
  deepest: number;
}

/**
 * The result of `parseTerraformFile(path, text)` for a `.tf` file written in the plain subset of HCL, or
 * null when the file is not (tree-sitter must read it). Pure: no I/O.
 */
export function fastParseHcl(path: string, text: string): TerraformFileResult | null {
  if (text.length > MAX_CHARS || !plainCharacters(text)) return null;
  try {
    return new Reader(path, text).file();
  } catch {
    // REFUSED, or anything unforeseen: tree-sitter reads the file as it did before the fast path.
    return null;
  }
}

/**
 * Any character but tabs, newlines, printable ASCII, and non-ASCII text other than surrogates and the
 * characters some readers take for line ends or whitespace (U+1680, U+2000-U+200B, U+2028, U+2029, U+202F,
 * U+205F, U+3000, U+FEFF). Carriage returns are refused: the grammar and this reader would have to agree on
 * every use of them.
 */
const UNPLAIN = /[^\t\n\x20-\x7e\u00a0-\u167f\u1681-\u1fff\u200c-\u2027\u202a-\u202e\u2030-\u205e\u2060-\u2fff\u3001-\ud7ff\ue000-\ufefe\uff00-\uffff]/;

function plainCharacters(text: string): boolean {
  return !UNPLAIN.test(text);
}

function isIdentifierStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || (c >= 48 && c <= 57) || c === 45;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function shortText(text: string): string {
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + "…" : text;
}

class Reader {
  private pos = 0;
  /** 1-based line of `pos`. */
  private line = 1;
  private readonly n: number;
  private recorder: Recorder = { references: [], deepest: 0 };
  /** Blocks open around `pos`. */
  private blockDepth = 0;

  constructor(
    private readonly path: string,
    private readonly src: string,
  ) {
    this.n = src.length;
  }

  file(): TerraformFileResult {
    const locals: TerraformFileLocal[] = [];
    const modules: TerraformFileModule[] = [];
    this.skipLines();
    while (this.pos < this.n) {
      this.topLevelBlock(locals, modules);
      this.endOfLine();
      this.skipLines();
    }
    return { problems: [], locals, modules, needsDirectory: false };
  }

  private at(offset = 0): number {
    const i = this.pos + offset;
    return i < this.n ? this.src.charCodeAt(i) : -1;
  }

  private location(line: number): SourceLocation {
    return { file: this.path, line, endLine: this.line };
  }

  /**
   * Spaces, tabs and comments that stay on the current line. Stops at a comment that runs over several
   * lines: only `skipLines` takes one, and anything else that follows is refused.
   */
  private skipInline(): void {
    for (;;) {
      const c = this.at();
      if (c === 32 || c === 9) this.pos++;
      else if (c === 35 /* # */ || (c === 47 && this.at(1) === 47) /* // */) {
        const nl = this.src.indexOf("\n", this.pos);
        this.pos = nl < 0 ? this.n : nl;
      } else if (c === 47 && this.at(1) === 42 /* /* */) {
        const close = this.src.indexOf("*/", this.pos + 2);
        if (close < 0) throw REFUSED;
        if (this.newlinesBetween(this.pos, close) > 0) return;
        this.pos = close + 2;
      } else return;
    }
  }

  /** The newlines from `from` to before `to`: a bounded scan, so that many comments on a long line stay linear. */
  private newlinesBetween(from: number, to: number): number {
    let count = 0;
    for (let k = from; k < to; k++) if (this.src.charCodeAt(k) === 10) count++;
    return count;
  }

  /** Whitespace, newlines and comments of any kind; whether a newline was crossed. */
  private skipLines(): boolean {
    let crossed = false;
    for (;;) {
      this.skipInline();
      const c = this.at();
      if (c === 10) {
        this.pos++;
        this.line++;
        crossed = true;
      } else if (c === 47 && this.at(1) === 42) {
        // A comment running over several lines (skipInline takes the ones that do not).
        const close = this.src.indexOf("*/", this.pos + 2);
        if (close < 0) throw REFUSED;
        this.line += this.newlinesBetween(this.pos, close);
        this.pos = close + 2;
        crossed = true;
      } else return crossed;
    }
  }

  /** The end of an item: only comments before the newline (or the end of the file). */
  private endOfLine(): void {
    this.skipInline();
    const c = this.at();
    if (c !== 10 && c !== -1) throw REFUSED;
  }

  /** A name made of ASCII letters, digits, `_` and `-`, that no keyword reading could take over. */
  private identifier(): string {
    const start = this.pos;
    if (!isIdentifierStart(this.at())) throw REFUSED;
    this.pos++;
    while (isIdentifierPart(this.at())) this.pos++;
    const name = this.src.slice(start, this.pos);
    if (KEYWORDS.has(name)) throw REFUSED;
    return name;
  }

  /** After a value or a name: the next character must end it (tree-sitter would otherwise go on). */
  private delimited(): void {
    const c = this.at();
    if (c === -1 || c === 32 || c === 9 || c === 10 || c === 44 /* , */ || c === 93 /* ] */ || c === 125 /* } */ || c === 41 /* ) */) return;
    if (c === 35 /* # */ || c === 47 /* / */) return;
    throw REFUSED;
  }

  /**
   * A quoted string on one line: its decoded value, or null when it holds an interpolation of a plain
   * reference (`${local.x}`, taken only with `templates`; the evaluator makes such a string unresolvable
   * without reading the reference).
   */
  private quoted(templates = false): string | null {
    const start = this.pos + 1;
    let i = start;
    let interpolated = false;
    const src = this.src;
    for (;;) {
      if (i >= this.n) throw REFUSED;
      const c = src.charCodeAt(i);
      if (c === 34 /* " */) break;
      if (c === 10) throw REFUSED;
      if (c === 92 /* \ */) {
        const e = src.charCodeAt(i + 1);
        // \n \r \t \" \\ only: the grammar's unicode escapes and a lone backslash go to tree-sitter.
        if (e !== 110 && e !== 114 && e !== 116 && e !== 34 && e !== 92) throw REFUSED;
        i += 2;
        continue;
      }
      if (c === 36 /* $ */ || c === 37 /* % */) {
        const next = src.charCodeAt(i + 1);
        // `$${` and `%%{` (escaped markers), and directives, go to tree-sitter.
        if (next === c && src.charCodeAt(i + 2) === 123) throw REFUSED;
        if (next === 123 /* { */) {
          if (c === 37 || !templates) throw REFUSED;
          i = this.interpolation(i + 2);
          interpolated = true;
          continue;
        }
      }
      i++;
    }
    this.pos = i + 1;
    return interpolated ? null : decodeHclString(src.slice(start, i));
  }

  /** `${` name(.name)* `}` with spaces around, from after the `${`; the offset after its `}`. */
  private interpolation(from: number): number {
    const saved = this.pos;
    this.pos = from;
    while (this.at() === 32) this.pos++;
    this.identifier();
    while (this.at() === 46) {
      this.pos++;
      this.identifier();
    }
    while (this.at() === 32) this.pos++;
    if (this.at() !== 125) throw REFUSED;
    const end = this.pos + 1;
    this.pos = saved;
    return end;
  }

  private topLevelBlock(locals: TerraformFileLocal[], modules: TerraformFileModule[]): void {
    const line = this.line;
    const type = this.identifier();
    const labels = this.labels();
    if (type === "locals") {
      if (labels.length > 0) throw REFUSED;
      this.localsBody(locals);
      return;
    }
    const traffic = type === "resource" && TRAFFIC_RESOURCE_TYPES.has(labels[0] ?? "");
    if (type !== "module" && !traffic) {
      this.skippedBody();
      return;
    }
    let name: string | null = null;
    let message = "";
    if (traffic) {
      if (labels.length === 2) name = `${RESOURCE_PREFIX}${labels[0]}.${labels[1]}`;
      else message = `A resource block needs exactly two labels, found ${labels.length}`;
    } else if (labels.length === 1) name = labels[0]!;
    else message = `A module block needs exactly one label, found ${labels.length}`;
    if (name === null) {
      this.skippedBody();
      modules.push({ problem: { rule: "parse-error", severity: "error", location: this.location(line), message } });
      return;
    }
    this.recorder = { references: [], deepest: 0 };
    const attributes = this.blockBody();
    const location = this.location(line);
    const references = this.recorder.references;
    const fingerprint = references.length === 0 ? fingerprintModule(name, attributes) : null;
    modules.push({ name, location, attributes, problems: [], references, fingerprint });
  }

  /** The labels of a block header, up to and including its `{`. */
  private labels(): string[] {
    const labels: string[] = [];
    for (;;) {
      this.skipInline();
      const c = this.at();
      if (c === 123 /* { */) {
        this.pos++;
        return labels;
      }
      if (c === 34) labels.push(this.quoted()!);
      else labels.push(this.identifier());
      this.delimitedLabel();
    }
  }

  private delimitedLabel(): void {
    const c = this.at();
    if (c !== 32 && c !== 9 && c !== 123 && c !== 47 && c !== 35) throw REFUSED;
  }

  /**
   * The start of a block body, after its `{`: true when the body is empty and closed on the same line
   * (`{}`), false when items follow on the next lines.
   */
  private openBody(): boolean {
    this.skipInline();
    if (this.at() === 125) {
      this.pos++;
      return true;
    }
    if (this.at() !== 10) throw REFUSED;
    return false;
  }

  /**
   * The items of a body, each starting on a line of its own: `onAttribute(name, line)` reads the value,
   * `onBlock(name, labels, line)` the nested block (with the reader after its `{`). Ends after the `}`.
   */
  private body(onAttribute: (name: string, line: number) => void, onBlock: (name: string, labels: string[], line: number) => void): void {
    if (this.openBody()) return;
    if (++this.blockDepth > MAX_NESTING) throw REFUSED;
    for (;;) {
      this.skipLines();
      const c = this.at();
      if (c === 125) {
        this.pos++;
        this.blockDepth--;
        return;
      }
      const line = this.line;
      const name = this.identifier();
      this.skipInline();
      if (this.at() === 61 /* = */) {
        const next = this.at(1);
        if (next === 61 || next === 62) throw REFUSED;
        this.pos++;
        this.skipInline();
        onAttribute(name, line);
      } else {
        onBlock(name, this.labels(), line);
      }
      this.endOfLine();
    }
  }

  /** A body whose content nobody reads (a `terraform` or `variable` block): checked, not kept. */
  private skippedBody(): void {
    const saved = this.recorder;
    this.recorder = { references: [], deepest: 0 };
    this.body(
      () => void this.value(0),
      () => this.skippedBody(),
    );
    this.recorder = saved;
  }

  /** A `locals` block: one local per attribute, each evaluated on its own. */
  private localsBody(locals: TerraformFileLocal[]): void {
    this.body(
      (name, line) => {
        this.recorder = { references: [], deepest: 0 };
        const value = this.value(0);
        const { references, deepest } = this.recorder;
        locals.push({ name, location: this.location(line), recovered: false, value, deepest, references });
      },
      () => {
        throw REFUSED;
      },
    );
  }

  /**
   * The attributes of a module's body or of a nested block: nested blocks without labels are objects, a
   * repeated one a list of objects. A name given twice, or a labelled nested block, is refused (the
   * evaluator makes them unresolvable, with problems, from the text of the nodes).
   */
  private blockBody(): Map<string, TfValue> {
    const attributes = new Map<string, TfValue>();
    const repeated = new Map<string, TfValue[]>();
    this.body(
      (name) => {
        if (attributes.has(name)) throw REFUSED;
        attributes.set(name, this.value(0));
      },
      (name, labels, line) => {
        if (labels.length > 0) throw REFUSED;
        const entries = this.blockBody();
        const value: TfValue = { kind: "object", entries, location: this.location(line) };
        const list = repeated.get(name);
        if (list) {
          list.push(value);
          attributes.set(name, { kind: "list", items: list, location: { file: this.path, line: list[0]!.location.line, endLine: this.line } });
        } else {
          if (attributes.has(name)) throw REFUSED;
          attributes.set(name, value);
          repeated.set(name, [value]);
        }
      },
    );
    return attributes;
  }

  /** An expression at the evaluator's nesting `depth`, starting on the current line. */
  private value(depth: number): TfValue {
    if (depth > MAX_NESTING) throw REFUSED;
    if (depth > this.recorder.deepest) this.recorder.deepest = depth;
    const c = this.at();
    const line = this.line;
    if (c === 34) {
      const start = this.pos;
      const value = this.quoted(true);
      this.delimited();
      if (value === null) {
        return { kind: "unresolvable", text: shortText(this.src.slice(start, this.pos)), reason: "string interpolation", location: this.location(line) };
      }
      return { kind: "string", value, location: this.location(line) };
    }
    if (isDigit(c) || (c === 45 /* - */ && isDigit(this.at(1)))) return this.number();
    if (c === 91 /* [ */) return this.tuple(depth);
    if (c === 123 /* { */) return this.object(depth);
    if (isIdentifierStart(c)) return this.traversal(depth);
    throw REFUSED;
  }

  /** `[0-9]+(\.[0-9]+([eE][-+]?[0-9]+)?)?`, the grammar's decimal literal, possibly negated. */
  private number(): TfValue {
    const negative = this.at() === 45;
    if (negative) this.pos++;
    const start = this.pos;
    while (isDigit(this.at())) this.pos++;
    if (this.at() === 46 /* . */ && isDigit(this.at(1))) {
      this.pos++;
      while (isDigit(this.at())) this.pos++;
      const e = this.at();
      if (e === 101 || e === 69) {
        const sign = this.at(1) === 43 || this.at(1) === 45 ? 1 : 0;
        if (!isDigit(this.at(1 + sign))) throw REFUSED;
        this.pos += 1 + sign;
        while (isDigit(this.at())) this.pos++;
      }
    }
    this.delimited();
    const value = Number(this.src.slice(start, this.pos));
    if (!Number.isFinite(value)) throw REFUSED;
    return { kind: "number", value: negative ? -value : value, location: this.location(this.line) };
  }

  private tuple(depth: number): TfValue {
    const line = this.line;
    const items: TfValue[] = [];
    this.commaSeparated(93 /* ] */, () => items.push(this.value(depth + 1)));
    this.delimited();
    return { kind: "list", items, location: this.location(line) };
  }

  /**
   * From an opening bracket, items separated by commas (one may trail, and any of them may run over
   * several lines) up to `close`; the reader ends after `close`.
   */
  private commaSeparated(close: number, item: () => void): void {
    this.pos++;
    this.skipLines();
    while (this.at() !== close) {
      item();
      this.skipLines();
      if (this.at() === 44 /* , */) {
        this.pos++;
        this.skipLines();
      } else if (this.at() !== close) throw REFUSED;
    }
    this.pos++;
  }

  private object(depth: number): TfValue {
    const line = this.line;
    this.pos++;
    const entries = new Map<string, TfValue>();
    this.skipLines();
    while (this.at() !== 125) {
      let key: string;
      if (this.at() === 34) {
        // The evaluator evaluates a quoted key as an expression at the value's depth.
        if (depth + 1 > this.recorder.deepest) this.recorder.deepest = depth + 1;
        key = this.quoted()!;
      } else key = this.identifier();
      this.skipInline();
      if (this.at() !== 61 || this.at(1) === 61 || this.at(1) === 62) throw REFUSED;
      this.pos++;
      this.skipInline();
      const value = this.value(depth + 1);
      if (entries.has(key)) throw REFUSED;
      entries.set(key, value);
      this.skipInline();
      const crossed = this.skipLines();
      if (this.at() === 44) {
        this.pos++;
        this.skipLines();
      } else if (!crossed && this.at() !== 125) throw REFUSED;
    }
    this.pos++;
    this.delimited();
    return { kind: "object", entries, location: this.location(line) };
  }

  /**
   * The arguments of a function call, from its `(` to after its `)`: checked, not kept. The evaluator
   * never reads them (the call is unresolvable), so they record neither references nor depth.
   */
  private functionArguments(depth: number): void {
    const saved = this.recorder;
    this.recorder = { references: [], deepest: 0 };
    this.commaSeparated(41 /* ) */, () => this.value(depth + 1));
    this.recorder = saved;
  }

  /** `true`, `false`, `null`, a function call, or a name followed by `.name`s: a reference. */
  private traversal(depth: number): TfValue {
    const start = this.pos;
    const line = this.line;
    while (isIdentifierPart(this.at())) this.pos++;
    const root = this.src.slice(start, this.pos);
    if (this.at() === 40 /* ( */) {
      if (KEYWORDS.has(root)) throw REFUSED;
      this.functionArguments(depth);
      this.delimited();
      return { kind: "unresolvable", text: shortText(this.src.slice(start, this.pos)), reason: `function call \`${root}()\``, location: this.location(line) };
    }
    if (this.at() !== 46 /* . */) {
      this.delimited();
      if (root === "true" || root === "false") return { kind: "bool", value: root === "true", location: this.location(line) };
      if (root === "null") return { kind: "null", location: this.location(line) };
    }
    if (KEYWORDS.has(root)) throw REFUSED;
    const names: string[] = [];
    while (this.at() === 46) {
      this.pos++;
      names.push(this.identifier());
    }
    this.delimited();
    const text = shortText(this.src.slice(start, this.pos));
    const location = this.location(line);
    if (root !== "local" || names.length === 0) {
      return { kind: "unresolvable", text, reason: referenceReason(root), location };
    }
    const accessors: Accessor[] = names.slice(1).map((name) => ({ kind: "attribute", name }));
    this.recorder.references.push({ name: names[0]!, depth: depth + 1 });
    const reference: LocalReference = { kind: "local-reference", name: names[0]!, accessors, text, location, depth: depth + 1 };
    return reference as unknown as TfValue;
  }
}

import { LineCounter, parseAllDocuments, type Document } from "yaml";
import type { Problem, SourceLocation } from "../../model/types.js";
import { indexYamlAliases } from "../yaml/index-yaml-aliases.js";
import { fastReadYaml } from "./fast-read-yaml.js";
import { createYamlLocator, type LinePositions, type YamlLocator } from "./locate-yaml-node.js";
import { field, isPlainObject } from "./object-context.js";

/** One readable YAML document: its value as the API server would see it (merge keys applied) and its locator. */
export interface YamlDocument {
  value: unknown;
  locator: YamlLocator;
}

export interface YamlDocumentsResult {
  documents: YamlDocument[];
  problems: Problem[];
}

/** Beyond this many errors of one kind in one document, the rest are summed up in one problem. */
const MAX_ERRORS_PER_CODE = 5;

/**
 * Splits a YAML (or JSON) file into documents. A document with a syntax error is not read at all, but every
 * other document of the file is. Never throws.
 */
export function readYamlDocuments(file: string, input: string): YamlDocumentsResult {
  return readDocuments(file, input, true);
}

/** `readYamlDocuments` without the fast path: the reference the fast path is held to. */
export function readYamlDocumentsWithLibrary(file: string, input: string): YamlDocumentsResult {
  return readDocuments(file, input, false);
}

function readDocuments(file: string, input: string, fastPath: boolean): YamlDocumentsResult {
  const problems: Problem[] = [];
  const documents: YamlDocument[] = [];
  const binaryAt = input.search(/[\u0000\uFFFD]/);
  if (binaryAt >= 0) {
    const line = lineOfOffset(input, binaryAt);
    problems.push(parseError({ file, line, endLine: line }, "binary or non-UTF-8 content"));
    return { documents, problems };
  }
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  // Plain manifests take the fast path (the same documents); anything else is read by the library.
  const fast = fastPath ? fastReadYaml(file, text) : null;
  if (fast !== null) return { documents: fast, problems };
  try {
    readStream(file, text, 0, documents, problems);
  } catch {
    // The parser itself ran out of stack (a document nested thousands of levels deep). Read the documents one
    // by one, so that one pathological document does not hide the others.
    documents.length = 0;
    problems.length = 0;
    for (const chunk of splitDocuments(text)) {
      try {
        readStream(file, chunk.text, chunk.lineOffset, documents, problems);
      } catch (error) {
        const line = chunk.lineOffset + 1;
        problems.push(parseError({ file, line, endLine: line }, `YAML could not be read: ${messageOf(error)}`));
      }
    }
  }
  return { documents, problems };
}

/** Reads every document of `text`, whose first line is line `lineOffset + 1` of the file. Throws when the parser does. */
function readStream(file: string, text: string, lineOffset: number, documents: YamlDocument[], problems: Problem[]): void {
  const lineCounter = new LineCounter();
  const lines: LinePositions = {
    linePos: (offset) => {
      const position = lineCounter.linePos(offset);
      return { line: position.line + lineOffset, col: position.col };
    },
  };
  const locationOf = (start: number, end: number): SourceLocation => {
    const line = lines.linePos(start).line;
    return { file, line, endLine: Math.max(line, lines.linePos(Math.max(start, end - 1)).line) };
  };
  const parsed: Document.Parsed[] = Array.from(parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: false, logLevel: "error" }));
  for (const doc of parsed) {
    try {
      const documentStart = doc.range[0];
      if (doc.errors.length > 0) {
        const namespace = namespaceHint(doc);
        const seen = new Map<string, number>();
        for (const error of doc.errors) {
          const count = (seen.get(error.code) ?? 0) + 1;
          seen.set(error.code, count);
          if (count <= MAX_ERRORS_PER_CODE) {
            // The parser ran out of stack somewhere inside a deeply nested node: where depends on the stack
            // size, so the document's first line is the only stable place to report it.
            // An unclosed quote is reported where the scalar ends (often the end of the file): start at the quote.
            const start = error.code === "MISSING_CHAR" ? (openingQuote(text, error.pos[0], error.message) ?? error.pos[0]) : error.pos[0];
            const problem =
              error.code === "RESOURCE_EXHAUSTION"
                ? parseError(locationOf(documentStart, documentStart + 1), `YAML nested too deeply to read (${error.message})`)
                : parseError(locationOf(start, error.pos[1]), describeYamlError(error.code, error.message, text, error.pos[0]));
            if (namespace !== undefined) problem.namespace = namespace;
            problems.push(problem);
          }
        }
        for (const [code, count] of seen) {
          if (count > MAX_ERRORS_PER_CODE) {
            const problem = parseError(
              locationOf(documentStart, documentStart + 1),
              `${count - MAX_ERRORS_PER_CODE} more YAML errors of the same kind (${code}) in this document`,
            );
            if (namespace !== undefined) problem.namespace = namespace;
            problems.push(problem);
          }
        }
        continue;
      }
      if (doc.contents === null) continue;
      // Refused before anything follows an alias: an alias bomb would cost minutes.
      const aliases = indexYamlAliases(doc);
      if (!aliases.ok) {
        problems.push(parseError(locationOf(aliases.offset, aliases.offset + 1), aliases.message));
        continue;
      }
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 100 });
      } catch (error) {
        problems.push(parseError(locationOf(documentStart, documentStart + 1), `YAML could not be read: ${messageOf(error)}`));
        continue;
      }
      documents.push({ value, locator: createYamlLocator(file, doc, lines, text, aliases.resolve) });
    } catch (error) {
      const line = lineOffset + 1;
      problems.push(parseError({ file, line, endLine: line }, `YAML could not be read: ${messageOf(error)}`));
    }
  }
}

/** Splits a stream at its `---` document markers (a marker at the start of a line always ends a document). */
function splitDocuments(text: string): { text: string; lineOffset: number }[] {
  const starts = [0];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  for (let match = marker.exec(text); match !== null; match = marker.exec(text)) if (match.index > 0) starts.push(match.index);
  let lineOffset = 0;
  let previous = 0;
  return starts.map((start, i) => {
    for (let j = previous; j < start; j++) if (text.charCodeAt(j) === 10) lineOffset++;
    previous = start;
    return { text: text.slice(start, starts[i + 1] ?? text.length), lineOffset };
  });
}

/** The yaml message, plus the key for a duplicate key: only its first character is in the error's range. */
function describeYamlError(code: string, message: string, text: string, offset: number): string {
  if (code !== "DUPLICATE_KEY") return message;
  const key = /^("[^"\n]*"|'[^'\n]*'|[^:#\n]+)/.exec(text.slice(offset, offset + 300))?.[0]?.trim();
  return key === undefined || key === "" ? message : `${message}: ${key} appears twice`;
}

/**
 * For a "Missing closing quote" error at `end`, the offset of the quote that opened the scalar: no quote
 * inside an unclosed scalar closes it, so it is the last one before `end` that is not escaped (`\"` in
 * double quotes, `''` in single quotes). Null when the message is about something else.
 */
function openingQuote(text: string, end: number, message: string): number | null {
  const quote = message.includes(`"quote`) ? '"' : message.includes("'quote") ? "'" : null;
  if (quote === null) return null;
  let i = Math.min(end, text.length) - 1;
  while (i >= 0) {
    if (text[i] !== quote) {
      i--;
      continue;
    }
    let run = 1;
    if (quote === "'") {
      while (i - run >= 0 && text[i - run] === "'") run++;
      if (run % 2 === 1) return i - run + 1;
    } else {
      let backslashes = 0;
      while (i - 1 - backslashes >= 0 && text[i - 1 - backslashes] === "\\") backslashes++;
      if (backslashes % 2 === 0) return i;
    }
    i -= run;
  }
  return null;
}

function parseError(location: SourceLocation, message: string): Problem {
  return { rule: "parse-error", severity: "error", location, message };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The namespace a broken document seems to be about, only when it says so explicitly. Best effort. */
function namespaceHint(doc: Document.Parsed): string | undefined {
  try {
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (!isPlainObject(value)) return undefined;
    const metadata = field(value, "metadata");
    if (!isPlainObject(metadata)) return undefined;
    const namespace = field(metadata, "namespace");
    if (typeof namespace === "string" && namespace !== "") return namespace;
    const name = field(metadata, "name");
    if (field(value, "kind") === "Namespace" && typeof name === "string" && name !== "") return name;
  } catch {
    // A broken document may not convert at all: no hint then.
  }
  return undefined;
}

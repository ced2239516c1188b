import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Pair, type YAMLMap } from "yaml";
import type { SourceLocation } from "../../model/types.js";
import type { Path } from "./object-context.js";

/** Finds the source lines of the nodes of one YAML document by their path in the value `toJS` returns. */
export interface YamlLocator {
  /** The node at `path` (through aliases and merge keys), or its nearest existing ancestor. */
  locate(path: Path): SourceLocation;
  /** The key of the pair at `path` when there is one, else `locate(path)`. */
  locateKey(path: Path): SourceLocation;
}

/** What a `LineCounter` offers, possibly shifted when the text is a part of the file. */
export interface LinePositions {
  linePos(offset: number): { line: number; col: number };
}

type Range = readonly [number, number, ...number[]];

interface Step {
  /** The node as written at this place (an alias stays an alias: its own line is where the value is used). */
  node: unknown;
  /** The key node, when the step went through a map. */
  key: unknown;
}

const MAX_MERGE_DEPTH = 20;

/** `resolveAlias`: the node an alias stands for (see index-yaml-aliases.ts). */
export function createYamlLocator(file: string, doc: Document, lineCounter: LinePositions, text: string, resolveAlias: (alias: Alias) => unknown): YamlLocator {
  const whole: SourceLocation = { file, line: lineCounter.linePos(0).line, endLine: Math.max(1, lineCounter.linePos(text.length).line) };

  function resolve(node: unknown): unknown {
    let current = node;
    for (let hops = 0; hops < MAX_MERGE_DEPTH && isAlias(current); hops++) current = resolveAlias(current);
    return current;
  }

  function rangeOf(node: unknown): Range | null {
    if (typeof node !== "object" || node === null || !("range" in node)) return null;
    const range = (node as { range?: unknown }).range;
    if (!Array.isArray(range) || typeof range[0] !== "number" || typeof range[1] !== "number") return null;
    return range[1] > range[0] ? (range as unknown as Range) : null;
  }

  function toLocation(range: Range): SourceLocation {
    const start = range[0];
    let end = Math.min(range[1], text.length) - 1;
    while (end > start && /\s/.test(text[end] ?? "")) end--;
    return { file, line: lineCounter.linePos(start).line, endLine: lineCounter.linePos(Math.max(start, end)).line };
  }

  function keyMatches(key: unknown, wanted: string): boolean {
    if (!isScalar(key) || typeof key.value === "symbol") return false;
    const value: unknown = key.value;
    return (value === null || value === undefined ? "" : String(value)) === wanted;
  }

  function isMergePair(pair: Pair): boolean {
    const key = pair.key;
    if (!isScalar(key)) return false;
    if (typeof key.value === "symbol") return key.value.description === "<<";
    return key.value === "<<" && (key.type === undefined || key.type === "PLAIN");
  }

  function findPair(map: YAMLMap, wanted: string, depth: number): Pair | undefined {
    if (depth > MAX_MERGE_DEPTH) return undefined;
    let found: Pair | undefined;
    // The last of duplicate keys wins in toJS; duplicates are parse errors anyway.
    for (const pair of map.items) if (!isMergePair(pair) && keyMatches(pair.key, wanted)) found = pair;
    if (found !== undefined) return found;
    for (const pair of map.items) {
      if (!isMergePair(pair)) continue;
      const source = resolve(pair.value);
      const sources = isSeq(source) ? source.items.map(resolve) : [source];
      for (const candidate of sources) {
        if (!isMap(candidate)) continue;
        const inner = findPair(candidate, wanted, depth + 1);
        if (inner !== undefined) return inner;
      }
    }
    return undefined;
  }

  function walk(path: Path): { steps: Step[]; complete: boolean } {
    const steps: Step[] = [{ node: doc.contents, key: null }];
    for (const segment of path) {
      const last = steps[steps.length - 1];
      const current = resolve(last?.node);
      if (isMap(current)) {
        const pair = findPair(current, String(segment), 0);
        if (pair === undefined) return { steps, complete: false };
        steps.push({ node: pair.value, key: pair.key });
      } else if (isSeq(current) && typeof segment === "number") {
        const item = current.items[segment];
        if (item === undefined) return { steps, complete: false };
        steps.push({ node: item, key: null });
      } else {
        return { steps, complete: false };
      }
    }
    return { steps, complete: true };
  }

  function locateSteps(steps: Step[]): SourceLocation {
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i];
      const range = rangeOf(step?.node) ?? rangeOf(step?.key);
      if (range !== null) return toLocation(range);
    }
    return whole;
  }

  return {
    locate(path) {
      return locateSteps(walk(path).steps);
    },
    locateKey(path) {
      const { steps, complete } = walk(path);
      const keyRange = complete ? rangeOf(steps[steps.length - 1]?.key) : null;
      return keyRange !== null ? toLocation(keyRange) : locateSteps(steps);
    },
  };
}

/**
 * The fast path for plain YAML (`fastReadYaml`) must give exactly what the `yaml` library gives
 * (`readYamlDocumentsWithLibrary`) on every text it accepts: the same documents, values (key order, numbers,
 * nulls included), problems, and the same lines from each document's locator for every path into its value
 * and for paths that go nowhere. Checked on every manifest of the repository (scenarios, examples), on a
 * generated estate, on generated manifests written every way the subset allows (all of which it must
 * accept), and on hostile near-misses of those (which it must refuse, or read exactly as the library does).
 *
 * Reproduce a failure with NETPOL_FC_SEED=<seed>; NETPOL_FC_RUNS changes the number of cases.
 */
import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateRepoFiles } from "../../bench/generate-repo.js";
import { fastReadYaml } from "../../src/parsers/kubernetes/fast-read-yaml.js";
import { readYamlDocuments, readYamlDocumentsWithLibrary } from "../../src/parsers/kubernetes/read-yaml-documents.js";
import type { Path } from "../../src/parsers/kubernetes/object-context.js";
import { editText, listFiles } from "../helpers/fixture-texts.js";

const isYaml = (name: string): boolean => /\.ya?ml$/.test(name);

const RUNS = Number(process.env.NETPOL_FC_RUNS ?? 300);
const SEED = process.env.NETPOL_FC_SEED !== undefined ? Number(process.env.NETPOL_FC_SEED) : Date.now() % 2 ** 31;
const REPO_ROOT = join(import.meta.dirname, "..", "..");

/** Every path into `value`, and from each a few that go nowhere (a missing key, an index into a map...). */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix, [...prefix, "missing"], [...prefix, 0], [...prefix, 7], [...prefix, "0"]);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
  else if (typeof value === "object" && value !== null) for (const key of Object.keys(value)) pathsOf((value as Record<string, unknown>)[key], [...prefix, key], out);
  return out;
}

/** Whether the fast path accepted the text; when it did, what `readYamlDocuments` gives must be the library's. */
function agreesWithLibrary(file: string, text: string): boolean {
  if (fastReadYaml(file, text.startsWith("\uFEFF") ? text.slice(1) : text) === null) return false;
  const fast = readYamlDocuments(file, text);
  const reference = readYamlDocumentsWithLibrary(file, text);
  expect(fast.problems, text).toStrictEqual(reference.problems);
  expect(fast.documents.length, text).toBe(reference.documents.length);
  fast.documents.forEach((document, d) => {
    const expected = reference.documents[d]!;
    expect(document.value, text).toStrictEqual(expected.value);
    for (const path of pathsOf(expected.value)) {
      expect(document.locator.locate(path), `${text}\nlocate ${JSON.stringify(path)}`).toStrictEqual(expected.locator.locate(path));
      expect(document.locator.locateKey(path), `${text}\nlocateKey ${JSON.stringify(path)}`).toStrictEqual(expected.locator.locateKey(path));
    }
  });
  return true;
}

// --- Generated manifests, in the subset ------------------------------------------------------------

/** Plain and quoted keys whose values as object keys all differ ("80" and "0x1F" are numbers, "~" is null...). */
const KEYS = ["apiVersion", "kind", "metadata", "name", "spec", "app", "port", "a b", "x.y/z", "k8s-app", "80", "true", "~", "0x1F", "-a", "a:b", "a#b", '"quoted key"', "'it''s'", '"8080"'];
const SCALARS = [
  "v1", "NetworkPolicy", "TCP", "8080", "53", "-1", "+5", "0o17", "0x1F", "1e3", "1.50", ".5", ".inf", "-.Inf", ".NaN", "true", "False",
  "NULL", "~", "null", "yes", "on", "a b", "a:b", "a#b", "http://x:80/y", "203.0.113.0/24", "it's", 'say "hi"', "a,b]", "x}", "-x", "0123",
  "00", "1_000", "12:30", "2001-01-01", "a  b", "-0", "+.5", "1.", "9007199254740993", "0o8", "0xG",
  '"8080"', "'8080'", '""', "''", '"a # b"', "'it''s'", '"a: b"', "' lead'", '"{not: flow}"', "{}", "[]",
];
const TRAILING = ["", "", "", " # note", "   #c", " #"];
const COMMENT_LINES = ["# a comment", "#", "# ---", "#- x: y"];

type Tree = { scalar: string } | { map: [string, Tree][] } | { seq: Tree[] };

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...SCALARS).map((scalar): Tree => ({ scalar })),
    fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tie("node")), { minLength: 1, maxLength: 4, selector: ([key]) => key }).map((map): Tree => ({ map })),
    fc.array(tie("node"), { minLength: 1, maxLength: 4 }).map((seq): Tree => ({ seq })),
  ),
})).node;

const rootTree: fc.Arbitrary<Tree> = fc.oneof(
  fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tree), { minLength: 1, maxLength: 5, selector: ([key]) => key }).map((map): Tree => ({ map })),
  fc.array(tree, { minLength: 1, maxLength: 4 }).map((seq): Tree => ({ seq })),
);

/** Writes a tree in the subset, each choice (indentation, compact entries, comments, blank lines) from `pick`. */
function render(root: Tree, pick: () => number): string[] {
  const lines: string[] = [];
  const choose = <T>(options: readonly T[]): T => options[pick() % options.length]!;
  const pad = (n: number): string => " ".repeat(n);
  const blank = (): void => {
    if (pick() % 5 === 0) lines.push(choose(["", "  ", "      "]));
  };
  /** A collection whose first line continues `head` (a `- ` already written), at column `col`. */
  const collection = (node: Tree, col: number, head: string | null, top: boolean): void => {
    if ("map" in node) {
      node.map.forEach(([key, value], i) => {
        if (top && i > 0 && pick() % 4 === 0) lines.push(choose(COMMENT_LINES));
        if (i > 0) blank();
        const start = i === 0 && head !== null ? head : pad(col);
        entry(`${start}${key}:`, value, col, true);
      });
    } else if ("seq" in node) {
      node.seq.forEach((item, i) => {
        if (top && i > 0 && pick() % 4 === 0) lines.push(choose(COMMENT_LINES));
        if (i > 0) blank();
        const dash = `${pad(col)}-`;
        if ("map" in item && pick() % 2 === 0) {
          const spaces = choose([1, 1, 3]);
          collection(item, col + 1 + spaces, `${dash}${pad(spaces)}`, false);
        } else entry(dash, item, col, false);
      });
    }
  };
  /** `head` (`key:` or `-`) and its value: on the same line, or a collection below. */
  const entry = (head: string, value: Tree, col: number, mapValue: boolean): void => {
    if ("scalar" in value) {
      lines.push(`${head} ${value.scalar}${choose(TRAILING)}`);
      return;
    }
    lines.push(`${head}${choose(TRAILING)}`);
    const indentless = mapValue && "seq" in value && pick() % 2 === 0;
    collection(value, indentless ? col : col + choose([2, 2, 4]), null, false);
  };
  collection(root, 0, null, true);
  return lines;
}

const manifest = fc
  .record({
    documents: fc.array(rootTree, { minLength: 1, maxLength: 3 }),
    choices: fc.array(fc.nat(1000), { minLength: 64, maxLength: 64 }),
    leading: fc.constantFrom("", "---\n", "# header\n", "# header\n---\n# after the marker\n"),
    trailing: fc.constantFrom("", "\n", "---\n", "# end\n", "\n\n"),
  })
  .map(({ documents, choices, leading, trailing }) => {
    let next = 0;
    const pick = (): number => choices[next++ % choices.length]! + next;
    const body = documents.map((document) => render(document, pick).join("\n")).join("\n---\n");
    return `${leading}${body}\n${trailing}`;
  });

/** Random edits made of what YAML reads specially: each text either refused or read as the library reads it. */
const mutation = fc.tuple(
  fc.constantFrom("insert", "delete", "replace"),
  fc.nat(),
  fc.constantFrom(" ", "  ", "\n", "#", " #", ":", ": ", "-", "- ", "'", '"', "{", "}", "[", "]", ",", "&a ", "*a", "!t ", "|", ">", "\t", "\r", "---\n", "...\n", "%", "?", "\\", "é", "<<", "1"),
);

describe("the fast path for plain YAML gives the library's documents on every text it accepts", () => {
  it("on every manifest of the repository's scenarios and examples", () => {
    const paths = [...listFiles(join(REPO_ROOT, "test"), isYaml), ...listFiles(join(REPO_ROOT, "examples"), isYaml)];
    expect(paths.length).toBeGreaterThan(300);
    let accepted = 0;
    for (const full of paths) {
      const path = relative(REPO_ROOT, full).split(sep).join("/");
      if (agreesWithLibrary(path, readFileSync(full, "utf8"))) accepted++;
    }
    // Most fixtures are plain manifests: the fast path must take them, or it does not pay for itself.
    expect(accepted / paths.length).toBeGreaterThan(0.8);
  });

  it("on every manifest of a generated estate of 300 services, all of them accepted", () => {
    let files = 0;
    for (const [path, text] of generateRepoFiles(3, 300)) {
      if (!path.endsWith(".yaml")) continue;
      files++;
      expect(agreesWithLibrary(path, text), path).toBe(true);
    }
    expect(files).toBeGreaterThan(10);
  });

  it("on the documents a stream can hold: none, empty ones, a byte order mark, comments around markers", () => {
    for (const text of ["", "\n", "# only a comment\n", "---\n", "---\n---\n", "a: 1\n---\n", "\uFEFFa: 1\n", "---\n# c\n---\na: 1\n# end\n", "- a\n# c\n- b\n"]) {
      expect(agreesWithLibrary("k.yaml", text), JSON.stringify(text)).toBe(true);
    }
  });

  it(`on generated manifests written every way the subset allows, all of them accepted (${RUNS} cases)`, () => {
    console.info(`fast-read-yaml property: seed ${SEED}, ${RUNS} runs (NETPOL_FC_SEED / NETPOL_FC_RUNS to change)`);
    fc.assert(
      fc.property(manifest, (text) => {
        expect(agreesWithLibrary("kubernetes/policies/x.yaml", text), text).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 240_000);

  it(`on hostile near-misses of those manifests: refused, or read exactly as the library reads them (${RUNS * 2} cases)`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(manifest, fc.array(mutation, { minLength: 1, maxLength: 3 }), (text, mutations) => {
        if (agreesWithLibrary("k.yaml", editText(text, mutations))) accepted++;
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
    console.info(`fast-read-yaml hostile inputs: ${accepted} of ${RUNS * 2} accepted (and equal)`);
  }, 240_000);
});

/**
 * The fast path for plain HCL (`fastParseHcl`) must give exactly what tree-sitter gives
 * (`parseTerraformFileWithTreeSitter`) on every file it accepts: the same modules, values, locations, local
 * references, problems, and the same text form for the parse workers. Checked on every `.tf` file of the
 * repository (scenarios, examples), on a generated benchmark estate, on generated kit files written every
 * way the subset allows (all of which it must accept), and on hostile near-misses of those files (which it
 * must refuse, or read exactly as tree-sitter does).
 *
 * Reproduce a failure with NETPOL_FC_SEED=<seed>; NETPOL_FC_RUNS changes the number of cases.
 */
import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateRepoFiles } from "../../bench/generate-repo.js";
import { encodeTerraformFileResult } from "../../src/parsers/terraform/terraform-wire.js";
import { decodeHclString } from "../../src/parsers/terraform/decode-hcl-string.js";
import { fastParseHcl } from "../../src/parsers/terraform/fast-parse-hcl.js";
import { loadTerraformParser } from "../../src/parsers/terraform/load-terraform-parser.js";
import { parseTerraformFileWithTreeSitter } from "../../src/parsers/terraform/parse-terraform.js";
import { editText, listFiles } from "../helpers/fixture-texts.js";

const isTf = (name: string): boolean => name.endsWith(".tf");

const RUNS = Number(process.env.NETPOL_FC_RUNS ?? 300);
const SEED = process.env.NETPOL_FC_SEED !== undefined ? Number(process.env.NETPOL_FC_SEED) : Date.now() % 2 ** 31;
const REPO_ROOT = join(import.meta.dirname, "..", "..");
const parser = await loadTerraformParser();

/** Whether the fast path accepted the file; when it did, its result must be tree-sitter's, to the byte. */
function agreesWithTreeSitter(path: string, text: string): boolean {
  const fast = fastParseHcl(path, text);
  if (fast === null) return false;
  const reference = parseTerraformFileWithTreeSitter(parser, path, text);
  expect(fast, text).toStrictEqual(reference);
  expect(encodeTerraformFileResult(fast, path), text).toBe(encodeTerraformFileResult(reference, path));
  return true;
}

// --- Generated kit files, in the subset ------------------------------------------------------------

const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if", "else", "endif", "endfor"]);
const identifier = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,10}$/).filter((s) => !KEYWORDS.has(s));
const indent = fc.constantFrom("", "  ", "    ", "\t", " \t");
const gap = fc.constantFrom(" ", "  ", "\t", " /* c */ ");
const trailingComment = fc.constantFrom("", "", "", " # note", " // note é", " /* one line */", "\t#");
const fullLineComment = fc.constantFrom("# a comment", "// another", "/* block */", "/* over\n   two lines */", "#", "/**/", "/***/", "# 日本語 — ü");

/** No fragment starts with `{`, so that `$` and `%` are never followed by one (a template, out of the subset). */
const stringContent = fc
  .array(
    fc.constantFrom(
      "a", "service-1", " ", "  ", "\t", "-", "_", ".", "$", "%", "$$", "%%", "#", "//", "/*", "*/", "\\n", "\\t", "\\r",
      '\\"', "\\\\", "é", "日本", "a{", "}", "[", "]", "=", ",", "'", ":", "~", "<<", "EOF", "true",
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(""));
const quoted = stringContent.map((s) => `"${s}"`);
/** A string interpolating plain references: unresolvable, in values only. */
const template = fc
  .tuple(stringContent, fc.array(fc.tuple(fc.constantFrom("", " ", "  "), fc.constantFrom("local", "var", "each", "x"), fc.array(identifier, { maxLength: 2 }), stringContent), { minLength: 1, maxLength: 2 }))
  .map(([head, parts]) => `"${head.endsWith("$") || head.endsWith("%") ? head + "x" : head}${parts.map(([space, root, names, tail]) => `\${${space}${[root, ...names].join(".")}${space}}${tail.endsWith("$") || tail.endsWith("%") ? tail + "x" : tail}`).join("")}"`);
const number = fc.oneof(
  fc.nat({ max: 100000 }).map(String),
  fc.constantFrom("0", "007", "1.5", "0.25", "3.0e2", "2.5E-3", "1.0e+1", "12345678901234567890", "0.000001"),
);
const scalar = fc.oneof(
  { weight: 4, arbitrary: quoted },
  { weight: 1, arbitrary: template },
  { weight: 2, arbitrary: number },
  { weight: 1, arbitrary: number.map((n) => `-${n}`) },
  { weight: 1, arbitrary: fc.constantFrom("true", "false", "null") },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom("local", "var", "module", "data", "each", "aws_x"), fc.array(identifier, { minLength: 1, maxLength: 3 })).map(([root, names]) => [root, ...names].join(".")) },
  { weight: 1, arbitrary: fc.constantFrom("local", "string", "number", "truex", "nullable", "for_each", "in-x") },
);

/** An expression written at indentation `pad` (its continuation lines are indented further). */
type Expr = (pad: string) => string;

const { expr } = fc.letrec<{ expr: Expr; tuple: Expr; object: Expr; call: Expr }>((tie) => ({
  expr: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar.map((s) => () => s), tie("tuple"), tie("object"), tie("call")),
  call: fc
    .tuple(fc.constantFrom("concat", "upper", "tolist", "merge", "list", "f_2-x"), fc.array(tie("expr"), { maxLength: 3 }), fc.boolean(), fc.boolean())
    .map(([name, args, multiline, trailingComma]) => (pad: string) => {
      if (!multiline || args.length === 0) return `${name}(${args.map((a) => a(pad)).join(", ")}${trailingComma && args.length > 0 ? "," : ""})`;
      const inner = pad + "  ";
      return `${name}(\n${args.map((a) => `${inner}${a(inner)}`).join(",\n")}${trailingComma ? "," : ""}\n${pad})`;
    }),
  tuple: fc
    .tuple(fc.array(tie("expr"), { maxLength: 4 }), fc.boolean(), fc.boolean(), trailingComment)
    .map(([items, multiline, trailingComma, comment]) => (pad: string) => {
      if (items.length === 0) return multiline ? `[\n${pad}]` : "[]";
      if (!multiline) return `[${items.map((i) => i(pad)).join(", ")}${trailingComma ? "," : ""}]`;
      const inner = pad + "  ";
      const lines = items.map((i, k) => `${inner}${i(inner)}${k < items.length - 1 || trailingComma ? "," : ""}${k === 0 ? comment : ""}`);
      return `[\n${lines.join("\n")}\n${pad}]`;
    }),
  object: fc
    .tuple(
      fc.uniqueArray(fc.tuple(fc.oneof(identifier, stringContent.map((s) => `"${s}"`)), tie("expr"), fc.boolean()), {
        maxLength: 4,
        // Keys as the evaluator names them: `a` and `"a"` are the same key.
        selector: ([key]) => (key.startsWith('"') ? decodeHclString(key.slice(1, -1)) : key),
      }),
      fc.boolean(),
      gap,
    )
    .map(([entries, multiline, space]) => (pad: string) => {
      if (entries.length === 0) return multiline ? `{\n${pad}}` : "{}";
      if (!multiline) return `{${space}${entries.map(([k, v]) => `${k} = ${v(pad)}`).join(", ")}${space}}`;
      const inner = pad + "  ";
      const lines = entries.map(([k, v, comma]) => `${inner}${k}${" ".repeat(comma ? 1 : 3)}= ${v(inner)}${comma ? "," : ""}`);
      return `{\n${lines.join("\n")}\n${pad}}`;
    }),
}));

interface BodyShape {
  attributes: [string, Expr, string][];
  blocks: { name: string; labels: string[]; body: BodyShape }[];
}

/** A block body: unique attribute names, nested blocks named apart from them (repeated names allowed). */
const bodyArb = (labelledBlocks: boolean): fc.Arbitrary<BodyShape> =>
  fc.letrec<{ body: BodyShape }>((tie) => ({
    body: fc
      .tuple(
        fc.uniqueArray(fc.tuple(identifier, expr, trailingComment), { maxLength: 6, selector: ([name]) => name }),
        fc.oneof(
          { depthSize: "small" },
          fc.constant([] as [string, string[], BodyShape][]),
          fc.array(
            fc.tuple(
              fc.constantFrom("network", "security", "ingress", "lifecycle"),
              labelledBlocks ? fc.array(fc.oneof(identifier, quoted), { maxLength: 2 }) : fc.constant([] as string[]),
              tie("body"),
            ),
            { maxLength: 3 },
          ),
        ),
      )
      .map(([attributes, blocks]) => {
        const blockNames = new Set(blocks.map(([name]) => name));
        return {
          attributes: attributes.filter(([name]) => !blockNames.has(name)),
          blocks: blocks.map(([name, labels, body]) => ({ name, labels, body })),
        };
      }),
  })).body;

function renderBody(body: BodyShape, pad: string, spacing: string[], comments: string[]): string {
  const inner = pad + "  ";
  const items: string[] = [];
  let k = 0;
  for (const [name, value, comment] of body.attributes) {
    const spaces = spacing[k++ % spacing.length]!;
    items.push(`${inner}${name}${spaces}= ${value(inner)}${comment}`);
    const extra = comments[k % comments.length];
    if (extra && k % 3 === 0) items.push(`${inner}${extra}`);
  }
  for (const block of body.blocks) {
    items.push(`${inner}${[block.name, ...block.labels].join(" ")} ${renderBlockBody(block.body, inner, spacing, comments)}`);
  }
  // Attributes and blocks mixed in a stable but not sorted order.
  items.sort((a, b) => (a.length % 3) - (b.length % 3));
  return items.join(k % 2 === 0 ? "\n" : "\n\n");
}

function renderBlockBody(body: BodyShape, pad: string, spacing: string[], comments: string[]): string {
  const content = renderBody(body, pad, spacing, comments);
  return content === "" ? "{}" : `{\n${content}\n${pad}}`;
}

const topBlock = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constant("module"), fc.oneof({ weight: 8, arbitrary: quoted.map((q) => [q]) }, { weight: 1, arbitrary: fc.array(quoted, { maxLength: 2 }) }), bodyArb(false)) },
  { weight: 2, arbitrary: fc.tuple(fc.constant("locals"), fc.constant([] as string[]), bodyArb(false).map((b) => ({ attributes: b.attributes, blocks: [] }))) },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constant("resource"),
      fc.tuple(fc.constantFrom('"kubernetes_network_policy"', '"kubernetes_manifest"', '"aws_instance"', "kubernetes_network_policy_v1"), fc.array(quoted, { maxLength: 2 })).map(([t, rest]) => [t, ...rest]),
      bodyArb(false),
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("terraform", "provider", "variable", "output", "data"), fc.array(fc.oneof(quoted, identifier), { maxLength: 2 }), bodyArb(true)) },
);

const kitFile = fc
  .tuple(
    fc.array(topBlock, { maxLength: 5 }),
    fc.array(fc.constantFrom(" ", "  ", "    ", "\t", " \t "), { minLength: 1, maxLength: 3 }),
    fc.array(fullLineComment, { maxLength: 3 }),
    fc.constantFrom("\n", "\n\n", "\n# between\n"),
    fc.constantFrom("", "\n", "\n\n", "# trailing", "\n\n\n"),
    indent,
  )
  .map(([blocks, spacing, comments, separator, end, lead]) => {
    const parts = blocks.map(([type, labels, body]) => `${[type, ...labels].join(" ")} ${renderBlockBody(body, "", spacing, comments)}`);
    return `${lead === "\t" ? "" : lead}${comments[0] ? comments[0] + "\n" : ""}${parts.join(separator)}${end}`;
  });

// --- Hostile near-misses ------------------------------------------------------------------------------

const HOSTILE = [
  "${x}", "${", "%{ if x }", "$${", "%%{", "<<EOF\nx\nEOF\n", "<<-EOT\n  y\n  EOT\n", "f(1)", "a.b[0]", "[*]", ".*", "\r", "\r\n",
  "\0", "\u2028", "\u00a0", "\ufeff", "\u000b", "\f", "\\u00e9", "\\U0001F600", "\\x", "\\", '"', "{", "}", "[", "]", ",", "=",
  "==", "=>", ":", "?", "-", "!", ".", "..", "...", "*", "/", "/*", "*/", "#", "//", "\n", " ", "\t", "true", "null", "for",
  "in", "if", "local.", "local.x", "var.x", "1e5", "0x1f", "1.", ".5", "-", "- 1", "é", "::", "(", ")", "a = 1", "x {", "}\n",
  "module \"m\" {\n", "\"k\":", "a b", "🙂", "\ud800", "0.5.1", "1..2", "\"\n\"",
];

const mutation = fc.oneof(
  fc.tuple(fc.constant("insert" as const), fc.nat(), fc.constantFrom(...HOSTILE)),
  fc.tuple(fc.constant("delete" as const), fc.nat(), fc.integer({ min: 1, max: 4 }).map((n) => "x".repeat(n))),
  fc.tuple(fc.constant("replace" as const), fc.nat(), fc.constantFrom(...HOSTILE)),
);

describe("the fast path for plain HCL gives tree-sitter's result on every file it accepts", () => {
  it("on every .tf file of the repository's scenarios and examples", () => {
    const paths = [...listFiles(join(REPO_ROOT, "test"), isTf), ...listFiles(join(REPO_ROOT, "examples"), isTf)];
    expect(paths.length).toBeGreaterThan(100);
    let accepted = 0;
    for (const full of paths) {
      const path = relative(REPO_ROOT, full).split(sep).join("/");
      if (agreesWithTreeSitter(path, readFileSync(full, "utf8"))) accepted++;
    }
    // Most fixtures are kit files: the fast path must take them, or it does not pay for itself.
    expect(accepted / paths.length).toBeGreaterThan(0.8);
  });

  it("on every .tf file of a generated estate of 300 services, all of them accepted", () => {
    let files = 0;
    for (const [path, text] of generateRepoFiles(3, 300)) {
      if (!path.endsWith(".tf")) continue;
      files++;
      expect(agreesWithTreeSitter(path, text), path).toBe(true);
    }
    expect(files).toBeGreaterThan(10);
  });

  it(`on generated kit files written every way the subset allows, all of them accepted (${RUNS} cases)`, () => {
    console.info(`fast-parse-hcl property: seed ${SEED}, ${RUNS} runs (NETPOL_FC_SEED / NETPOL_FC_RUNS to change)`);
    fc.assert(
      fc.property(kitFile, (text) => {
        expect(agreesWithTreeSitter("terraform/services/x/team.tf", text), text).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 240_000);

  it(`on hostile near-misses of those files: refused, or read exactly as tree-sitter reads them (${RUNS * 2} cases)`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(kitFile, fc.array(mutation, { minLength: 1, maxLength: 3 }), (text, mutations) => {
        if (agreesWithTreeSitter("t.tf", editText(text, mutations))) accepted++;
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
    console.info(`fast-parse-hcl hostile inputs: ${accepted} of ${RUNS * 2} accepted (and equal)`);
  }, 240_000);
});

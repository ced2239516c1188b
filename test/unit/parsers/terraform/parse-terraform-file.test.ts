/**
 * Terraform parsed file by file (`parseTerraformFile`, then `resolveTerraformDirectory`) gives exactly what
 * parsing the directory as a whole gives (`parseTerraformDirectory`): values, locations, problems and their
 * order. Checked on every directory of the scenarios and the example, on a generated estate, on cases aimed
 * at local resolution, and on random directories and random damage. Every file result also goes through
 * the text form the parse workers send, and must come back the same.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateRepoFiles } from "../../../../bench/generate-repo.js";
import { decodeTerraformFileResult, encodeTerraformFileResult } from "../../../../src/parsers/terraform/terraform-wire.js";
import {
  parseTerraformDirectory,
  parseTerraformFile,
  resolveTerraformDirectory,
} from "../../../../src/parsers/terraform/parse-terraform.js";
import { loadTerraformParser } from "../../../../src/parsers/terraform/load-terraform-parser.js";

const parser = await loadTerraformParser();

type Files = { path: string; text: string }[];

const REPO_ROOT = join(import.meta.dirname, "..", "..", "..", "..");

/** File by file, each file result sent through the parse workers' text form on the way. */
function fileByFile(files: Files) {
  return resolveTerraformDirectory(
    parser,
    files,
    files.map((f) => {
      const result = parseTerraformFile(parser, f.path, f.text);
      const sent = decodeTerraformFileResult(encodeTerraformFileResult(result, f.path), f.path);
      expect(sent).toStrictEqual(result);
      return sent;
    }),
  );
}

function expectSameAsDirectory(files: Files): void {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  expect(fileByFile(sorted)).toStrictEqual(parseTerraformDirectory(parser, sorted));
}

/** Whether reading `files` one by one needs the whole directory (the rare fallback). */
function needsDirectory(files: Files): boolean {
  return files.some((f) => parseTerraformFile(parser, f.path, f.text).needsDirectory);
}

function listTf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === "node_modules" || name.startsWith(".") ? [] : listTf(full);
    return name.endsWith(".tf") || name.endsWith(".tf.json") ? [full] : [];
  });
}

/** The `.tf` files under `root`, grouped by directory. */
function directoriesUnder(root: string): Map<string, Files> {
  const byDir = new Map<string, Files>();
  for (const full of listTf(root)) {
    const path = relative(REPO_ROOT, full).split(sep).join("/");
    const dir = dirname(path);
    if (!byDir.has(dir)) byDir.set(dir, []);
    byDir.get(dir)!.push({ path, text: readFileSync(full, "utf8") });
  }
  return byDir;
}

describe("parseTerraformFile + resolveTerraformDirectory = parseTerraformDirectory", () => {
  it("on every Terraform directory of the scenarios and the example", () => {
    const dirs = [...directoriesUnder(join(REPO_ROOT, "test")), ...directoriesUnder(join(REPO_ROOT, "examples"))];
    expect(dirs.length).toBeGreaterThan(50);
    for (const [, files] of dirs) expectSameAsDirectory(files);
  });

  it("on a generated estate of 300 services, without reading any directory as a whole", () => {
    const byDir = new Map<string, Files>();
    for (const [path, text] of generateRepoFiles(1, 300)) {
      if (!path.endsWith(".tf")) continue;
      const dir = dirname(path);
      if (!byDir.has(dir)) byDir.set(dir, []);
      byDir.get(dir)!.push({ path, text });
    }
    expect(byDir.size).toBeGreaterThan(2);
    for (const files of byDir.values()) {
      expect(needsDirectory(files)).toBe(false);
      expectSameAsDirectory(files);
    }
  });

  const module = (name: string, body: string) => `module "${name}" {\n  source = "kit"\n${body}\n}\n`;
  const cases: { name: string; files: Record<string, string>; fallback?: boolean }[] = [
    {
      name: "a local from another file, in a list, an object and a nested block",
      files: {
        "d/locals.tf": `locals {\n  company = "x"\n  ns = ["a", "b"]\n}\n`,
        "d/m.tf": module("m", `  service_company = local.company\n  list = [local.company, "y", local.ns]\n  obj = { k = local.ns, j = 1 }\n  network {\n    security {\n      namespaces = local.ns\n    }\n  }`),
      },
    },
    {
      name: "locals using locals, with accessors",
      files: {
        "d/a.tf": `locals {\n  cfg = { ns = ["a", "b"], port = 80, m = { "k" = "v" } }\n  first = local.cfg.ns[0]\n  legacy = local.cfg.ns.1\n  key = local.cfg.m["k"]\n}\n`,
        "d/b.tf": module("m", `  a = local.first\n  b = local.legacy\n  c = local.key\n  d = local.cfg.port\n  e = local.cfg.ns[5]\n  f = local.cfg.nope\n  g = local.first.x\n  h = local.cfg.ns[1.5]\n  i = local.cfg.ns[*]\n  j = local.cfg["ns"][0]`),
      },
    },
    {
      name: "cycles, self-references, unknown and duplicated locals",
      files: {
        "d/a.tf": `locals {\n  a = local.b\n  b = [local.a]\n  self = local.self\n  c = local.a\n  dup = 1\n}\n`,
        "d/b.tf": `locals {\n  dup = 2\n  viavar = var.x\n  viafn = upper("x")\n}\n`,
        "d/m.tf": module("m", `  x = local.c\n  y = local.self\n  z = local.unknown\n  w = local.dup\n  v = local.viavar\n  u = local.viafn\n  t = local.a`),
      },
    },
    {
      name: "a module referencing a cycle member first, then the others",
      files: {
        "d/m.tf": module("m1", `  x = local.c\n  y = local.a`) + module("m2", `  y = local.b`),
        "d/z.tf": `locals {\n  a = local.b\n  b = local.c\n  c = local.a\n}\n`,
      },
    },
    {
      name: "attributes and modules defined twice, labels missing",
      files: {
        "d/a.tf": module("m", `  x = local.v\n  x = local.v\n  blk {\n    y = 1\n  }\n  blk {\n    y = local.v\n  }`) + `module {\n}\nmodule "a" "b" {\n}\n`,
        "d/b.tf": module("m", `  z = local.v`) + `locals {\n  v = "value"\n}\n`,
      },
    },
    {
      name: "broken locals: recovered names and damaged values",
      files: {
        "d/a.tf": `locals {\n  ok = "fine"\n  broken = [\n  after = "x"\n}\n`,
        "d/b.tf": `locals {\n  after = "defined later"\n  ok = 2\n}\n` + module("m", `  a = local.ok\n  b = local.broken\n  c = local.after`),
        "d/c.tf": module("n", `  a = local.ok,,\n  b = local.after`) + `module "after" {\n  x = [local.ok\n}\n`,
      },
    },
    {
      name: "a heredoc and templates next to local references",
      files: {
        "d/a.tf": `locals {\n  h = <<-EOT\n    text\n  EOT\n  t = "\${local.h}"\n}\n` + module("m", `  a = local.h\n  b = local.t\n  c = "x-\${local.h}"\n  # comment\n  d = local /* c */ .h`),
      },
    },
    {
      name: "a local reference used as an object key: read as a directory",
      fallback: true,
      files: {
        "d/a.tf": `locals {\n  k = "key"\n}\n`,
        "d/b.tf": module("m", `  a = { (local.k) = 1 }`),
      },
    },
    {
      name: "a local reference used as an index: read as a directory",
      fallback: true,
      files: {
        "d/a.tf": `locals {\n  i = 1\n  l = ["a", "b"]\n}\n`,
        "d/b.tf": module("m", `  a = local.l[local.i]\n  b = ["x", "y"][local.i]`),
      },
    },
    {
      name: "a value holding a local reference, accessed further: read as a directory",
      fallback: true,
      files: {
        "d/a.tf": `locals {\n  v = "x"\n}\n`,
        "d/b.tf": module("m", `  a = [local.v][0]\n  b = { k = local.v }.k`),
      },
    },
    {
      name: "a local nested deeply, used deep inside a module",
      files: {
        "d/a.tf": `locals {\n  deep = ${"[".repeat(150)}1${"]".repeat(150)}\n}\n`,
        "d/b.tf": module("m", `  a = ${"[".repeat(40)}local.deep${"]".repeat(40)}\n  b = ${"[".repeat(60)}local.deep${"]".repeat(60)}\n  c = local.deep`),
      },
    },
    {
      name: "a local nested deeply, first used where the nesting limit cuts it",
      files: {
        "d/a.tf": `locals {\n  deep = ${"[".repeat(150)}1${"]".repeat(150)}\n  via = local.deep\n}\n`,
        "d/b.tf": module("m", `  b = ${"[".repeat(60)}local.via${"]".repeat(60)}\n  c = local.deep\n  d = local.via`),
      },
    },
    {
      name: "a local nested deeply, used at the top first",
      files: {
        "d/a.tf": `locals {\n  deep = ${"[".repeat(150)}1${"]".repeat(150)}\n}\n`,
        "d/b.tf": module("m", `  c = local.deep\n  a = ${"[".repeat(60)}local.deep${"]".repeat(60)}`),
      },
    },
    {
      name: "a NUL byte and an empty file next to locals",
      files: {
        "d/a.tf": `locals {\n  v = "x"\n}\n\u0000`,
        "d/b.tf": "",
        "d/c.tf": module("m", `  a = local.v`),
      },
    },
  ];

  for (const c of cases) {
    it(`on ${c.name}`, () => {
      const files = Object.entries(c.files).map(([path, text]) => ({ path, text }));
      expect(needsDirectory(files)).toBe(c.fallback ?? false);
      expectSameAsDirectory(files);
    });
  }

  // Random directories made of pieces that exercise local resolution, then randomly damaged.
  const name = fc.constantFrom("a", "b", "c", "company", "ns");
  const expr: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom('"x"', "1", "true", "null", "var.v", 'upper("x")', '"${local.a}"', "-1"),
      name.map((n) => `local.${n}`),
      fc.tuple(name, fc.constantFrom(".k", "[0]", '["k"]', ".0", ".k.j", "[*]")).map(([n, a]) => `local.${n}${a}`),
      fc.array(tie("expr"), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
      fc.array(fc.tuple(fc.constantFrom("k", "j", "m"), tie("expr")), { maxLength: 3 }).map((es) => `{ ${es.map(([k, v]) => `${k} = ${v}`).join(", ")} }`),
    ),
  })).expr;
  const block = fc.oneof(
    fc.array(fc.tuple(name, expr), { minLength: 1, maxLength: 3 }).map((ls) => `locals {\n${ls.map(([n, e]) => `  ${n} = ${e}`).join("\n")}\n}\n`),
    fc.tuple(fc.constantFrom("m", "n"), fc.array(fc.tuple(fc.constantFrom("x", "y", "blk"), expr), { maxLength: 4 })).map(
      ([m, attrs]) => module(m, attrs.map(([a, e]) => (a === "blk" ? `  blk {\n    v = ${e}\n  }` : `  ${a} = ${e}`)).join("\n")),
    ),
  );
  const damage = fc.option(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom("", "{", "}", "[", "]", '"', ",", "=", "\n", "local.", "<<EOT\n")), { nil: null });
  const file = fc.tuple(fc.array(block, { maxLength: 3 }), damage).map(([blocks, d]) => {
    const text = blocks.join("\n");
    if (!d || text.length === 0) return text;
    const at = d[0] % text.length;
    return text.slice(0, at) + d[2] + text.slice(at + d[1]);
  });

  it("on random directories, randomly damaged", () => {
    fc.assert(
      fc.property(fc.array(file, { minLength: 1, maxLength: 3 }), (texts) => {
        expectSameAsDirectory(texts.map((text, i) => ({ path: `d/f${i}.tf`, text })));
      }),
      { numRuns: 400, seed: 20261126 },
    );
  });
});

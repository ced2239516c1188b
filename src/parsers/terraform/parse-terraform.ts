/**
 * Reads the `module` blocks of one Terraform directory with tree-sitter (the HCL grammar's Terraform
 * dialect), resolving literal values and same-directory `local.*` references.
 *
 * Decisions:
 * - Syntax errors: one `parse-error` problem per ERROR/MISSING region (at most one per line). When a file
 *   has errors it is re-parsed in chunks cut at column-0 top-level block starts (`module "x" {`), so a
 *   broken block does not swallow the blocks after it. Damaged values are `unresolvable`
 *   (reason "syntax error..."): a list with a syntax error inside is unresolvable as a whole, never shorter;
 *   attributes a broken value swallowed (`name =` lines at the attribute's indentation) are added as
 *   unresolvable. A top-level block that tree-sitter wraps whole in an ERROR node is not returned (its
 *   parse-error problem covers its lines).
 * - Every local of a reference cycle is unresolvable; so is a reference to an unknown local.
 * - A local, attribute or module defined twice: an `unresolvable` problem (severity error) at the second
 *   definition. References to a duplicated local and a duplicated attribute are unresolvable; a duplicated
 *   module name keeps both modules.
 * - Nested blocks without labels are objects (a repeated one is a list of objects); labelled nested blocks
 *   (`dynamic "x" {}`) are unresolvable.
 * - A value from `local.x` carries the location of the reference, not of the local's definition.
 */
import { createRequire } from "node:module";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";
import type { Problem, TerraformResult, TfModule } from "../../engine/types.js";
import { collectSyntaxErrors } from "./collect-syntax-errors.js";
import { decodeHclString } from "./decode-hcl-string.js";
import { fingerprintModule } from "./fingerprint-module.js";
import { HclEvaluator, locationOf, type SourceUnit } from "./hcl-evaluator.js";
import { splitTopLevelBlocks } from "./split-top-level-blocks.js";

const MAX_FILE_BYTES = 1024 * 1024;

let parser: Parser | null = null;
let initializing: Promise<void> | null = null;

/** Loads the grammar once; concurrent and repeated calls share the same load. */
export async function initTerraformParser(): Promise<void> {
  if (parser) return;
  if (!initializing) {
    initializing = (async () => {
      await Parser.init();
      const wasm = createRequire(import.meta.url).resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm");
      const language = await Language.load(wasm);
      const instance = new Parser();
      instance.setLanguage(language);
      parser = instance;
    })();
    initializing.catch(() => {
      initializing = null;
    });
  }
  await initializing;
}

interface ParsedUnit extends SourceUnit {
  tree: Tree;
}

/**
 * Parses all `.tf` files of one directory (paths repo-relative, copied into every location). Requires
 * `initTerraformParser()` first. Never throws on broken input.
 */
export function parseTerraformDirectory(files: { path: string; text: string }[]): TerraformResult {
  const active = parser;
  if (!active) throw new Error("initTerraformParser() must be awaited before parseTerraformDirectory()");
  const problems: Problem[] = [];
  const units: ParsedUnit[] = [];
  try {
    for (const file of files) parseFile(active, file.path, file.text, units, problems);

    const evaluator = new HclEvaluator(problems);
    const moduleBlocks: { block: Node; unit: ParsedUnit }[] = [];
    for (const unit of units) {
      for (const top of unit.tree.rootNode.children) {
        if (top.type !== "body") continue;
        for (const block of top.children) {
          if (block.type !== "block") continue;
          const type = block.firstChild?.text;
          if (type === "locals") evaluator.addLocals(block, unit);
          else if (type === "module") moduleBlocks.push({ block, unit });
        }
      }
    }

    const modules: TfModule[] = [];
    const seen = new Map<string, TfModule>();
    for (const { block, unit } of moduleBlocks) {
      const location = locationOf(block, unit);
      const labels = blockLabels(block);
      if (labels.length !== 1) {
        problems.push({
          rule: "parse-error",
          severity: "error",
          location,
          message: `A module block needs exactly one label, found ${labels.length}`,
        });
        continue;
      }
      const name = labels[0]!;
      const attributes = evaluator.evaluateBlockContent(block, unit);
      const module: TfModule = { name, attributes, location, fingerprint: fingerprintModule(name, attributes) };
      const first = seen.get(name);
      if (first) {
        problems.push({
          rule: "unresolvable",
          severity: "error",
          location,
          message: `Module \`${name}\` is declared more than once in this directory (first at ${first.location.file}:${first.location.line})`,
        });
      } else {
        seen.set(name, module);
      }
      modules.push(module);
    }
    return { modules, problems };
  } finally {
    for (const unit of units) unit.tree.delete();
  }
}

function parseFile(active: Parser, path: string, text: string, units: ParsedUnit[], problems: Problem[]): void {
  const fileProblem = (message: string): void => {
    problems.push({ rule: "parse-error", severity: "error", location: { file: path, line: 1, endLine: 1 }, message });
  };
  if (text.indexOf("\0") >= 0) {
    fileProblem("The file contains a NUL byte; not read as Terraform");
    return;
  }
  if (text.length > MAX_FILE_BYTES || Buffer.byteLength(text, "utf8") > MAX_FILE_BYTES) {
    fileProblem("The file is larger than 1 MiB; not read");
    return;
  }
  const whole = parseText(active, text);
  if (!whole) {
    fileProblem("The HCL parser gave up on this file");
    return;
  }
  if (!whole.rootNode.hasError) {
    units.push({ file: path, source: text, lineOffset: 0, hasError: false, tree: whole });
    return;
  }
  const chunks = splitTopLevelBlocks(text);
  if (chunks.length <= 1) {
    units.push({ file: path, source: text, lineOffset: 0, hasError: true, tree: whole });
    problems.push(...collectSyntaxErrors(whole.rootNode, text, path, 0));
    return;
  }
  const wholeErrors = collectSyntaxErrors(whole.rootNode, text, path, 0);
  whole.delete();
  let chunkErrors = 0;
  for (const chunk of chunks) {
    const tree = parseText(active, chunk.text);
    if (!tree) {
      problems.push({
        rule: "parse-error",
        severity: "error",
        location: { file: path, line: chunk.lineOffset + 1, endLine: chunk.lineOffset + 1 },
        message: "The HCL parser gave up on this block",
      });
      chunkErrors++;
      continue;
    }
    const hasError = tree.rootNode.hasError;
    units.push({ file: path, source: chunk.text, lineOffset: chunk.lineOffset, hasError, tree });
    if (hasError) {
      const found = collectSyntaxErrors(tree.rootNode, chunk.text, path, chunk.lineOffset);
      chunkErrors += found.length;
      problems.push(...found);
    }
  }
  // The chunks parse cleanly although the whole file does not: report the whole file's errors.
  if (chunkErrors === 0) problems.push(...wholeErrors);
}

function parseText(active: Parser, text: string): Tree | null {
  try {
    return active.parse(text);
  } catch {
    return null;
  }
}

/** The labels of a block (`module "a"` has one: `a`). */
function blockLabels(block: Node): string[] {
  const labels: string[] = [];
  const kids = block.children;
  for (let i = 1; i < kids.length; i++) {
    const kid = kids[i]!;
    const type = kid.type;
    if (type === "string_lit") labels.push(decodeHclString(kid.text.slice(1, -1)));
    else if (type === "identifier") labels.push(kid.text);
    else if (type !== "comment") break;
  }
  return labels;
}

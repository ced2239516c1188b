/**
 * Reads the `module` blocks (and the resources that create traffic filters) of one Terraform directory with tree-sitter (the HCL grammar's Terraform
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
import type { Node, Tree } from "web-tree-sitter";
import type { Problem, SourceLocation, TerraformResult, TfModule, TfValue } from "../../model/types.js";
import { collectSyntaxErrors } from "./collect-syntax-errors.js";
import { decodeHclString } from "./decode-hcl-string.js";
import { fastParseHcl } from "./fast-parse-hcl.js";
import { fingerprintModule } from "./fingerprint-module.js";
import { HclEvaluator, holdsLocalReference, isLocalReference, locationOf, MAX_DEPTH, type LocalReference, type SourceUnit } from "./hcl-evaluator.js";
import type { TerraformParser } from "./load-terraform-parser.js";
import { LocalValues, referenceValue, type LocalSlot } from "./local-values.js";
import { parseTerraformJson } from "./parse-terraform-json.js";
import { splitTopLevelBlocks } from "./split-top-level-blocks.js";
import { RESOURCE_PREFIX, TRAFFIC_RESOURCE_TYPES } from "./traffic-resource-types.js";

const MAX_FILE_BYTES = 1024 * 1024;

interface ParsedUnit extends SourceUnit {
  tree: Tree;
}

/** The `locals` and `module` blocks of parsed units, in order. */
function topLevelBlocks(units: ParsedUnit[], onLocals: (block: Node, unit: ParsedUnit) => void): { block: Node; unit: ParsedUnit }[] {
  const moduleBlocks: { block: Node; unit: ParsedUnit }[] = [];
  for (const unit of units) {
    for (const top of unit.tree.rootNode.children) {
      if (top.type !== "body") continue;
      for (const block of top.children) {
        if (block.type !== "block") continue;
        const type = block.firstChild?.text;
        if (type === "locals") onLocals(block, unit);
        else if (type === "module") moduleBlocks.push({ block, unit });
        else if (type === "resource" && TRAFFIC_RESOURCE_TYPES.has(blockLabels(block)[0] ?? "")) moduleBlocks.push({ block, unit });
      }
    }
  }
  return moduleBlocks;
}

/** The problem of a module block without exactly one label (a resource: two), or its name. */
function moduleName(block: Node, location: SourceLocation): string | Problem {
  const labels = blockLabels(block);
  if (block.firstChild?.text === "resource") {
    if (labels.length === 2) return `${RESOURCE_PREFIX}${labels[0]}.${labels[1]}`;
    return { rule: "parse-error", severity: "error", location, message: `A resource block needs exactly two labels, found ${labels.length}` };
  }
  if (labels.length === 1) return labels[0]!;
  return { rule: "parse-error", severity: "error", location, message: `A module block needs exactly one label, found ${labels.length}` };
}

/** Adds a module to the directory's list, with a problem when its name is taken. */
function addModule(module: TfModule, modules: TfModule[], seen: Map<string, TfModule>, problems: Problem[]): void {
  const first = seen.get(module.name);
  if (first) {
    problems.push({
      rule: "unresolvable",
      severity: "error",
      location: module.location,
      message: `Module \`${module.name}\` is declared more than once in this directory (first at ${first.location.file}:${first.location.line})`,
    });
  } else {
    seen.set(module.name, module);
  }
  modules.push(module);
}

/**
 * Parses all `.tf` files of one directory together (paths repo-relative, copied into every location).
 * `parser` comes from `loadTerraformParser()`. Never throws on broken input. `parseTerraformFile` and
 * `resolveTerraformDirectory` give the same result file by file.
 */
export function parseTerraformDirectory(parser: TerraformParser, files: { path: string; text: string }[]): TerraformResult {
  const problems: Problem[] = [];
  const units: ParsedUnit[] = [];
  const jsonModules: TfModule[] = [];
  try {
    for (const file of files) {
      if (isTerraformJson(file.path)) {
        const read = parseTerraformJson(file.path, file.text);
        problems.push(...read.problems);
        jsonModules.push(...read.modules);
      } else parseFile(parser, file.path, file.text, units, problems);
    }

    const evaluator = new HclEvaluator(problems);
    const moduleBlocks = topLevelBlocks(units, (block, unit) => evaluator.addLocals(block, unit));

    const modules: TfModule[] = [];
    const seen = new Map<string, TfModule>();
    for (const { block, unit } of moduleBlocks) {
      const location = locationOf(block, unit);
      const name = moduleName(block, location);
      if (typeof name !== "string") {
        problems.push(name);
        continue;
      }
      const attributes = evaluator.evaluateBlockContent(block, unit);
      addModule({ name, attributes, location, fingerprint: fingerprintModule(name, attributes) }, modules, seen, problems);
    }
    // The JSON syntax's modules come after the native syntax's, as resolveFileResults puts them.
    for (const module of jsonModules) addModule(module, modules, seen, problems);
    return { modules, problems };
  } finally {
    for (const unit of units) unit.tree.delete();
  }
}

/** Whether a Terraform file is written in the JSON syntax (Terraform reads `*.tf.json` next to `*.tf`). */
export function isTerraformJson(path: string): boolean {
  return path.endsWith(".tf.json");
}

/** A local reference as the evaluator made it: the local's name and the nesting depth it was made at. */
interface ReferenceMade {
  name: string;
  depth: number;
}

/** A local value of one file, its expression evaluated on its own. */
export interface TerraformFileLocal {
  name: string;
  location: SourceLocation;
  /** Recovered from a damaged region: defined only if no earlier definition has the name. */
  recovered: boolean;
  /** The value, with `LocalReference`s for the locals it uses; null when the expression is missing. */
  value: TfValue | null;
  /** The deepest nesting depth its evaluation reached. */
  deepest: number;
  references: ReferenceMade[];
}

/** A module block of one file: its problem when it has not exactly one label, or its content. */
export type TerraformFileModule =
  | { problem: Problem }
  | {
      name: string;
      location: SourceLocation;
      /** With `LocalReference`s for the locals used. */
      attributes: Map<string, TfValue>;
      /** Problems found in the block (attributes defined twice), in order. */
      problems: Problem[];
      /** The local references made while evaluating the block, in order. */
      references: ReferenceMade[];
      /** Known when the block uses no local. */
      fingerprint: string | null;
    };

/** What one `.tf` file declares, read on its own: the unit of the Terraform parse cache. */
export interface TerraformFileResult {
  /** The file's syntax problems (and why it was not read, if it was not). */
  problems: Problem[];
  locals: TerraformFileLocal[];
  modules: TerraformFileModule[];
  /** Some local reference is used in a way only the whole directory can evaluate. */
  needsDirectory: boolean;
}

/**
 * Parses one `.tf` file on its own: everything but the values of `local.*` references, which depend on the
 * other files of the directory (`resolveTerraformDirectory`). `parser` comes from `loadTerraformParser()`.
 * A file in the plain subset of HCL that kit blocks are written in takes the fast path (`fastParseHcl`),
 * which gives the same result; every other file is read by tree-sitter.
 */
export function parseTerraformFile(parser: TerraformParser, path: string, text: string): TerraformFileResult {
  if (isTerraformJson(path)) {
    const read = parseTerraformJson(path, text);
    const modules = read.modules.map((m) => ({ ...m, problems: [], references: [] }));
    return { problems: read.problems, locals: [], modules, needsDirectory: false };
  }
  return fastParseHcl(path, text) ?? parseTerraformFileWithTreeSitter(parser, path, text);
}

/** `parseTerraformFile` of a native-syntax file without the fast path: the reference the fast path is held to. */
export function parseTerraformFileWithTreeSitter(parser: TerraformParser, path: string, text: string): TerraformFileResult {
  const problems: Problem[] = [];
  const units: ParsedUnit[] = [];
  try {
    parseFile(parser, path, text, units, problems);
    const scratch: Problem[] = [];
    const evaluator = new HclEvaluator(scratch, true);
    const evaluateOnItsOwn = <T>(evaluate: () => T): { value: T; references: ReferenceMade[]; deepest: number } => {
      evaluator.references = [];
      evaluator.deepest = 0;
      const value = evaluate();
      return { value, references: evaluator.references, deepest: evaluator.deepest };
    };
    const locals: TerraformFileLocal[] = [];
    const moduleBlocks = topLevelBlocks(units, (block, unit) =>
      evaluator.collectLocals(block, unit, (name, expr, location, recovered) => {
        const { value, references, deepest } = evaluateOnItsOwn(() => (expr ? evaluator.evaluate(expr, unit) : null));
        locals.push({ name, location, recovered, value, deepest, references });
      }),
    );
    const modules: TerraformFileModule[] = [];
    for (const { block, unit } of moduleBlocks) {
      const location = locationOf(block, unit);
      const name = moduleName(block, location);
      if (typeof name !== "string") {
        modules.push({ problem: name });
        continue;
      }
      const { value: attributes, references } = evaluateOnItsOwn(() => evaluator.evaluateBlockContent(block, unit));
      const fingerprint = references.length === 0 ? fingerprintModule(name, attributes) : null;
      modules.push({ name, location, attributes, problems: scratch.splice(0), references, fingerprint });
    }
    return { problems, locals, modules, needsDirectory: evaluator.needsDirectory };
  } finally {
    for (const unit of units) unit.tree.delete();
  }
}

/** A `TerraformFileResult` cannot stand in for the directory's own evaluation. */
class NeedsDirectory extends Error {}

/**
 * The directory made of `files` (sorted by path), from each file's `parseTerraformFile` result: locals
 * resolved across the files, modules in order, problems in the order `parseTerraformDirectory` gives them.
 * The same result as `parseTerraformDirectory(files)`, which it falls back to (parsing the files again) in
 * the rare cases a file result cannot resolve exactly: a local reference used as an object key, an index or
 * a value accessed further, or a local whose expression nests too deeply for where it is used.
 */
export function resolveTerraformDirectory(
  parser: TerraformParser,
  files: { path: string; text: string }[],
  results: TerraformFileResult[],
): TerraformResult {
  if (!results.some((r) => r.needsDirectory)) {
    try {
      return resolveFileResults(results, files.map((f) => isTerraformJson(f.path)));
    } catch (error) {
      if (!(error instanceof NeedsDirectory)) throw error;
    }
  }
  return parseTerraformDirectory(parser, files);
}

function resolveFileResults(results: TerraformFileResult[], json: boolean[]): TerraformResult {
  const problems: Problem[] = [];
  for (const result of results) problems.push(...result.problems);

  const slots = new Map<string, LocalSlot<TerraformFileLocal>>();
  for (const result of results) {
    for (const local of result.locals) {
      const existing = slots.get(local.name);
      if (existing && local.recovered) continue;
      if (existing) {
        existing.duplicate = true;
        problems.push({
          rule: "unresolvable",
          severity: "error",
          location: local.location,
          message: `Local value \`${local.name}\` is defined more than once (first at ${existing.location.file}:${existing.location.line}); references to it are unresolvable`,
        });
        continue;
      }
      slots.set(local.name, { definition: local, location: local.location, duplicate: false });
    }
  }

  // The depth passed along is the nesting depth of the reference, where the evaluator would evaluate the
  // local's expression. Each local is first resolved from the same reference, in the same order, as when the
  // directory is evaluated as a whole: the references made are replayed before the values are put together.
  const locals: LocalValues<TerraformFileLocal, number> = new LocalValues(slots, (local, name, location, depth) => {
    if (!local.value) return { kind: "unresolvable", text: `local.${name}`, reason: "syntax error", location };
    // Where the whole-directory evaluation could hit its nesting limit inside the local: it alone knows where.
    if (depth + local.deepest >= MAX_DEPTH) throw new NeedsDirectory();
    for (const reference of local.references) locals.get(reference.name, depth + reference.depth);
    return resolveValue(local.value, depth);
  });
  const resolveValue = (value: TfValue, depth: number): TfValue => {
    const candidate = value as TfValue | LocalReference;
    if (isLocalReference(candidate)) {
      let next = 0;
      return referenceValue(
        candidate.name,
        locals.get(candidate.name, depth + candidate.depth),
        () => candidate.accessors[next++] ?? null,
        candidate.location,
        (reason) => ({ kind: "unresolvable", text: candidate.text, reason, location: candidate.location }),
      );
    }
    if (value.kind === "list" && value.items.some(holdsLocalReference)) {
      return { kind: "list", items: value.items.map((item) => resolveValue(item, depth)), location: value.location };
    }
    if (value.kind === "object" && holdsLocalReference(value)) {
      const entries = new Map<string, TfValue>();
      for (const [key, entry] of value.entries) entries.set(key, resolveValue(entry, depth));
      return { kind: "object", entries, location: value.location };
    }
    return value;
  };

  const modules: TfModule[] = [];
  const seen = new Map<string, TfModule>();
  // The native syntax's modules first, then the JSON syntax's, as parseTerraformDirectory reads them.
  const ordered = [...results.filter((_, i) => !json[i]), ...results.filter((_, i) => json[i])];
  for (const result of ordered) {
    for (const declared of result.modules) {
      if ("problem" in declared) {
        problems.push(declared.problem);
        continue;
      }
      const { name, location } = declared;
      let { attributes, fingerprint } = declared;
      if (fingerprint === null) {
        for (const reference of declared.references) locals.get(reference.name, reference.depth);
        const resolved = new Map<string, TfValue>();
        for (const [key, value] of attributes) resolved.set(key, resolveValue(value, 0));
        attributes = resolved;
        fingerprint = fingerprintModule(name, attributes);
      }
      problems.push(...declared.problems);
      addModule({ name, attributes, location, fingerprint }, modules, seen, problems);
    }
  }
  return { modules, problems };
}

function parseFile(active: TerraformParser, path: string, text: string, units: ParsedUnit[], problems: Problem[]): void {
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

function parseText(active: TerraformParser, text: string): Tree | null {
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

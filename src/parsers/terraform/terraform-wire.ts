/**
 * A compact text form of a `TerraformFileResult` or of a whole directory's `TerraformResult`, to send it from
 * a parse worker to the thread that judges. The
 * structured clone of the objects themselves is slow both ways, and copies the file path into every
 * location; this form is plain JSON of arrays, with the path left out of every location that has it (all
 * of them, in practice), and decodes into objects of the same shape, key order included, that share one
 * path string.
 */
import type { Problem, SourceLocation, TerraformResult, TfValue } from "../../model/types.js";
import type { Accessor } from "./local-values.js";
import type { LocalReference } from "./hcl-evaluator.js";
import type { TerraformFileModule, TerraformFileResult } from "./parse-terraform.js";

type Wire = unknown[];

const enum Tag {
  String,
  Number,
  OtherNumber,
  Bool,
  Null,
  List,
  Object,
  Unresolvable,
  LocalReference,
}

/** Appends a location: its lines, and its file only when it is not `path`. */
function pushLocation(out: unknown[], location: SourceLocation, path: string): unknown[] {
  out.push(location.line, location.endLine);
  if (location.file !== path) out.push(location.file);
  return out;
}

/** The location at the end of `wire`. */
function readLocation(wire: Wire, path: string): SourceLocation {
  const n = wire.length;
  return typeof wire[n - 1] === "string"
    ? { file: wire[n - 1] as string, line: wire[n - 3] as number, endLine: wire[n - 2] as number }
    : { file: path, line: wire[n - 2] as number, endLine: wire[n - 1] as number };
}

function encodeValue(value: TfValue | LocalReference, path: string): Wire {
  switch (value.kind) {
    case "string":
      return pushLocation([Tag.String, value.value], value.location, path);
    case "number":
      // JSON has no -0, NaN or infinities.
      return Number.isFinite(value.value) && !Object.is(value.value, -0)
        ? pushLocation([Tag.Number, value.value], value.location, path)
        : pushLocation([Tag.OtherNumber, Object.is(value.value, -0) ? "-0" : String(value.value)], value.location, path);
    case "bool":
      return pushLocation([Tag.Bool, value.value], value.location, path);
    case "null":
      return pushLocation([Tag.Null], value.location, path);
    case "list":
      return pushLocation([Tag.List, value.items.map((item) => encodeValue(item, path))], value.location, path);
    case "object":
      return pushLocation([Tag.Object, encodeEntries(value.entries, path)], value.location, path);
    case "unresolvable":
      return pushLocation([Tag.Unresolvable, value.text, value.reason], value.location, path);
    case "local-reference":
      return pushLocation(
        [Tag.LocalReference, value.name, value.accessors.map((a) => encodeAccessor(a, path)), value.text, value.depth],
        value.location,
        path,
      );
  }
}

function decodeValue(wire: Wire, path: string): TfValue {
  const location = readLocation(wire, path);
  switch (wire[0] as Tag) {
    case Tag.String:
      return { kind: "string", value: wire[1] as string, location };
    case Tag.Number:
      return { kind: "number", value: wire[1] as number, location };
    case Tag.OtherNumber:
      return { kind: "number", value: Number(wire[1]), location };
    case Tag.Bool:
      return { kind: "bool", value: wire[1] as boolean, location };
    case Tag.Null:
      return { kind: "null", location };
    case Tag.List:
      return { kind: "list", items: (wire[1] as Wire[]).map((item) => decodeValue(item, path)), location };
    case Tag.Object:
      return { kind: "object", entries: decodeEntries(wire[1] as [string, Wire][], path), location };
    case Tag.Unresolvable:
      return { kind: "unresolvable", text: wire[1] as string, reason: wire[2] as string, location };
    case Tag.LocalReference: {
      const reference: LocalReference = {
        kind: "local-reference",
        name: wire[1] as string,
        accessors: (wire[2] as Wire[]).map((a) => decodeAccessor(a, path)),
        text: wire[3] as string,
        location,
        depth: wire[4] as number,
      };
      return reference as unknown as TfValue;
    }
  }
}

function encodeEntries(entries: Map<string, TfValue>, path: string): [string, Wire][] {
  const out: [string, Wire][] = [];
  for (const [key, value] of entries) out.push([key, encodeValue(value, path)]);
  return out;
}

function decodeEntries(wire: [string, Wire][], path: string): Map<string, TfValue> {
  const entries = new Map<string, TfValue>();
  for (const [key, value] of wire) entries.set(key, decodeValue(value, path));
  return entries;
}

function encodeAccessor(accessor: Accessor, path: string): Wire {
  if (accessor.kind === "attribute") return [0, accessor.name];
  if (accessor.kind === "index") return [1, encodeValue(accessor.key, path)];
  return [2, accessor.reason];
}

function decodeAccessor(wire: Wire, path: string): Accessor {
  if (wire[0] === 0) return { kind: "attribute", name: wire[1] as string };
  if (wire[0] === 1) return { kind: "index", key: decodeValue(wire[1] as Wire, path) };
  return { kind: "fails", reason: wire[1] as string };
}

function encodeProblem(problem: Problem, path: string): Wire {
  // Terraform problems carry no namespace; anything else would be sent as it is.
  const { rule, severity, location, message, ...rest } = problem;
  return Object.keys(rest).length === 0 ? pushLocation([rule, severity, message], location, path) : [problem];
}

function decodeProblem(wire: Wire, path: string): Problem {
  if (wire.length === 1) return wire[0] as Problem;
  return { rule: wire[0] as Problem["rule"], severity: wire[1] as Problem["severity"], location: readLocation(wire, path), message: wire[2] as string };
}

function encodeModule(module: TerraformFileModule, path: string): Wire {
  if ("problem" in module) return [encodeProblem(module.problem, path)];
  return pushLocation(
    [module.name, encodeEntries(module.attributes, path), module.problems.map((p) => encodeProblem(p, path)), module.references, module.fingerprint],
    module.location,
    path,
  );
}

function decodeModule(wire: Wire, path: string): TerraformFileModule {
  if (wire.length === 1) return { problem: decodeProblem(wire[0] as Wire, path) };
  return {
    name: wire[0] as string,
    location: readLocation(wire, path),
    attributes: decodeEntries(wire[1] as [string, Wire][], path),
    problems: (wire[2] as Wire[]).map((p) => decodeProblem(p, path)),
    references: wire[3] as { name: string; depth: number }[],
    fingerprint: wire[4] as string | null,
  };
}

/** The text form of the result of `parseTerraformFile(path, ...)`. */
export function encodeTerraformFileResult(result: TerraformFileResult, path: string): string {
  return JSON.stringify([
    result.problems.map((p) => encodeProblem(p, path)),
    result.locals.map((local) =>
      pushLocation(
        [local.name, local.recovered, local.value === null ? null : encodeValue(local.value, path), local.deepest, local.references],
        local.location,
        path,
      ),
    ),
    result.modules.map((m) => encodeModule(m, path)),
    result.needsDirectory,
  ]);
}

/** The result `encodeTerraformFileResult(result, path)` stands for. */
export function decodeTerraformFileResult(text: string, path: string): TerraformFileResult {
  const [problems, locals, modules, needsDirectory] = JSON.parse(text) as [Wire[], Wire[], Wire[], boolean];
  return {
    problems: problems.map((p) => decodeProblem(p, path)),
    locals: locals.map((wire) => ({
      name: wire[0] as string,
      location: readLocation(wire, path),
      recovered: wire[1] as boolean,
      value: wire[2] === null ? null : decodeValue(wire[2] as Wire, path),
      deepest: wire[3] as number,
      references: wire[4] as { name: string; depth: number }[],
    })),
    modules: modules.map((m) => decodeModule(m, path)),
    needsDirectory,
  };
}

/**
 * The text form of a Terraform directory's result (`resolveTerraformDirectory`), whose locations are in
 * `path` (its first file, in practice) unless they say otherwise.
 */
export function encodeTerraformResult(result: TerraformResult, path: string): string {
  return JSON.stringify([
    result.problems.map((p) => encodeProblem(p, path)),
    result.modules.map((m) => pushLocation([m.name, encodeEntries(m.attributes, path), m.fingerprint], m.location, path)),
  ]);
}

/** The result `encodeTerraformResult(result, path)` stands for. */
export function decodeTerraformResult(text: string, path: string): TerraformResult {
  const [problems, modules] = JSON.parse(text) as [Wire[], Wire[]];
  return {
    modules: modules.map((wire) => ({
      name: wire[0] as string,
      attributes: decodeEntries(wire[1] as [string, Wire][], path),
      location: readLocation(wire, path),
      fingerprint: wire[2] as string,
    })),
    problems: problems.map((p) => decodeProblem(p, path)),
  };
}

import type { Problem, SourceLocation, TfModule, TfValue } from "../../model/types.js";
import type { YamlLocator } from "../kubernetes/locate-yaml-node.js";
import { field, isPlainObject, type Path } from "../kubernetes/object-context.js";
import { readYamlDocuments } from "../kubernetes/read-yaml-documents.js";
import { fingerprintModule } from "./fingerprint-module.js";
import { RESOURCE_PREFIX, TRAFFIC_RESOURCE_TYPES } from "./traffic-resource-types.js";

/** Terraform's JSON syntax marks a comment with this key. */
const COMMENT_KEY = "//";
/** Deeper values are not read (a hostile file must not exhaust the stack). */
const MAX_DEPTH = 64;

/**
 * Reads the `module` blocks (and the resources that create traffic filters) of one `.tf.json` file, Terraform's
 * JSON syntax, with the line of every value. A string with a template sequence (`${`, `%{`) is unresolvable:
 * netpol-guard reads literal values only (no `local.*` resolution in this syntax). Never throws.
 */
export function parseTerraformJson(path: string, text: string): { modules: TfModule[]; problems: Problem[] } {
  const modules: TfModule[] = [];
  const read = readYamlDocuments(path, text);
  const problems: Problem[] = [...read.problems];
  if (problems.length > 0) return { modules, problems };
  const document = read.documents[0];
  if (read.documents.length !== 1 || !document || !isPlainObject(document.value)) {
    const line = document?.locator.locate([]).line ?? 1;
    problems.push({ rule: "parse-error", severity: "error", location: { file: path, line, endLine: line }, message: "A Terraform JSON file must hold one JSON object" });
    return { modules, problems };
  }
  const { value: root, locator } = document;
  const blocks = (value: unknown, at: Path): { body: Record<string, unknown>; at: Path }[] => {
    // A block is an object, or a list of objects (one per instance).
    if (Array.isArray(value)) return value.flatMap((item, i) => blocks(item, [...at, i]));
    if (isPlainObject(value)) return [{ body: value, at }];
    problems.push({ rule: "parse-error", severity: "error", location: locator.locate(at), message: `${at.join(".")} must be a JSON object` });
    return [];
  };
  const add = (name: string, body: Record<string, unknown>, at: Path): void => {
    const attributes = readAttributes(body, at, locator);
    modules.push({ name, attributes, location: locator.locate(at), fingerprint: fingerprintModule(name, attributes) });
  };
  for (const { body: labelled, at } of blocks(field(root, "module") ?? {}, ["module"])) {
    for (const [name, value] of Object.entries(labelled)) {
      if (name === COMMENT_KEY) continue;
      for (const block of blocks(value, [...at, name])) add(name, block.body, block.at);
    }
  }
  for (const { body: types, at } of blocks(field(root, "resource") ?? {}, ["resource"])) {
    for (const [type, named] of Object.entries(types)) {
      if (!TRAFFIC_RESOURCE_TYPES.has(type)) continue;
      for (const { body: byName, at: typeAt } of blocks(named, [...at, type])) {
        for (const [name, value] of Object.entries(byName)) {
          if (name === COMMENT_KEY) continue;
          for (const block of blocks(value, [...typeAt, name])) add(`${RESOURCE_PREFIX}${type}.${name}`, block.body, block.at);
        }
      }
    }
  }
  return { modules, problems };
}

function readAttributes(body: Record<string, unknown>, at: Path, locator: YamlLocator, depth = 0): Map<string, TfValue> {
  const attributes = new Map<string, TfValue>();
  for (const [key, value] of Object.entries(body)) {
    if (key === COMMENT_KEY) continue;
    attributes.set(key, readValue(value, [...at, key], locator, depth + 1));
  }
  return attributes;
}

function readValue(value: unknown, at: Path, locator: YamlLocator, depth: number): TfValue {
  const location: SourceLocation = locator.locate(at);
  if (depth > MAX_DEPTH) return { kind: "unresolvable", text: "...", reason: "nested too deeply", location };
  if (typeof value === "string") {
    if (/[$%]\{/.test(value)) {
      return { kind: "unresolvable", text: value.length > 80 ? `${value.slice(0, 77)}...` : value, reason: "a template in Terraform JSON syntax", location };
    }
    return { kind: "string", value, location };
  }
  if (typeof value === "number") return { kind: "number", value, location };
  if (typeof value === "boolean") return { kind: "bool", value, location };
  if (value === null || value === undefined) return { kind: "null", location };
  if (Array.isArray(value)) return { kind: "list", items: value.map((item, i) => readValue(item, [...at, i], locator, depth + 1)), location };
  if (isPlainObject(value)) return { kind: "object", entries: readAttributes(value, at, locator, depth), location };
  return { kind: "unresolvable", text: String(value), reason: "not a JSON value", location };
}

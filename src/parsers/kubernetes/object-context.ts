import type { SourceLocation } from "../../model/types.js";

/** A step into a YAML value: a map key or a list index. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** What the readers of one Kubernetes object need to place what they find. Paths are relative to the object. */
export interface ObjectContext {
  file: string;
  /** The whole object: the document, or the item of a List. */
  location: SourceLocation;
  /** The value at `path` (or, when it does not exist, its nearest existing ancestor). */
  locate(path: Path): SourceLocation;
  /** The key at `path` when there is one (an unknown field is best shown on its key), else `locate(path)`. */
  locateKey(path: Path): SourceLocation;
}

/** Collects a problem about the value (or the key) at `path`. */
export type Report = (path: Path, message: string, on?: "value" | "key") => void;

/** `spec.ingress[0].from[1]` */
export function formatPath(path: Path): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

/** A YAML mapping as `toJS` gives it (never an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An own property only: keys such as `constructor` or `__proto__` must not reach the prototype. */
export function field(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** The name of a JS value's YAML type, for messages. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return typeof value;
}

/** Reports every key of `record` that is not in `allowed`, on the key itself. */
export function reportUnknownFields(record: Record<string, unknown>, path: Path, allowed: readonly string[], report: Report): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      report(
        [...path, key],
        `unknown field "${key}" (allowed: ${allowed.join(", ")}); the API server rejects it under strict field validation, kubectl's default, and silently drops it otherwise`,
        "key",
      );
    }
  }
}

/** `spec.ingress` or `spec.egress` as a list: absent is empty, anything else than a list is reported (and empty). */
export function readRuleList(spec: Record<string, unknown>, direction: "ingress" | "egress", report: Report): unknown[] {
  const raw = field(spec, direction);
  if (raw === null || raw === undefined) return [];
  if (Array.isArray(raw)) return raw;
  report(["spec", direction], `${direction} must be a list of rules, not ${describeType(raw)}`);
  return [];
}

import { isQualifiedName, isLabelValue } from "../../model/kubernetes-names.js";
import { describeType, field, isPlainObject, type Report } from "./object-context.js";

/** The parts of `metadata` that matter here, type-checked as the API server does. */
export interface ObjectMetadata {
  /** `metadata.name` when it is a non-empty string. */
  name: string | null;
  /** `metadata.namespace` as written when it is a non-empty string; null when absent or empty. */
  namespace: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Reads `metadata`; reports wrong types and invalid label or annotation keys and label values. */
export function readObjectMetadata(object: Record<string, unknown>, report: Report): ObjectMetadata {
  const result: ObjectMetadata = { name: null, namespace: null, labels: {}, annotations: {} };
  const metadata = field(object, "metadata");
  if (metadata === null || metadata === undefined) return result;
  if (!isPlainObject(metadata)) {
    report(["metadata"], `metadata must be a mapping, not ${describeType(metadata)}`);
    return result;
  }
  const name = field(metadata, "name");
  if (typeof name === "string" && name !== "") result.name = name;
  else if (name !== null && name !== undefined && typeof name !== "string") {
    report(["metadata", "name"], `metadata.name must be a string, not ${describeType(name)} (quote it)`);
  }
  const namespace = field(metadata, "namespace");
  if (typeof namespace === "string" && namespace !== "") result.namespace = namespace;
  else if (namespace !== null && namespace !== undefined && typeof namespace !== "string") {
    report(["metadata", "namespace"], `metadata.namespace must be a string, not ${describeType(namespace)} (quote it)`);
  }
  result.labels = readStringMap(metadata, "labels", report, true);
  result.annotations = readStringMap(metadata, "annotations", report, false);
  return result;
}

function readStringMap(metadata: Record<string, unknown>, key: "labels" | "annotations", report: Report, labels: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const value = field(metadata, key);
  if (value === null || value === undefined) return out;
  if (!isPlainObject(value)) {
    report(["metadata", key], `metadata.${key} must be a mapping, not ${describeType(value)}`);
    return out;
  }
  for (const [entryKey, entryValue] of Object.entries(value)) {
    const path = ["metadata", key, entryKey];
    if (!isQualifiedName(entryKey)) report(path, `"${entryKey}" is not a valid ${labels ? "label" : "annotation"} key`, "key");
    if (typeof entryValue !== "string") {
      report(path, `${labels ? "label" : "annotation"} values must be strings, not ${describeType(entryValue)} (quote it)`);
      continue;
    }
    if (labels && !isLabelValue(entryValue)) report(path, `"${entryValue}" is not a valid label value`);
    Object.defineProperty(out, entryKey, { value: entryValue, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

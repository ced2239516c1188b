import { createHash } from "node:crypto";
import type { TfValue } from "../../model/types.js";

/**
 * A stable digest of a module block: its name and resolved attribute values, without locations, with
 * object keys sorted. Moving the block (or reordering its attributes) keeps the digest.
 */
export function fingerprintModule(name: string, attributes: Map<string, TfValue>): string {
  const canonical = JSON.stringify(name) + canonicalEntries(attributes);
  return createHash("sha256").update(canonical).digest("hex");
}

function canonicalEntries(entries: Map<string, TfValue>): string {
  const keys = [...entries.keys()].sort();
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0) out += ",";
    out += JSON.stringify(key) + ":" + canonicalValue(entries.get(key)!);
  }
  return out + "}";
}

function canonicalValue(value: TfValue): string {
  switch (value.kind) {
    case "string":
      return "s" + JSON.stringify(value.value);
    case "number":
      return "n" + String(value.value);
    case "bool":
      return value.value ? "T" : "F";
    case "null":
      return "N";
    case "list":
      return "[" + value.items.map(canonicalValue).join(",") + "]";
    case "object":
      return canonicalEntries(value.entries);
    case "unresolvable":
      return "u" + JSON.stringify([value.text, value.reason]);
  }
}

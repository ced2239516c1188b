import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.js";

/** A short, stable digest of a value (a string is hashed as it is, anything else as canonical JSON). */
export function digestOf(value: unknown): string {
  return createHash("sha256").update(typeof value === "string" ? value : canonicalJson(value)).digest("hex").slice(0, 24);
}

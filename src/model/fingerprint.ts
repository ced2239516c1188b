import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.js";

/** sha256 (hex) of the canonical JSON of `value`: independent of key order and of where the value was written. */
export function fingerprint(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

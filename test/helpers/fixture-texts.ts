/**
 * What the differential tests of the parsers' fast paths share: every fixture file of a kind in the
 * repository, and hostile edits of a text.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every file under `dir` whose name `wanted` accepts, outside node_modules and hidden folders. */
export function listFiles(dir: string, wanted: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === "node_modules" || name.startsWith(".") ? [] : listFiles(full, wanted);
    return wanted(name) ? [full] : [];
  });
}

/** One edit at a position (wrapped into the text): insert `what`, delete as many characters as `what` has, or replace one character with it. */
export type TextEdit = ["insert" | "delete" | "replace", number, string];

/** `text` with `edits` applied in order. */
export function editText(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const [kind, at, what] of edits) {
    const i = out.length === 0 ? 0 : at % (out.length + 1);
    if (kind === "insert") out = out.slice(0, i) + what + out.slice(i);
    else if (kind === "delete") out = out.slice(0, i) + out.slice(i + what.length);
    else out = out.slice(0, i) + what + out.slice(i + 1);
  }
  return out;
}

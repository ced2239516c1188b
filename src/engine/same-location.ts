import type { SourceLocation } from "../model/types.js";

/** Whether two places are the same lines of the same file. */
export function sameLocation(a: SourceLocation, b: SourceLocation): boolean {
  return a.file === b.file && a.line === b.line && a.endLine === b.endLine;
}

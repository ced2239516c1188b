import type { SourceLocation } from "../model/types.js";
import { SHAPE_KINDS, type HierarchyShape } from "./hierarchy-shape.js";
import { sameLocation } from "./same-location.js";

/**
 * Whether the head's side of a gap declares the same hierarchy as the base's side: the same declarations in
 * the same order, each of which may have moved to other lines. Records in `moved` each base declaration
 * place whose head place differs; null when they match, else why not.
 */
export function matchShapes(before: HierarchyShape, after: HierarchyShape, moved: Map<SourceLocation, SourceLocation>): string | null {
  for (const kind of SHAPE_KINDS) {
    if (before.declared[kind].join("\n") !== after.declared[kind].join("\n")) return `the changed files declare other ${kind === "parents" ? "HNC parents" : kind}`;
  }
  for (const kind of SHAPE_KINDS) {
    const was = before.places[kind];
    const now = after.places[kind];
    for (let k = 0; k < was.length; k++) {
      const from = was[k]!;
      const to = now[k]!;
      if (from === to) continue;
      const other = moved.get(from);
      if (other !== undefined && !sameLocation(other, to)) return "a declaration moved ambiguously";
      if ((from.line <= 0 || to.line <= 0) && !sameLocation(from, to)) return "a declaration moved ambiguously";
      moved.set(from, to);
    }
  }
  return null;
}

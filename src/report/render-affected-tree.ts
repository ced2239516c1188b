import type { Hierarchy } from "../engine/build-hierarchy.js";
import type { Judgement } from "../engine/judge-change.js";
import { pathsTo, renderTree } from "./render-tree.js";

/**
 * The part of the hierarchy a change affects, marked, as the summary shows it; null when nothing is
 * affected. Drawn where the head's model is (the judge worker), so that only this text travels.
 */
export function renderAffectedTree(hierarchy: Hierarchy, j: Judgement): string | null {
  if (j.affectedNamespaces.length === 0) return null;
  const affected = new Set(j.affectedNamespaces);
  const { roots, only } = pathsTo(hierarchy, j.affectedNamespaces);
  if (roots.length === 0) return null;
  return renderTree(hierarchy, roots, { only, annotate: (n) => (affected.has(n) ? "  <- affected" : "") });
}

import type { JudgedRef } from "../engine/judged-ref.js";
import { generateBoundary, type BoundaryObject } from "../engine/generate-boundary.js";
import type { ObservedFlows } from "../flows/flow-summary.js";
import { renderExplain } from "./render-explain.js";
import { renderExplainFlows } from "./render-explain-flows.js";
import { renderGraphJson } from "./render-json.js";
import { renderTree } from "./render-tree.js";

/** What can be drawn of a judged ref's model (see `drawViews`). */
export interface ViewRequest {
  /** `explain NAMESPACE`. */
  explain?: string;
  /** The hierarchy under these companies (null: under every company). */
  tree?: string[] | null;
  /** Namespaces and namespace-level connectivity, as JSON (`graph`). */
  graph?: boolean;
  /** The runtime company boundary (`boundary`). */
  boundary?: boolean;
}

/** The views drawn: text and plain data only. */
export interface DrawnViews {
  /** Null: no such namespace. */
  explain?: string | null;
  /** `missing`: the roots asked for that are not namespaces of the ref. */
  tree?: { roots: string[]; missing: string[]; text: string };
  graph?: string;
  boundary?: BoundaryObject[];
}

/**
 * Draws the views asked of a judged ref where its model is (the judge worker), so that only text and plain
 * data travel: the commands' `/netpol explain` and `/netpol tree`, the CLI's `explain`, `tree`, `graph` and
 * `boundary`. `observed`: flows that `explain` shows for the namespace too (as `explain --flows`).
 */
export function drawViews(ref: JudgedRef, views: ViewRequest, observed?: ObservedFlows): DrawnViews {
  const drawn: DrawnViews = {};
  if (views.explain !== undefined) {
    const policies = renderExplain(ref, views.explain);
    drawn.explain = policies !== null && observed ? `${policies}\n${renderExplainFlows(ref, views.explain, observed)}` : policies;
  }
  if (views.tree !== undefined) {
    const hierarchy = ref.model.hierarchy;
    const roots = views.tree ?? [...hierarchy.companies];
    drawn.tree = { roots, missing: roots.filter((r) => !hierarchy.has(r)), text: renderTree(hierarchy, roots) };
  }
  if (views.graph) drawn.graph = renderGraphJson(ref.reach);
  if (views.boundary) drawn.boundary = generateBoundary(ref.model);
  return drawn;
}

import type { NetpolGuardConfig } from "../config/parse-config.js";
import type { Judgement } from "../engine/judge-change.js";
import type { JudgedChange } from "../engine/judge-snapshots.js";
import { renderAffectedTree } from "./render-affected-tree.js";

/**
 * What the summary of a change is rendered from: the judgement, the base's config, and the affected part of
 * the hierarchy already drawn. Plain data: it is what a judge worker sends back instead of the models.
 */
export interface ChangeView {
  judgement: Judgement;
  config: NetpolGuardConfig;
  affectedTree: string | null;
}

/** The view of a change judged in this thread. */
export function viewOfChange(change: JudgedChange): ChangeView {
  return { judgement: change.judgement, config: change.config, affectedTree: renderAffectedTree(change.head.model.hierarchy, change.judgement) };
}

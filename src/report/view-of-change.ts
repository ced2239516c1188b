import type { NetpolGuardConfig } from "../config/parse-config.js";
import type { Judgement } from "../engine/judge-change.js";
import type { JudgedChange } from "../engine/judge-snapshots.js";
import { generateBoundary } from "../engine/generate-boundary.js";
import { isGeneratedBoundary } from "../engine/rules/boundary-drift.js";
import { tieredPoliciesOf } from "../engine/tier-evaluator.js";
import { renderAffectedTree } from "./render-affected-tree.js";
import { renderBoundaryYaml } from "./render-boundary.js";

/**
 * What the summary of a change is rendered from: the judgement, the base's config, and what the summary
 * needs of the head's model already drawn. Plain data: it is what a judge worker sends back instead of the
 * models.
 */
export interface ChangeView {
  judgement: Judgement;
  config: NetpolGuardConfig;
  /** The affected part of the hierarchy at the head, drawn as text (null: nothing affected). */
  affectedTree: string | null;
  /**
   * Whether the runtime boundary committed at the head blocks every crossing the change introduces: every
   * crossing names one known peer and no path joins it to the finding's namespace (false: no crossing).
   */
  crossingsBlockedAtRuntime: boolean;
  /** The runtime boundary to commit, as `netpol-guard boundary` prints it, when the change makes it drift (else null). */
  boundaryToCommit: string | null;
  /** Set when the head was behind its base and was judged as merged onto it (judging/compose-onto-base.ts). */
  merged?: MergedOnto;
}

/** A head behind its base, judged as merged onto the base's tip. */
export interface MergedOnto {
  /** The base's tip, as given. */
  base: string;
  /** The commit the head and the base last shared. */
  mergeBase: string;
}

/** The sentence that says a change was judged as merged onto its base. */
export function describeMerge(merged: MergedOnto, code: (text: string) => string): string {
  return `The head is behind its base: it was judged as merged onto the base's tip ${code(shortRef(merged.base))} (its own changes since the branch point ${code(shortRef(merged.mergeBase))}, the base's files everywhere else), which is what merging it gives.`;
}

/** A commit id cut to 7 characters; a ref name (the CLI's `--base main`) as it is. */
export function shortRef(ref: string): string {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(ref) ? ref.slice(0, 7) : ref;
}

/** The view of a change judged in this thread (the judge worker draws it where the models are). */
export function viewOfChange(change: JudgedChange): ChangeView {
  const j = change.judgement;
  const head = change.head;
  const crossings = j.findings.filter((f) => f.rule === "cross-vc-access");
  const blocked = (f: (typeof crossings)[number]): boolean =>
    f.namespace !== null && f.peer !== undefined && head.model.hierarchy.has(f.peer) && !head.reach.hasEdge(f.namespace, f.peer) && !head.reach.hasEdge(f.peer, f.namespace);
  return {
    judgement: j,
    config: change.config,
    affectedTree: renderAffectedTree(head.model.hierarchy, j),
    crossingsBlockedAtRuntime: crossings.length > 0 && tieredPoliciesOf(head.model).some(isGeneratedBoundary) && crossings.every(blocked),
    boundaryToCommit: j.findings.some((f) => f.rule === "boundary-drift") ? renderBoundaryYaml(generateBoundary(head.model)) : null,
  };
}

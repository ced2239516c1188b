import type { ChangeScope } from "../model/change-scope.js";

/** A change as the skip after a push compares it: the paths it changes and where it acts (change-scope.ts). */
export interface ScopedChange {
  paths: readonly string[];
  scope: ChangeScope;
}

/** Whether a pull request keeps its verdict when its base moves, and why (for the log). */
export type LeftAlone = { alone: true; why: string } | { alone: false; why: string };

/**
 * Whether a push to the base of a pull request provably leaves the pull request's judgement as it was: the
 * same conclusion, findings and connectivity diff against the new base as against the old one. `push` is
 * the push as a change from the old base to the new; `pull` the pull request's change as last judged
 * against the old base. The argument (docs/github-app.md, "When the base branch moves"): both heads are
 * derived from the old base, so all four refs share one hierarchy and label index; the push keeps every
 * finding of the base (so none of the pull request's can switch between introduced and pre-existing) and
 * touches nothing the platform owns; no namespace's policies change on both sides, so each namespace's
 * policies at the new head are those of one side; and the pull request changes no edge towards a namespace
 * whose policies the push changes. Every edge the pull request can add or remove has an end it changes and
 * the other in its reach, where the push changes nothing: the diff, and every finding drawn from it, stay.
 */
export function pushLeavesAlone(push: ScopedChange, pull: ScopedChange): LeftAlone {
  if (push.scope.kind === "everywhere") return { alone: false, why: `the push can act anywhere (${push.scope.reason})` };
  if (!push.scope.findingsKept) return { alone: false, why: "the push changes findings of the base or something the platform team owns" };
  if (pull.scope.kind === "everywhere") return { alone: false, why: `the pull request can act anywhere (${pull.scope.reason})` };
  if (pull.scope.reached === null) return { alone: false, why: "the pull request can change edges towards any namespace" };
  const pushed = new Set(push.paths);
  const both = pull.paths.find((p) => pushed.has(p));
  if (both !== undefined) return { alone: false, why: `both change ${both}` };
  const touched = new Set([...pull.scope.changed, ...pull.scope.reached]);
  const met = push.scope.changed.find((n) => touched.has(n));
  if (met !== undefined) return { alone: false, why: `the push changes the policies of ${met}, which the pull request changes or reaches` };
  const where = push.scope.changed.length === 0 ? "no namespace's policies" : `the policies of ${listed(push.scope.changed)} only`;
  return { alone: true, why: `the push changes ${where}, which the pull request neither changes nor reaches` };
}

/** A few names, and how many more. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(", ");
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

/**
 * The failing check of an open pull request that a push to its base branch left unjudged (past the number
 * judged again per push): its last verdict was against a base that has moved, so it no longer holds.
 */
import { inlineCode } from "./escape-markdown.js";
import type { BaseMoved } from "./render-base-moved.js";

export function renderRejudgeNeeded(moved: BaseMoved, judged: number): { title: string; summary: string } {
  const at = moved.sha.slice(0, 7);
  return {
    title: `Base moved (${moved.branch} is now at ${at}): re-run this check`,
    summary: [
      "## netpol-guard: judge this pull request again",
      `${inlineCode(moved.branch)} moved to ${inlineCode(at)} with changes to watched files or the config. The ${judged} newest open pull requests into it were judged again against that commit; this one was not, and its earlier verdict was against a base that has moved.`,
      "Nothing was judged, so this check fails rather than keep a verdict that may no longer hold.",
      "**To judge it**, click **Re-run** on this check, comment `/netpol recheck`, or push a new commit.",
    ].join("\n\n") + "\n",
  };
}

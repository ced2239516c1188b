import type { CrossingReach } from "./crossing-reach.js";
import type { RuleId, Severity, SourceLocation } from "./types.js";

/** A mechanical fix: replace lines `line`..`endLine` of the finding's file with `replacement`. */
export interface Suggestion {
  line: number;
  endLine: number;
  /** The new text of those lines, without a trailing newline; empty deletes them. */
  replacement: string;
}

/** One thing netpol-guard has to say about a ref or a change. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  file: string;
  line: number;
  endLine: number;
  /** The namespace concerned, or null when the finding is about a file (a parse error, the config). */
  namespace: string | null;
  /** The other side of the traffic, when there is one: a namespace, or a description such as `any namespace`. */
  peer?: string;
  message: string;
  platformReview: boolean;
  /**
   * What makes a finding at the base and one at the head the same finding: rule, declaration content and
   * peer, never line numbers. A head finding whose key the base lacks is introduced by the change.
   */
  key: string;
  suggestion?: Suggestion;
  /** A policy crossing's reach (`cross-vc-access`, `vc-to-vc-policy`): what makes a wider reach new. Not rendered. */
  reach?: CrossingReach;
  /**
   * A `platform-owned` finding's scope: the namespace whose subtree its change can open traffic in, `*` for
   * anywhere (the HNC configuration); absent for nowhere (the bot's config). Not rendered.
   */
  scope?: string;
}

export const PLATFORM_REVIEW_RULES: ReadonlySet<RuleId> = new Set(["vc-to-vc-policy", "vc-move", "platform-owned"]);

/**
 * A finding at a place. Whether it needs platform review follows from its rule, unless `platformReview` says
 * so for a rule that is a platform review in some places only (`unmodelled-traffic-filter`).
 */
export function makeFinding(
  fields: Omit<Finding, "file" | "line" | "endLine" | "platformReview"> & { location: SourceLocation; platformReview?: boolean },
): Finding {
  const { location, platformReview, ...rest } = fields;
  return {
    ...rest,
    file: location.file,
    line: location.line,
    endLine: Math.max(location.line, location.endLine),
    platformReview: platformReview ?? PLATFORM_REVIEW_RULES.has(fields.rule),
  };
}

/** Orders findings by file, line, rule and message, so every output is stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

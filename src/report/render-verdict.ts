/**
 * The check run's title and summary once the platform review and a break-glass override are taken into
 * account: the engine's report (renderSummary) with a heading, a title and a section that say who approved
 * what, why an approval no longer holds, or who overrode the verdict, when and why. Pure.
 */
import { crossingEdgeKey } from "../approval/crossing-edge-key.js";
import { digestOf } from "../model/digest.js";
import type { Conclusion, Judgement } from "../engine/judge-change.js";
import type { JudgedChange } from "../engine/judge-snapshots.js";
import type { OverrideRecord } from "../model/check-markers.js";
import { escapeMarkdown, inlineCode } from "./escape-markdown.js";
import { renderSummary } from "./render-summary.js";
import { renderTitle } from "./render-title.js";
import type { PlatformReview } from "../approval/platform-review.js";

/** Items listed per section at most; the rest are counted. */
export const MAX_ITEMS_LISTED = 30;
const REVIEW_SUFFIX = ": platform review requested";

/** One thing a platform approval covers, with a short id recorded in the check run and a label for people. */
export interface ApprovalItem {
  id: string;
  label: string;
}

/**
 * The items `approvalFingerprint` is computed from (the platform-review findings and the cross-company edges
 * the change adds), each with a short id (recorded in the check run) and a label. Empty when nothing needs
 * platform review.
 */
export function approvalItems(j: Judgement): ApprovalItem[] {
  if (!j.platformReviewRequired) return [];
  const company = (n: string): string => (j.companies[n] === null ? "shared" : (j.companies[n] ?? "?"));
  const items = [
    ...j.findings
      .filter((f) => f.platformReview)
      .map((f) => ({ key: `finding:${f.key}`, label: `${f.rule} at ${f.file}:${f.line}${f.namespace ? ` (${f.namespace})` : ""}` })),
    ...j.connectivity.added.filter((e) => e.crossesVC).map((e) => ({ key: crossingEdgeKey(j, e), label: `${e.from} (${company(e.from)}) → ${e.to} (${company(e.to)})` })),
  ];
  return items.map(({ key, label }) => ({ id: digestOf(key).slice(0, 12), label }));
}

export interface VerdictInput {
  change: JudgedChange;
  /** The conclusion published: the engine's, or success after an approval or an override. */
  conclusion: Conclusion;
  /** The platform review, when it was evaluated (the engine said action_required). */
  review: PlatformReview | null;
  /** The override in effect for this head, if any. */
  override: OverrideRecord | null;
  headSha: string;
}

export function renderVerdict(input: VerdictInput): { title: string; summary: string } {
  const { change, conclusion, review, override } = input;
  const j = change.judgement;
  const items = approvalItems(j);
  if (conclusion === j.conclusion) {
    const parts = renderSummary(change).split("\n\n");
    const stale = review !== null && review.result.stale.length > 0;
    if (review !== null) parts.splice(Math.min(3, parts.length), 0, renderPendingReview(review, items));
    const title = renderTitle(j);
    return { title: stale && title.endsWith(REVIEW_SUFFIX) ? `${title.slice(0, -REVIEW_SUFFIX.length)}: platform review needed again` : title, summary: parts.join("\n\n") };
  }
  // Turned green: the report as for a success, under a heading and a title that say how.
  const parts = renderSummary({ ...change, judgement: { ...j, conclusion: "success" } }).split("\n\n");
  const engineTitle = renderTitle(j);
  const approved = conclusion === "success" && j.conclusion === "action_required" && review?.result.approved === true;
  if (approved) {
    const who = listNames(review.result.approvers);
    const title = `${engineTitle.endsWith(REVIEW_SUFFIX) ? engineTitle.slice(0, -REVIEW_SUFFIX.length) : engineTitle}: approved by ${who}`;
    const head = [`## netpol-guard: :white_check_mark: success: approved by the platform team`, `**${escapeMarkdown(title)}**`, renderApproval(review, items, input.headSha)];
    return { title, summary: [...head, ...parts.slice(2)].join("\n\n") };
  }
  const o = override!;
  const title = `Overridden by ${o.by}: ${engineTitle}`;
  const head = [`## netpol-guard: :white_check_mark: success: overridden (break-glass)`, `**${escapeMarkdown(title)}**`, renderOverride(o, j.conclusion)];
  if (review !== null) head.push(renderPendingReview(review, items));
  return { title, summary: [...head, ...parts.slice(2)].join("\n\n") };
}

function short(sha: string): string {
  return inlineCode(sha.slice(0, 7));
}

function listNames(names: string[]): string {
  const shown = names.slice(0, 3);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more`;
  return shown.length <= 1 ? (shown[0] ?? "") : `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}

function bullets(labels: string[], indent = ""): string {
  const shown = labels.slice(0, MAX_ITEMS_LISTED).map((l) => `${indent}- ${escapeMarkdown(l)}`);
  if (labels.length > MAX_ITEMS_LISTED) shown.push(`${indent}- …and ${labels.length - MAX_ITEMS_LISTED} more`);
  return shown.join("\n");
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function renderApproval(review: PlatformReview, items: ApprovalItem[], headSha: string): string {
  const who = review.result.approvers
    .map((login) => {
      const commit = review.commitOf.get(login);
      return commit && commit !== headSha ? `${escapeMarkdown(login)} (on ${short(commit)})` : escapeMarkdown(login);
    })
    .join(", ");
  return [
    `### Platform review: approved`,
    `Approved by ${who}, ${review.result.approvers.length === 1 ? "a member" : "members"} of ${inlineCode(review.team)} (${plural(review.required, "approval")} required). What they approved, unchanged at this commit:`,
    bullets(items.map((i) => i.label)),
    `A push that changes any of these needs a new approval; a push that leaves them alone keeps this one.`,
  ].join("\n\n");
}

function renderPendingReview(review: PlatformReview, items: ApprovalItem[]): string {
  const r = review.result;
  const lines = [`### Platform review`];
  const counted = r.approvers.length === 0 ? "none counts yet" : `${listNames(r.approvers.map(escapeMarkdown))} ${r.approvers.length === 1 ? "counts" : "count"}`;
  lines.push(`${plural(review.required, "approval")} from members of ${inlineCode(review.team)} needed; ${counted}.`);
  if (review.incomplete) lines.push("The pull request has more reviews than netpol-guard reads, so no approval is counted: ask the platform team to approve again, or an administrator to bypass the check.");
  const entries: string[] = [];
  const current = new Set(items.map((i) => i.id));
  for (const login of r.stale) {
    const commit = review.commitOf.get(login);
    const markers = commit ? review.markersAt.get(commit) : undefined;
    const at = commit ? ` ${short(commit)}` : "";
    if (markers?.covers) {
      const approved = new Set(markers.covers);
      const added = items.filter((i) => !approved.has(i.id)).map((i) => i.label);
      const gone = markers.covers.filter((id) => !current.has(id)).length;
      // The sentence first, the list last: text after a nested list would join its last item.
      const why = [gone > 0 ? `${plural(gone, "item")} approved then ${gone === 1 ? "is" : "are"} no longer in the change.` : "", added.length > 0 ? `New or changed since then:\n${bullets(added, "  ")}` : ""].filter(Boolean);
      entries.push(`- ${escapeMarkdown(login)} approved${at}, but the cross-company edges and platform-owned changes are different now; it needs approval again. ${why.join(" ")}`.trimEnd());
    } else {
      entries.push(`- ${escapeMarkdown(login)} approved${at}, but netpol-guard has no record of what needed approval there that matches the head; it needs approval again.`);
    }
  }
  for (const { user, why } of r.ignored) entries.push(`- ${escapeMarkdown(user)}'s approval does not count: ${why}.`);
  if (entries.length > 0) lines.push(entries.join("\n"));
  return lines.join("\n\n");
}

function renderOverride(o: OverrideRecord, verdict: Conclusion): string {
  const link = o.commentUrl && /^https:\/\/[^\s()<>]+$/.test(o.commentUrl) ? ` ([comment](${o.commentUrl}))` : "";
  return [
    `### Override`,
    `**${escapeMarkdown(o.by)}** of the platform team overrode this check at ${escapeMarkdown(o.at)}${link}, for head ${short(o.headSha)} only: the next push voids it. Without the override the conclusion is **${verdict}**.`,
    `Reason: ${escapeMarkdown(o.reason)}`,
  ].join("\n\n");
}

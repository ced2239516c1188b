/**
 * The replies to `/netpol` commands: the hidden marker that ties a reply to its command comment first (so
 * that it survives a cut), then the answer, cut with a note past GitHub's limit. Pure; everything that comes
 * from the pull request or the user is escaped.
 */
import type { Command } from "../model/command.js";
import { usageLine, COMMANDS } from "../model/command-table.js";
import type { Conclusion, Judgement } from "../engine/judge-change.js";
import type { JudgedChange } from "../engine/judge-snapshots.js";
import type { OverrideRecord } from "../model/check-markers.js";
import { replyMarker } from "./reply-marker.js";
import { fitComment } from "./render-check-output.js";
import { codeBlock, escapeMarkdown, inlineCode } from "./escape-markdown.js";
import { renderDiff } from "./render-diff.js";
import { renderExplain } from "./render-explain.js";
import { renderTree } from "./render-tree.js";
import type { JudgeResult } from "./judge-result.js";

const CONCLUSION: Record<Conclusion, string> = {
  success: ":white_check_mark: success",
  failure: ":x: failure",
  action_required: ":hourglass: action required (platform review)",
};

/** The whole reply body: marker, answer, fitted to GitHub's limit. */
export function renderReply(commentId: number, answer: string): string {
  return fitComment(`${replyMarker(commentId)}\n${answer.trimEnd()}\n`);
}

function short(sha: string): string {
  return inlineCode(sha.slice(0, 7));
}

/** `/netpol explain NAMESPACE`: what `netpol-guard explain` prints, in a collapsible block. */
export function renderExplainAnswer(change: JudgedChange, namespace: string, headSha: string): string {
  const text = renderExplain(change.head, namespace);
  if (text === null) return `${inlineCode(namespace)} is not a namespace at the head commit ${short(headSha)}. \`/netpol tree\` lists them.`;
  const first = text.split("\n", 1)[0] ?? namespace;
  return [
    `**${escapeMarkdown(namespace)}** at the head commit ${short(headSha)}: ${escapeMarkdown(first.slice(namespace.length + 2))}`,
    `<details><summary>netpol-guard explain ${escapeMarkdown(namespace)}</summary>`,
    codeBlock(text.trimEnd(), "text"),
    `</details>`,
  ].join("\n\n");
}

/** `/netpol tree [COMPANY]`: the hierarchy at the head commit, drawn like `kubectl hns tree`. */
export function renderTreeAnswer(change: JudgedChange, company: string | null, headSha: string): string {
  const hierarchy = change.head.model.hierarchy;
  const roots = company === null ? [...hierarchy.companies] : [company];
  if (roots.length === 0) return `No company namespace at the head commit ${short(headSha)}.`;
  const what = company === null ? "The namespace hierarchy" : `The hierarchy under ${inlineCode(company)}`;
  return `${what} at the head commit ${short(headSha)}:\n\n${codeBlock(renderTree(hierarchy, roots), "text")}`;
}

/** `/netpol diff`: the connectivity the pull request adds and removes, with company names. */
export function renderDiffAnswer(j: Judgement, baseSha: string, headSha: string): string {
  return `Connectivity from the base ${short(baseSha)} to the head ${short(headSha)}:\n\n${renderDiff(j)}`;
}

export function renderRecheckAnswer(result: JudgeResult): string {
  if (result.conclusion === null) {
    return `netpol-guard could not judge the head commit ${short(result.headSha)}: ${escapeMarkdown(result.title)}. The ${inlineCode(result.checkName)} check says what failed.`;
  }
  return `Judged again at ${short(result.headSha)}: ${CONCLUSION[result.conclusion]}. ${escapeMarkdown(result.title)}. The ${inlineCode(result.checkName)} check has the details.`;
}

export function renderOverrideAnswer(result: JudgeResult, record: OverrideRecord): string {
  if (result.conclusion === null || result.override === null) {
    return `netpol-guard could not judge the head commit ${short(result.headSha)}, so nothing was overridden: ${escapeMarkdown(result.title)}. Try again with the same comment once the ${inlineCode(result.checkName)} check can run.`;
  }
  const verdict = result.verdict === "success" ? "it passes without the override too; the override holds if that changes before the next push" : `without it the conclusion is ${CONCLUSION[result.verdict!]}`;
  return [
    `**Override** (break-glass) by ${escapeMarkdown(record.by)} at ${escapeMarkdown(record.at)}: the ${inlineCode(result.checkName)} check on ${short(result.headSha)} is ${CONCLUSION[result.conclusion]}; ${verdict}.`,
    `Reason: ${escapeMarkdown(record.reason)}`,
    `Recorded in the check's summary. The next push voids it.`,
  ].join("\n\n");
}

/** Who may run a command, in words, for a refusal. */
export function renderRefusal(login: string, command: Command, lacks: { permission: "write"; has: string } | { permission: "platform"; team: string }): string {
  const usage = inlineCode(usageLine(COMMANDS.find((c) => c.name === command.name)!).split(" ").slice(0, 2).join(" "));
  if (lacks.permission === "write") {
    return `Sorry @${escapeMarkdown(login)}, ${usage} needs write access to this repository, and you have ${escapeMarkdown(lacks.has)} access. Someone with write access can run it, or a new push judges the pull request again.`;
  }
  return `Sorry @${escapeMarkdown(login)}, ${usage} is for members of the platform team (${inlineCode(lacks.team)}) only. Ask them to review the change: their approval turns the check green.`;
}

export function renderStaleOverride(createdAt: string, ageMs: number): string {
  const minutes = Number.isFinite(ageMs) ? `${Math.floor(ageMs / 60_000)} minutes old` : "of an unknown time";
  return `Not acted on: this ${inlineCode("/netpol override")} comment (written ${escapeMarkdown(createdAt)}) is ${minutes}, and an override is only applied within 10 minutes of its comment, to the head the pull request had then. Nothing was overridden; comment again to override the current head.`;
}

export function renderUnboundOverride(headSha: string, createdAt: string, evidence: string | null): string {
  const why = evidence === null
    ? `netpol-guard cannot establish that the head ${short(headSha)} was pushed before this comment (written ${escapeMarkdown(createdAt)}): it has no record of that head for this pull request`
    : `the head ${short(headSha)} may have been pushed after this comment (written ${escapeMarkdown(createdAt)}): ${escapeMarkdown(evidence)}`;
  return `Nothing was overridden: ${why}. An override applies only to the head the pull request had when it was written. Look at the current head and comment again.`;
}

export function renderClosedAnswer(command: Command): string {
  return `This pull request is closed: ${inlineCode(`/netpol ${command.name}`)} has nothing to judge.`;
}

export function renderErrorAnswer(what: string, error: string): string {
  return `netpol-guard could not ${what}: ${escapeMarkdown(error)}. Post the command again to retry.`;
}

import type { Conclusion } from "../engine/judge-change.js";
import { escapeMarkdown, inlineCode } from "./escape-markdown.js";

/** One pull request's verdict at a head commit, as the shared-head table lists it. */
export interface HeadVerdictRow {
  pull: number;
  baseRef: string;
  conclusion: Conclusion;
  title: string;
}

/**
 * The section that says which pull requests the required check stands for, when several open pull requests
 * into protected branches share its head commit (empty when only this one).
 */
export function renderSharedHead(own: HeadVerdictRow, others: readonly HeadVerdictRow[], checkName: string): string {
  if (others.length === 0) return "";
  const row = (v: HeadVerdictRow): string => `| #${v.pull} | ${inlineCode(v.baseRef)} | ${v.conclusion} | ${escapeMarkdown(v.title)} |`;
  return [
    `> [!IMPORTANT]`,
    `> This commit is the head of ${others.length + 1} open pull requests into protected branches. ${inlineCode(checkName)} on it holds for all of them: it carries the strictest of their verdicts.`,
    "",
    "| Pull request | Into | Verdict | Title |",
    "| --- | --- | --- | --- |",
    row(own),
    ...others.map(row),
    "",
    "",
  ].join("\n");
}

import type { BudgetStop } from "../model/budget-stop.js";
import { formatBytes } from "./format-bytes.js";
import { formatSeconds } from "./format-seconds.js";
import { escapeMarkdown, inlineCode, tableCode } from "./escape-markdown.js";

/** Files listed by cost at most: the costliest say where the time went. */
const MAX_LISTED = 10;

/** The title and summary of a check stopped by its budget: which file was being parsed, what the others cost. */
export function renderOverBudget(error: BudgetStop, deliveryId: string): { title: string; summary: string } {
  const { reason, current, parsed } = error;
  const title =
    reason === "time" ? "netpol-guard stopped: this change took longer to judge than its budget"
    : reason === "memory" ? "netpol-guard stopped: this change needed more memory to judge than allowed"
    : "netpol-guard stopped: the worker judging this change failed";
  const rows = [
    ...(current ? [`| ${tableCode(current.path)} | ${formatBytes(current.bytes)} | ${formatSeconds(current.ms)} so far (stopped) |`] : []),
    ...parsed.slice(0, MAX_LISTED).map((file) => `| ${tableCode(file.path)} | ${formatBytes(file.bytes)} | ${formatSeconds(file.ms)} |`),
  ];
  const more = parsed.length > MAX_LISTED ? `\n\n_${parsed.length - MAX_LISTED} more files were parsed, each in less time._` : "";
  const delivery = deliveryId ? ` (webhook delivery ${inlineCode(deliveryId)})` : "";
  const advice =
    reason === "crash"
      ? `**To try again**, click **Re-run** on this check. If it fails again, ask the platform team to look at the app's log${delivery}.`
      : "Re-running gives the same result: make the costly files smaller or simpler (split them), or ask the platform team whether the budget (`limits.judgeSeconds` in the base branch's `.github/netpol-guard.yml`) should be larger.";
  return {
    title,
    summary: [
      "## netpol-guard: this change was not judged",
      `${escapeMarkdown(error.message.charAt(0).toUpperCase() + error.message.slice(1))}. Nothing was judged, so this check fails rather than pass unread.`,
      rows.length > 0 ? `| File | Size | Parse time |\n| --- | --- | --- |\n${rows.join("\n")}${more}` : "",
      advice,
    ].filter((part) => part !== "").join("\n\n") + "\n",
  };
}

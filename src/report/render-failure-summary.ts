import { describeError } from "./describe-error.js";
import { escapeMarkdown, inlineCode } from "./escape-markdown.js";

/** The summary of a check that could not judge: which step failed, and how to try again. */
export function renderFailureSummary(step: string, error: unknown, deliveryId: string): string {
  const delivery = deliveryId ? ` (webhook delivery ${inlineCode(deliveryId)})` : "";
  return [
    "## netpol-guard: could not judge this change",
    `netpol-guard failed to ${step}: ${escapeMarkdown(describeError(error))}.`,
    "Nothing was judged, so this check fails rather than pass unread.",
    `**To try again**, click **Re-run** on this check in the Checks tab, or push a new commit. If it fails again, ask the platform team to look at the app's log${delivery}.`,
  ].join("\n\n") + "\n";
}

import { describeError } from "./describe-error.js";
import { escapeMarkdown } from "./escape-markdown.js";

/**
 * The warning at the top of a verdict's summary when a best-effort part (a review, a label, the approvals)
 * failed: the verdict below it stands. `what` is markdown already.
 */
export function renderWarning(what: string, error: unknown): string {
  return `> [!WARNING]\n> netpol-guard could not ${what}: ${escapeMarkdown(describeError(error))}. The verdict below stands; re-run this check to try again.`;
}

import { describeError } from "../report/describe-error.js";
import { renderWarning } from "../report/render-warning.js";
import type { Log } from "./judge-request.js";

/** What a best-effort part of a judgement gave: its value (null when it failed) and the warnings to show. */
export interface Attempted<T> {
  value: T | null;
  warnings: string[];
}

/**
 * The action's value, or null and a warning for the top of the summary when it fails: for the parts of a
 * judgement whose failure leaves the engine's verdict standing (approvals, the review, the label).
 */
export async function attempt<T>(log: Log, what: string, action: () => Promise<T>): Promise<Attempted<T>> {
  try {
    return { value: await action(), warnings: [] };
  } catch (error) {
    return { value: null, warnings: [warning(log, what, error)] };
  }
}

/** Logs a best-effort part's failure and returns its warning (`what` is markdown: its backticks are not logged). */
export function warning(log: Log, what: string, error: unknown): string {
  log.warn(`netpol-guard could not ${what.replace(/`/g, "")}: ${describeError(error)}`);
  return renderWarning(what, error);
}

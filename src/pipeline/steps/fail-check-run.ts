/**
 * What a judgement does when a step fails: the check run completed as a failure that says which step
 * failed and how to re-run (or, stopped by its budget, what the parsing cost), so that a required check is
 * never left in progress.
 */
import type { GitHubPort } from "../../github/github-port.js";
import { OverBudgetError } from "../../parse-pool/parse-within-budget.js";
import { describeError } from "../../report/describe-error.js";
import type { JudgeResult } from "../../report/judge-result.js";
import { renderFailureSummary } from "../../report/render-failure-summary.js";
import { renderOverBudget } from "../../report/render-over-budget.js";
import type { Log } from "../judge-request.js";
import { StepFailed } from "../step-failed.js";
import type { CheckInProgress } from "./start-check-run.js";

/** Never throws: a failure to report the failure is logged. */
export async function failCheckRun(error: unknown, check: CheckInProgress, headSha: string, deliveryId: string, github: GitHubPort, log: Log): Promise<JudgeResult> {
  // Every step of a judgement is named; an error from outside one is a fault of the pipeline itself.
  const step = error instanceof StepFailed ? error.step : "judge this change";
  const cause = error instanceof StepFailed ? error.cause : error;
  log.error({ err: cause, step, headSha }, `netpol-guard could not ${step}`);
  try {
    const stopped = cause instanceof OverBudgetError ? renderOverBudget(cause, deliveryId) : null;
    await github.failCheckRun({
      checkRunId: check.id,
      start: { name: check.name, headSha, externalId: check.externalId },
      title: stopped?.title ?? `netpol-guard could not ${step}`,
      summary: stopped?.summary ?? renderFailureSummary(step, cause, deliveryId),
    });
  } catch (failError) {
    log.error({ err: failError, headSha }, "netpol-guard could not report its failure on the check run either");
  }
  return { headSha, checkName: check.name, conclusion: null, verdict: null, title: `netpol-guard could not ${step}: ${describeError(cause)}`, override: null };
}

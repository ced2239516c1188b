/**
 * The check run: created `in_progress` when work starts, completed with the verdict, its annotations sent
 * 50 per request (all but the last batch while still in progress, so a completed check always carries
 * every annotation), or completed as a failure that says what went wrong.
 *
 * Creating a check run is not idempotent, and Octokit retries a POST that failed with a 5xx: when GitHub
 * had created the run before failing, the retry creates a second one, and the first would stay in progress
 * for good. Each creation carries a marker unique to the judgement (a hidden comment in its text); when the
 * request took more than one attempt, or failed, the runs with that marker other than the one used are
 * completed as `cancelled` (a failing conclusion, in case anything reads them), at the cost of one listing.
 */
import { randomUUID } from "node:crypto";
import { renderDuplicateRun } from "../report/render-duplicate-run.js";
import { renderInProgress } from "../report/render-in-progress.js";
import { fitSummary, fitText, fitTitle, inBatches, type CheckAnnotation, type CheckRunOutcome } from "../report/render-check-output.js";

export type { CheckRunOutcome };
import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { ATTEMPTS } from "./harden-client.js";

export interface CheckRunStart {
  name: string;
  headSha: string;
  /** What a re-run needs to judge the same change again: the pull request number, or the merge group's base. */
  externalId: string;
}


/** A marker for the check runs one judgement creates. */
export function newRunMarker(): string {
  return `<!-- netpol-guard-run ${randomUUID()} -->`;
}

/** A check run created: its id, and its GraphQL node id (to complete it inside another mutation). */
export interface StartedCheckRun {
  id: number;
  nodeId: string;
}

/** Creates the check run `in_progress`, with `marker` in its text; returns its ids. */
export async function startCheckRun(octokit: GitHubClient, repo: RepoCoordinates, start: CheckRunStart, marker = newRunMarker()): Promise<StartedCheckRun> {
  const attempts = { count: 0 };
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: start.name,
    head_sha: start.headSha,
    external_id: start.externalId,
    status: "in_progress",
    output: { ...renderInProgress(), text: marker },
    request: { [ATTEMPTS]: attempts },
  });
  if (attempts.count > 1) await closeDuplicates(octokit, repo, start, marker, data.id);
  return { id: data.id, nodeId: data.node_id };
}

/** Completes as `cancelled` the runs still in progress that carry `marker`, but `keep`. Never throws. */
async function closeDuplicates(octokit: GitHubClient, repo: RepoCoordinates, start: CheckRunStart, marker: string, keep: number): Promise<void> {
  try {
    const runs = await octokit.paginate(octokit.rest.checks.listForRef, { ...repo, ref: start.headSha, check_name: start.name, filter: "all", per_page: 100 });
    for (const run of runs) {
      if (run.id === keep || run.status === "completed" || !run.output.text?.includes(marker)) continue;
      await octokit.rest.checks.update({
        ...repo,
        check_run_id: run.id,
        status: "completed",
        conclusion: "cancelled",
        output: renderDuplicateRun(keep),
      });
    }
  } catch (error) {
    octokit.log.warn(`netpol-guard could not look for check runs a retried request created twice on ${start.headSha}: ${(error as Error).message}`);
  }
}

/**
 * Sends the annotations but the last batch, while the check run is in progress, from the `sent` first
 * (already on the run), adding each batch sent to `sent.count`; returns the last batch (empty: none left).
 */
export async function sendEarlierAnnotations(
  octokit: GitHubClient,
  repo: RepoCoordinates,
  checkRunId: number,
  outcome: CheckRunOutcome,
  sent: { count: number },
): Promise<CheckAnnotation[]> {
  const summary = fitSummary(outcome.summary);
  const batches = inBatches(outcome.annotations.slice(sent.count));
  for (const batch of batches.slice(0, -1)) {
    await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, output: { title: fitTitle(outcome.title), summary, annotations: batch } });
    sent.count += batch.length;
  }
  return batches.at(-1) ?? [];
}

/**
 * Sends the annotations and completes the check run with the verdict. `sent`: how many of the annotations
 * are on the run already (sent before, or by a mutation that completed it with another summary).
 */
export async function completeCheckRun(octokit: GitHubClient, repo: RepoCoordinates, checkRunId: number, outcome: CheckRunOutcome, sent = 0): Promise<void> {
  const last = await sendEarlierAnnotations(octokit, repo, checkRunId, outcome, { count: sent });
  await octokit.rest.checks.update({
    ...repo,
    check_run_id: checkRunId,
    status: "completed",
    conclusion: outcome.conclusion,
    output: { title: fitTitle(outcome.title), summary: fitSummary(outcome.summary), ...(outcome.text ? { text: fitText(outcome.text) } : {}), ...(last.length > 0 ? { annotations: last } : {}) },
  });
}

/**
 * The input of GraphQL's `updateCheckRun` that completes the check run as `completeCheckRun` does, with
 * `last`, the annotations not sent yet (see `sendEarlierAnnotations`).
 */
export function completionInput(run: { nodeId: string; repositoryNodeId: string }, outcome: CheckRunOutcome, last: CheckAnnotation[]): Record<string, unknown> {
  return {
    checkRunId: run.nodeId,
    repositoryId: run.repositoryNodeId,
    status: "COMPLETED",
    conclusion: outcome.conclusion.toUpperCase(),
    output: {
      title: fitTitle(outcome.title),
      summary: fitSummary(outcome.summary),
      ...(outcome.text ? { text: fitText(outcome.text) } : {}),
      ...(last.length > 0 ? { annotations: last.map(annotationData) } : {}),
    },
  };
}

/** A REST annotation as GraphQL's `CheckAnnotationData`. */
function annotationData(a: CheckAnnotation): Record<string, unknown> {
  return {
    path: a.path,
    location: { startLine: a.start_line, endLine: a.end_line },
    annotationLevel: a.annotation_level.toUpperCase(),
    title: a.title,
    message: a.message,
  };
}

export interface CheckRunFailure {
  /** The check run to complete, or null when it could not even be created. */
  checkRunId: number | null;
  start: CheckRunStart;
  title: string;
  summary: string;
}

/**
 * Completes (or creates completed) a check run with conclusion `failure`: the app could not judge. `marker`:
 * the one a creation that failed carried (GitHub may have created that run all the same).
 */
export async function failCheckRun(octokit: GitHubClient, repo: RepoCoordinates, failure: CheckRunFailure, marker: string | null = null): Promise<void> {
  const output = { title: fitTitle(failure.title), summary: fitSummary(failure.summary) };
  if (failure.checkRunId !== null) {
    await octokit.rest.checks.update({ ...repo, check_run_id: failure.checkRunId, status: "completed", conclusion: "failure", output });
    return;
  }
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: failure.start.name,
    head_sha: failure.start.headSha,
    external_id: failure.start.externalId,
    status: "completed",
    conclusion: "failure",
    output,
  });
  if (marker !== null) await closeDuplicates(octokit, repo, failure.start, marker, data.id);
}

/**
 * The check run: created `in_progress` when work starts, completed with the verdict, its annotations sent
 * 50 per request (all but the last batch while still in progress, so a completed check always carries
 * every annotation), or completed as a failure that says what went wrong.
 */
import type { Conclusion } from "../engine/judge-change.js";
import { fitSummary, inBatches, type CheckAnnotation } from "./render-check-output.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";

export interface CheckRunStart {
  name: string;
  headSha: string;
  /** What a re-run needs to judge the same change again: the pull request number, or the merge group's base. */
  externalId: string;
}

export interface CheckRunOutcome {
  conclusion: Conclusion;
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
  /** The output's text, sent with the completing update: hidden markers read back by later judgements. */
  text?: string;
}

/** Creates the check run `in_progress`; returns its id. */
export async function startCheckRun(octokit: GitHubClient, repo: RepoCoordinates, start: CheckRunStart): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: start.name,
    head_sha: start.headSha,
    external_id: start.externalId,
    status: "in_progress",
    output: { title: "Judging the change", summary: "netpol-guard is reading the base and the head of this change." },
  });
  return data.id;
}

/** Sends the annotations and completes the check run with the verdict. */
export async function completeCheckRun(octokit: GitHubClient, repo: RepoCoordinates, checkRunId: number, outcome: CheckRunOutcome): Promise<void> {
  const summary = fitSummary(outcome.summary);
  const batches = inBatches(outcome.annotations);
  for (const batch of batches.slice(0, -1)) {
    await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, output: { title: outcome.title, summary, annotations: batch } });
  }
  const last = batches.at(-1);
  await octokit.rest.checks.update({
    ...repo,
    check_run_id: checkRunId,
    status: "completed",
    conclusion: outcome.conclusion,
    output: { title: outcome.title, summary, ...(outcome.text ? { text: outcome.text } : {}), ...(last ? { annotations: last } : {}) },
  });
}

export interface CheckRunFailure {
  /** The check run to complete, or null when it could not even be created. */
  checkRunId: number | null;
  start: CheckRunStart;
  title: string;
  summary: string;
}

/** Completes (or creates completed) a check run with conclusion `failure`: the app could not judge. */
export async function failCheckRun(octokit: GitHubClient, repo: RepoCoordinates, failure: CheckRunFailure): Promise<void> {
  const output = { title: failure.title, summary: fitSummary(failure.summary) };
  if (failure.checkRunId !== null) {
    await octokit.rest.checks.update({ ...repo, check_run_id: failure.checkRunId, status: "completed", conclusion: "failure", output });
    return;
  }
  await octokit.rest.checks.create({
    ...repo,
    name: failure.start.name,
    head_sha: failure.start.headSha,
    external_id: failure.start.externalId,
    status: "completed",
    conclusion: "failure",
    output,
  });
}

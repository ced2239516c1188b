/**
 * The step that publishes on the pull request: the review, the platform team's request and the label, in
 * one request when GitHub allows (see publish-pull-request.ts). Each part that fails is a warning at the
 * top of the summary; the verdict stands.
 */
import type { JudgedChange } from "../../engine/judge-snapshots.js";
import type { CheckRunOutcome } from "../../github/check-runs.js";
import type { GitHubPort, PullRequestWritesRequest } from "../../github/github-port.js";
import { CROSS_VC_LABEL } from "../../github/labels.js";
import type { Published, WritePart } from "../../github/publish-pull-request.js";
import { commentableLines, type PullRequestDiff } from "../../report/diff-lines.js";
import { inlineCode } from "../../report/escape-markdown.js";
import { renderReviewBody, renderReviewComments, type ReviewComment } from "../../report/render-review.js";
import { renderTitle } from "../../report/render-title.js";
import type { PullRequestMemory } from "../app-memory.js";
import { attempt, warning } from "../attempt.js";
import type { Log } from "../judge-request.js";
import type { ReadChange } from "./read-and-judge.js";

/** What was published: whether the check run was completed with it, its annotations, the warnings to add. */
export interface PublishedOnPullRequest extends Omit<Published, "failures"> {
  warnings: string[];
}

/**
 * `check`: the check run, and its completion with the summary as it stands plus the given warnings (the
 * request may complete it). Returns whether it did, with no warning added since, and how many annotations
 * the check run has.
 */
export async function publishOnPullRequest(
  input: { change: JudgedChange; changed: Set<string>; texts: ReadChange["texts"]; checkName: string; team: string; askTeam: boolean; latest: boolean; reviewed: boolean | null },
  pull: PullRequestMemory,
  headSha: string,
  check: { checkRunId: number; outcome: (warnings: string[]) => CheckRunOutcome },
  github: GitHubPort,
  log: Log,
): Promise<PublishedOnPullRequest> {
  const { change, team, latest } = input;
  const planned = await attempt(log, "post the inline review", () =>
    planReview(change, input.changed, input.texts, input.checkName, pull, headSha, input.reviewed, github),
  );
  const review = planned.value;
  const askTeam = input.askTeam && latest && wantsPlatformReview(change, team, pull);
  const label = latest ? labelChange(change, pull, headSha) : null;
  let published: Published = { failures: new Map(), checkCompleted: false, annotationsSent: 0 };
  if (review !== null || askTeam || label !== null) {
    const writes: PullRequestWritesRequest = {
      pullNumber: pull.info.number,
      pullNodeId: pull.info.nodeId ?? null,
      headSha,
      review,
      team: askTeam ? team : null,
      label: label ? { name: CROSS_VC_LABEL, add: label.add } : null,
      check: { checkRunId: check.checkRunId, repositoryNodeId: pull.info.repositoryNodeId ?? null, outcome: () => check.outcome(planned.warnings) },
    };
    try {
      published = await github.publishPullRequest(writes);
    } catch (error) {
      const failures = new Map<WritePart, unknown>([
        ["review", error],
        ["team", error],
        ["label", error],
      ]);
      published = { failures, checkCompleted: false, annotationsSent: 0 };
    }
  }
  const { failures } = published;
  const after: string[] = [];
  if (review !== null) {
    const error = failures.get("review");
    if (error === undefined) pull.reviewSettled.add(headSha);
    else after.push(warning(log, "post the inline review", error));
  }
  if (askTeam) {
    const error = failures.get("team");
    if (error === undefined) pull.teamRequested = true;
    else after.push(warning(log, `request a review from ${inlineCode(team)}`, error));
  }
  if (latest) {
    const error = label === null ? undefined : failures.get("label");
    if (error === undefined) pull.label = { headSha, on: change.judgement.platformReviewRequired };
    else after.push(warning(log, `update the ${inlineCode(CROSS_VC_LABEL)} label`, error));
  }
  // A warning the completion in the mutation did not have: the check run is completed again, with it.
  return { checkCompleted: published.checkCompleted && after.length === 0, annotationsSent: published.annotationsSent, warnings: [...planned.warnings, ...after] };
}

/**
 * The review of this head, or null when there is none to post: one per head commit, with a
 * comment on each finding on a line of the diff. Marks the head settled when nothing is to be posted.
 */
async function planReview(
  change: JudgedChange,
  changed: Set<string>,
  texts: ReadChange["texts"],
  checkName: string,
  pull: PullRequestMemory,
  headSha: string,
  reviewed: boolean | null,
  github: GitHubPort,
): Promise<{ body: string; comments: ReviewComment[] } | null> {
  const findings = change.judgement.findings;
  // Only a file that differs between the base and the head can have lines in the diff: without a finding
  // on one, there is nothing to comment.
  const commentable = findings.filter((f) => changed.has(f.file));
  if (pull.reviewSettled.has(headSha) || commentable.length === 0) return null;
  let already = reviewed;
  if (already === null) {
    already = (await github.readContext({ baseSha: pull.info.baseSha, headSha, reviewsOf: { number: pull.info.number, onlyIfSent: false } })).reviewed;
  }
  const comments = already ? [] : renderReviewComments(commentable, reviewDiff(commentable, texts));
  if (comments.length === 0) {
    pull.reviewSettled.add(headSha);
    return null;
  }
  const body = renderReviewBody({ title: renderTitle(change.judgement), checkName, commented: comments.length, total: findings.length, headSha });
  return { body, comments };
}

/**
 * The commentable lines of the files that carry a finding, from the texts already read (no request); see
 * diff-lines.ts for how this can differ from GitHub's diff, and what happens then.
 */
function reviewDiff(findings: { file: string }[], texts: ReadChange["texts"]): PullRequestDiff {
  const diff: PullRequestDiff = new Map();
  for (const { file } of findings) {
    const after = texts.head.get(file);
    if (diff.has(file) || after === undefined || after === null) continue;
    diff.set(file, commentableLines(texts.base.get(file) ?? null, after));
  }
  return diff;
}

/** Whether to ask the platform team: once per pull request, and not while it is a draft. */
function wantsPlatformReview(change: JudgedChange, team: string, pull: PullRequestMemory): boolean {
  if (!change.judgement.platformReviewRequired || pull.info.draft || pull.teamRequested) return false;
  if (pull.info.requestedTeams.some((slug) => slug.toLowerCase() === team.toLowerCase())) {
    pull.teamRequested = true;
    return false;
  }
  return true;
}

/**
 * The label while platform review is required, and only then: `add` to add it, `!add` to remove
 * it, null when it is as it should be.
 */
function labelChange(change: JudgedChange, pull: PullRequestMemory, headSha: string): { add: boolean } | null {
  const wanted = change.judgement.platformReviewRequired;
  // A duplicate delivery carries the labels of before this app's own change: trust what the app did last.
  // So may an event for a new head, sent before the app labelled the previous one: a label the app put on
  // counts as present (removing one that is gone is taken as done).
  const present = pull.label?.headSha === headSha ? pull.label.on : pull.info.labels.includes(CROSS_VC_LABEL) || pull.label?.on === true;
  return wanted === present ? null : { add: wanted };
}

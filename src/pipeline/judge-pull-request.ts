/**
 * The one place where GitHub meets the engine: a judgement as a short list of named steps (resolve the
 * target, read and judge, settle approvals and override, render, publish), each in steps/. Never throws:
 * a step that fails completes the check run as a failure that names the step and says how to re-run, so a
 * required check is never left in progress.
 *
 * Requests on a first judgement of a pull request (see docs/github-app.md): both trees, the context query
 * (configs, review marker, the blobs the change touches, the label's node id), the check run created, one
 * query for the other watched blobs (and the team's node id) or the head's tarball, the check run
 * completed; with anything to publish on the pull request (the review, its diff computed from the texts
 * read; the team request; the label), one mutation (which completes the check run when the team request
 * has to go over REST, so that it costs no more).
 * A re-run of the same head reads nothing.
 *
 * On a pull request that needs platform review (and has no error), the platform team's approvals are
 * counted (see evaluate-platform-review.ts), and a break-glass override of the head is applied: either turns
 * the check green. Every completed check run records, hidden in its output text, the approval fingerprint of
 * the change and the override of its head, so that a later judgement (after a restart too) can read them back.
 */
import { defaultConfig } from "../config/parse-config.js";
import type { GitHubPort } from "../github/github-port.js";
import type { JudgeResult } from "../report/judge-result.js";
import { renderVerdict } from "../report/render-verdict.js";
import { renderBaseMoved } from "../report/render-base-moved.js";
import type { ChangeScope } from "../model/change-scope.js";
import type { AppMemory, ScopeRecord } from "./app-memory.js";
import type { JudgeRequest, Log } from "./judge-request.js";
import { step } from "./step.js";
import type { VerdictAtHead } from "./strictest-at-head.js";
import { failCheckRun } from "./steps/fail-check-run.js";
import { judgeStrictestAtHead, type AtHead } from "./steps/judge-strictest-at-head.js";
import { publishVerdict } from "./steps/publish-verdict.js";
import { readChange } from "./steps/read-and-judge.js";
import { renderOutcome } from "./steps/render-outcome.js";
import { externalIdOf, resolveTarget } from "./steps/resolve-target.js";
import { settleApprovalsAndOverride } from "./steps/settle-approvals-and-override.js";
import { startCheckRun, type CheckInProgress, type Protection } from "./steps/start-check-run.js";

export type { JudgeRequest, JudgeResult, Log };
export { pullExternalId } from "./steps/resolve-target.js";
export { judgeChangeOnly, readBaseConfig } from "./steps/read-and-judge.js";

const DEFAULT_CHECK_NAME = defaultConfig().checkName;

/**
 * Judges a change and publishes the verdict; one change at a time per head commit. Returns what was
 * published, or null when there was nothing to judge.
 */
export async function judgePullRequest(request: JudgeRequest, github: GitHubPort, memory: AppMemory, log: Log, deliveryId = ""): Promise<JudgeResult | null> {
  const headSha = request.kind === "pull_request" ? request.pullRequest.headSha : request.headSha;
  const { owner, repo } = github.repository;
  const judge = async (): Promise<JudgeResult | null> => {
    let result: JudgeResult | null = null;
    await memory.serialize(`${owner}/${repo}@${headSha}`.toLowerCase(), async () => {
      result = await run(request, headSha, github, memory, log, deliveryId);
    });
    return result;
  };
  // A redelivered webhook (same delivery id) publishes nothing twice: not even a second check run.
  if (deliveryId === "") return judge();
  return memory.oncePerDelivery(`${owner}/${repo}:${deliveryId}`.toLowerCase(), judge, (result) => result !== null && result.conclusion === null, () => null);
}

async function run(request: JudgeRequest, headSha: string, github: GitHubPort, memory: AppMemory, log: Log, deliveryId: string): Promise<JudgeResult | null> {
  // What the failure is reported on: the request's name and id until the steps know better.
  const check: CheckInProgress = { name: ("checkName" in request && request.checkName) || DEFAULT_CHECK_NAME, externalId: externalIdOf(request), id: null };
  try {
    const target = await step("find the pull request", () => resolveTarget(request, github, memory));
    if (target === null) {
      log.debug(`No pull request found for check suite at ${headSha}; nothing to judge`);
      return null;
    }
    check.externalId = target.externalId;

    // Read and judge; the check run is named and created (in progress) once the config is known.
    const settledReview = target.pull?.reviewSettled.has(target.headSha) ?? true;
    let protection: Protection = { protected: true, patterns: [] };
    const read = await step("read the configuration", (progress) =>
      readChange(target, github, memory, progress, {
        reviewsOf: target.pull && !settledReview ? { number: target.pull.info.number, onlyIfSent: true } : null,
        beforeFiles: async (config) => {
          protection = await startCheckRun(target, config, check, github);
        },
      }),
    );
    const judgement = read.change.judgement;
    log.info(`${repositoryName(github)}@${target.headSha}: ${judgement.conclusion}, ${judgement.findings.length} findings`);

    const settled = await step("count the platform team's approvals and the override", () =>
      settleApprovalsAndOverride(request, target, read, check.name, github, memory, log),
    );

    const rendered = renderVerdict({ change: read.change, conclusion: settled.own, review: settled.review, override: settled.override.record, headSha: target.headSha });
    const verdict = request.kind === "pull_request" && request.baseMoved ? renderBaseMoved(request.baseMoved, rendered.title, rendered.summary) : rendered;
    const ownVerdict: VerdictAtHead | null = target.binding && { ...target.binding, conclusion: settled.own, title: verdict.title };
    const atHead: AtHead =
      ownVerdict !== null && protection.protected
        ? await judgeStrictestAtHead(ownVerdict, target, protection, check.name, github, memory)
        : { conclusion: settled.own, title: verdict.title, sharedHead: "" };
    const { markers, outcome } = renderOutcome(target, read.change, settled, verdict.summary, atHead);

    await publishVerdict({ target, read, checkName: check.name, checkRunId: check.id!, settled, outcome, markers, ownVerdict }, github, memory, log);
    if (target.pull) memory.rememberScope(github.repository, target.pull.info.number, scopeRecord(target, read, settled.override.record !== null));
    return { headSha: target.headSha, checkName: check.name, conclusion: atHead.conclusion, verdict: judgement.conclusion, title: atHead.title, override: settled.override.record };
  } catch (error) {
    return failCheckRun(error, check, headSha, deliveryId, github, log);
  }
}

/** Paths recorded at most: a pull request touching more is judged again on every push to its base. */
const MAX_RECORDED_PATHS = 1_000;

/**
 * What a push to the base compares with (rejudge-after-push.ts). An override binds to the base commit it
 * was given on, so an overridden verdict is never carried to another base.
 */
function scopeRecord(target: { headSha: string; baseSha: string }, read: { change: { scope?: ChangeScope }; touched: Set<string> }, overridden: boolean): ScopeRecord {
  const scope: ChangeScope | undefined = overridden
    ? { kind: "everywhere", reason: "an override holds for its base commit only" }
    : read.touched.size > MAX_RECORDED_PATHS
      ? { kind: "everywhere", reason: `${read.touched.size} paths change` }
      : read.change.scope;
  const paths = scope?.kind === "local" ? [...read.touched].sort() : [];
  return { headSha: target.headSha, baseSha: target.baseSha, paths, scope: scope ?? { kind: "everywhere", reason: "not judged as a change" } };
}

function repositoryName(github: GitHubPort): string {
  return `${github.repository.owner}/${github.repository.repo}`;
}

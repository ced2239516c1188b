/**
 * The one place where GitHub meets the engine: resolve the change, read it, judge it, publish the verdict.
 * Never throws: any error completes the check run as a failure that says what failed and how to re-run,
 * so a required check is never left in progress.
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
import { approvalFingerprint } from "../approval/approval-fingerprint.js";
import { CONFIG_PATH, createPathFilter, defaultConfig, parseConfig, type NetpolGuardConfig } from "../config/parse-config.js";
import type { SnapshotFile } from "../model/snapshot-file.js";
import type { Conclusion } from "../engine/judge-change.js";
import { jobsToParse, judgeSnapshots, type JudgedChange } from "../engine/judge-snapshots.js";
import { NO_FINGERPRINT, renderCheckMarkers, type Binding, type CheckMarkers, type OverrideRecord } from "../github/check-markers.js";
import { commentableLines, type PullRequestDiff } from "../github/diff-lines.js";
import type { CheckRunOutcome } from "../github/check-runs.js";
import type { Published, WritePart } from "../github/publish-pull-request.js";
import { CROSS_VC_LABEL } from "../github/labels.js";
import type { PullRequestInfo } from "../github/pull-requests.js";
import type { PullRequestContext, PullRequestContextRequest } from "../github/read-pull-request-context.js";
import { MAX_ANNOTATIONS, renderAnnotations } from "../github/render-check-output.js";
import { renderReviewBody, renderReviewComments, type ReviewComment } from "../github/render-review.js";
import { OverBudgetError, parseWithinBudget } from "../parse-pool/parse-within-budget.js";
import { initTerraformParser } from "../parsers/terraform/parse-terraform.js";
import { escapeMarkdown, inlineCode } from "../report/escape-markdown.js";
import { renderTitle } from "../report/render-title.js";
import type { ConfigContent } from "../github/github-snapshot-cache.js";
import { addReadFindings } from "./add-read-findings.js";
import type { AppMemory, PullRequestMemory } from "./app-memory.js";
import { evaluatePlatformReview, type PlatformReview } from "./evaluate-platform-review.js";
import type { GitHubPort, PullRequestWritesRequest } from "../github/github-port.js";
import { renderOverBudget } from "./render-over-budget.js";
import { renderBaseMoved, type BaseMoved } from "./render-base-moved.js";
import { approvalItems, renderVerdict } from "./render-verdict.js";
import { isProtectedBranch } from "./is-protected-branch.js";
import { strictestAtHead, type VerdictAtHead } from "./strictest-at-head.js";

/** What asks for a judgement. */
export type JudgeRequest =
  /**
   * An event that carries the pull request (pull_request, pull_request_review), or a command that read it.
   * `pushed`: the event says the head just moved (opened, synchronize), so no override of it can hold;
   * `opened`: the pull request was just opened, so it has no review yet. `override`: record this
   * break-glass override of the head (from `/netpol override`). `baseMoved`: judged again because a push
   * moved the base branch (see rejudge-after-push.ts), which the title and summary say.
   */
  | { kind: "pull_request"; pullRequest: PullRequestInfo; pushed?: boolean; opened?: boolean; override?: OverrideRecord; baseMoved?: BaseMoved }
  /**
   * A re-run of a check run whose `external_id` holds the pull request number (and, since check runs are
   * bound to a base, the base it judged: see `pullExternalId`).
   */
  | { kind: "rerun"; pullNumber: number; headSha: string; checkName: string }
  /** A re-run of a check suite: the pull request comes from the payload, memory, or the suite's check runs. */
  | { kind: "check_suite"; checkSuiteId: number; headSha: string; pullNumbers: number[] }
  /** A merge group (or a re-run of its check): the queue's commit against the branch it merges into. */
  | { kind: "merge_group"; baseSha: string; headSha: string; checkName?: string; headRef?: string };

/** The minimal logger the pipeline writes to (Probot's pino logger is one). */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(details: object, message: string): void;
}

interface Target {
  baseSha: string;
  headSha: string;
  externalId: string;
  /** Null for a merge group. */
  pull: PullRequestMemory | null;
  /** The pull request and base branch the verdict is for; null for a merge group. */
  binding: Binding | null;
}

const DEFAULT_CHECK_NAME = defaultConfig().checkName;

/** What a judgement published, for a command to answer with. */
export interface JudgeResult {
  headSha: string;
  checkName: string;
  /** The conclusion published; null when the app could not judge (the check says why, as a failure). */
  conclusion: Conclusion | null;
  /** The engine's conclusion, before approvals and override. */
  verdict: Conclusion | null;
  title: string;
  /** The override in effect for the head. */
  override: OverrideRecord | null;
}

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

/** The step in progress, named for the failure summary ("netpol-guard could not <step>"). */
interface Progress {
  step: string;
}

async function run(request: JudgeRequest, headSha: string, github: GitHubPort, memory: AppMemory, log: Log, deliveryId: string): Promise<JudgeResult | null> {
  const progress: Progress = { step: "find the pull request" };
  let checkName = ("checkName" in request && request.checkName) || DEFAULT_CHECK_NAME;
  let externalId = externalIdOf(request);
  let checkRunId: number | null = null;
  try {
    // 1. Which commits, and which pull request.
    const target = await resolveTarget(request, github, memory);
    if (target === null) {
      log.debug(`No pull request found for check suite at ${headSha}; nothing to judge`);
      return null;
    }
    externalId = target.externalId;

    // 2-5. The configs, the check run (in progress from when the config names it), the files, the verdict.
    // The check's name: the required one only for a base the default branch's config protects.
    const settled = target.pull?.reviewSettled.has(target.headSha) ?? true;
    let protection: Protection = { protected: true, patterns: [] };
    const { change, config, context, changed, texts } = await readChange(target, github, memory, progress, {
      reviewsOf: target.pull && !settled ? { number: target.pull.info.number, onlyIfSent: true } : null,
      beforeFiles: async (config) => {
        const named = await nameCheck(target, config, github, progress);
        checkName = named.checkName;
        protection = named.protection;
        progress.step = "create the check run";
        checkRunId = await github.startCheckRun({ name: checkName, headSha: target.headSha, externalId });
      },
    });
    const judgement = change.judgement;
    log.info(`${github.repository.owner}/${github.repository.repo}@${target.headSha}: ${judgement.conclusion}, ${judgement.findings.length} findings`);

    // 6. On a pull request: the platform team's approvals, and an override of the head. Best effort: what
    // fails is said at the top of the summary, and the engine's verdict stands.
    const notes: string[] = [];
    let review: PlatformReview | null = null;
    let override: { record: OverrideRecord | null; known: boolean } = { record: null, known: true };
    let approved = false;
    const reviewOf = (pullNumber: number, author: string, binding: Binding): Promise<PlatformReview> =>
      evaluatePlatformReview(
        {
          pullNumber,
          author,
          headSha: target.headSha,
          team: config.platform.team,
          required: config.platform.approvals,
          checkName,
          fingerprint: approvalFingerprint(judgement) ?? NO_FINGERPRINT,
          binding,
        },
        github,
        memory,
      );
    if (target.pull) {
      const pull = target.pull;
      const opened = request.kind === "pull_request" && request.opened === true;
      if (judgement.conclusion === "action_required" && !opened) {
        review = await attemptValue(notes, log, "read the platform team's reviews", () => reviewOf(pull.info.number, pull.info.author, target.binding!));
      }
      approved = judgement.conclusion === "action_required" && review?.result.approved === true;
      override = await findOverride(request, pull, target.binding!, target.headSha, checkName, judgement.conclusion !== "success" && !approved, github, notes, log);
    }
    // A merge group carries one queued pull request's change: the platform team's approval of that pull
    // request counts here too, when what it approved is what the group needs approved (same fingerprint).
    // Otherwise an approved VC-to-VC change would be stopped by the queue it was approved for.
    const queued = request.kind === "merge_group" ? queuedPullNumber(request.headRef) : null;
    if (queued !== null && judgement.conclusion === "action_required") {
      // Its approvals are bound to it and its base, as on its own judgement.
      review = await attemptValue(notes, log, "read the platform team's reviews of the queued pull request", async () => {
        const info = await github.getPullRequest(queued);
        return reviewOf(queued, info.author, { pull: queued, baseRef: info.baseRef, baseSha: info.baseSha });
      });
      approved = review?.result.approved === true;
    }
    const own: Conclusion = approved || (judgement.conclusion !== "success" && override.record !== null) ? "success" : judgement.conclusion;
    const rendered = renderVerdict({ change, conclusion: own, review, override: override.record, headSha: target.headSha });
    const ownVerdict: VerdictAtHead | null = target.binding && { ...target.binding, conclusion: own, title: rendered.title };

    // 6b. Under the required name, the strictest verdict over every open pull request of this head into a
    // protected branch: the check run belongs to the commit, whichever pull request published it last.
    let conclusion = own;
    let { title, summary } = request.kind === "pull_request" && request.baseMoved ? renderBaseMoved(request.baseMoved, rendered.title, rendered.summary) : rendered;
    if (ownVerdict !== null && protection.protected) {
      const others = await verdictsOfOthers(target, protection, github, memory, progress);
      const strictest = strictestAtHead(ownVerdict, others);
      conclusion = strictest.conclusion;
      if (strictest !== ownVerdict) title = `#${strictest.pull} into ${strictest.baseRef}: ${strictest.title}`;
      summary = renderOthers(ownVerdict, others, checkName) + summary;
    }

    // 7-8. The verdict, rendered before publishing (the publishing mutation may complete the check run with it).
    const markers: CheckMarkers = {
      binding: target.binding,
      fingerprint: approvalFingerprint(judgement) ?? NO_FINGERPRINT,
      covers: judgement.platformReviewRequired ? approvalItems(judgement).map((i) => i.id) : null,
      override: override.record,
    };
    const outcome = (): CheckRunOutcome => ({
      conclusion,
      title,
      summary: notes.join("\n\n") + (notes.length > 0 ? "\n\n" : "") + summary + annotationNote(change),
      annotations: renderAnnotations(judgement.findings),
      text: renderCheckMarkers(markers),
    });

    // 7. On a pull request: the review, the platform team (unless the check is green), the label. The last
    // two are about the pull request as it is now: not done for a head it has moved on from (an event
    // delivered late).
    let published: Omit<Published, "failures"> = { checkCompleted: false, annotationsSent: 0 };
    if (target.pull) {
      const pull = target.pull;
      const latest = pull.info.headSha === target.headSha;
      published = await publishOnPullRequest(
        { change, changed, texts, checkName, team: config.platform.team, askTeam: own !== "success", latest, reviewed: context.reviewed },
        pull,
        target.headSha,
        { checkRunId: checkRunId!, outcome },
        github,
        notes,
        log,
      );
    }

    // 8. The verdict on the check run, with what later judgements read back: over REST, unless the
    // publishing mutation completed it and nothing failed since (a warning to add to its summary).
    progress.step = "complete the check run";
    if (!published.checkCompleted) await github.completeCheckRun(checkRunId!, outcome(), published.annotationsSent);
    memory.rememberCheckMarkers(github.repository, target.headSha, markers);
    if (ownVerdict !== null) memory.rememberVerdict(github.repository, target.headSha, ownVerdict);
    if (target.pull && override.known) memory.rememberOverride(github.repository, target.pull, { headSha: target.headSha, baseSha: target.baseSha, record: override.record });
    return { headSha: target.headSha, checkName, conclusion, verdict: judgement.conclusion, title, override: override.record };
  } catch (error) {
    const step = progress.step;
    log.error({ err: error, step, headSha }, `netpol-guard could not ${step}`);
    try {
      // A judgement stopped by its budget says what it cost; any other failure, which step failed.
      const stopped = error instanceof OverBudgetError ? renderOverBudget(error, deliveryId) : null;
      await github.failCheckRun({
        checkRunId,
        start: { name: checkName, headSha, externalId },
        title: stopped?.title ?? `netpol-guard could not ${step}`,
        summary: stopped?.summary ?? failureSummary(step, error, deliveryId),
      });
    } catch (failError) {
      log.error({ err: failError, headSha }, "netpol-guard could not report its failure on the check run either");
    }
    return { headSha, checkName, conclusion: null, verdict: null, title: `netpol-guard could not ${step}: ${describeError(error)}`, override: null };
  }
}

interface ReadChange {
  change: JudgedChange;
  config: NetpolGuardConfig;
  context: PullRequestContext;
  /** The paths whose content differs between the base and the head. */
  changed: Set<string>;
  /** The text of each path at the base and at the head (null: absent or unreadable), for the review's diff. */
  texts: { base: Map<string, string | null>; head: Map<string, string | null> };
}

interface ReadOptions {
  reviewsOf: PullRequestContextRequest["reviewsOf"];
  /** Called once the config is known, before the files are read (to create the check run). */
  beforeFiles?: (config: NetpolGuardConfig) => Promise<void>;
}

/** Steps 2-5: the configs (and the review state) while both trees are listed, the watched files, the verdict. */
async function readChange(target: { baseSha: string; headSha: string }, github: GitHubPort, memory: AppMemory, progress: Progress, options: ReadOptions): Promise<ReadChange> {
  // 2. The configs (and whether this head was already reviewed), while both trees are listed.
  // The trees first: the blobs the change touches, and the label's node id, ride on the context query, so
  // that a base already read, or a head read from its tarball, needs no file query.
  progress.step = "read the configuration";
  const trees = Promise.all([github.readTree(target.baseSha), github.readTree(target.headSha)]);
  trees.catch(() => undefined); // Awaited below; a failure before then must not go unhandled.
  const [baseListing, headListing] = await trees.catch((error: unknown) => {
    progress.step = "read the watched files";
    throw error;
  });
  const context = await github.readContext({
    baseSha: target.baseSha,
    headSha: target.headSha,
    reviewsOf: options.reviewsOf,
    along: { blobs: github.changedBlobs(baseListing, headListing), label: CROSS_VC_LABEL },
  });
  const baseText = configText(context.baseConfig);
  const config = parseConfig(baseText).config;

  // 3. The caller's step before the files (the check run, in progress from here on).
  await options.beforeFiles?.(config);

  // 4. The watched files of both commits, by the base's globs.
  progress.step = "read the watched files";
  const [baseFiles, headFiles] = await github.readWatchedFiles(
    [
      { sha: target.baseSha, tree: baseListing },
      { sha: target.headSha, tree: headListing },
    ],
    createPathFilter(config),
    { team: config.platform.team, label: CROSS_VC_LABEL },
  );

  // 5. The verdict.
  progress.step = "judge the change";
  await initTerraformParser();
  const headText = "unreadable" in context.headConfig ? baseText : context.headConfig.text;
  const problems = [
    ...configProblems("base", target.baseSha, context.baseConfig),
    ...configProblems("head", target.headSha, context.headConfig),
    ...baseFiles!.problems,
    ...headFiles!.problems,
  ];
  const base = { files: baseFiles!.files, configText: baseText };
  const head = { files: headFiles!.files, configText: headText };
  // The parsing, whose cost the pull request's text decides, in a worker thread under the base's budget.
  await parseWithinBudget(jobsToParse(base, head, memory.parses), memory.parses, config.limits.judgeSeconds, memory.budget);
  const change = addReadFindings(judgeSnapshots(base, head, memory.parses), problems);
  const texts = { base: textsOf(baseFiles!.files, baseText), head: textsOf(headFiles!.files, "unreadable" in context.headConfig ? null : context.headConfig.text) };
  return { change, config, context, changed: changedPaths(baseFiles!.files, headFiles!.files, baseText, headText), texts };
}

/**
 * The judged change of a pull request, published nowhere (for `/netpol explain`, `tree`, `diff`): the same
 * reads as a judgement, served from the caches when the head was judged before. Throws what it cannot read.
 */
export async function judgeChangeOnly(pull: PullRequestInfo, github: GitHubPort, memory: AppMemory): Promise<JudgedChange> {
  return (await readChange(pull, github, memory, { step: "" }, { reviewsOf: null })).change;
}

/** The base branch's config of a pull request (from the cache when its head was judged before). */
export async function readBaseConfig(pull: PullRequestInfo, github: GitHubPort): Promise<NetpolGuardConfig> {
  const context = await github.readContext({ baseSha: pull.baseSha, headSha: pull.headSha, reviewsOf: null });
  return parseConfig(configText(context.baseConfig)).config;
}

/**
 * The override in effect for the head: the one being recorded, else the one remembered for this head, else
 * none after a push, else, when the verdict needs one, the one this app's latest check run on the head
 * recorded (one request, only when the process does not know). `known`: whether the answer may be
 * remembered. Not reading when the check is green anyway may drop an override from the next check run's
 * record: that fails closed (the check can only turn stricter), and only after a restart.
 */
async function findOverride(
  request: JudgeRequest,
  pull: PullRequestMemory,
  binding: Binding,
  headSha: string,
  checkName: string,
  needed: boolean,
  github: GitHubPort,
  notes: string[],
  log: Log,
): Promise<{ record: OverrideRecord | null; known: boolean }> {
  // An override holds for the head and the base the pull request had when it was given: after a push, or
  // once the base moved (another change judged), it is void.
  const holds = (record: OverrideRecord | null | undefined): boolean => record?.headSha === headSha && record.baseSha === binding.baseSha;
  if (request.kind === "pull_request" && request.override) return { record: { ...request.override, headSha, baseSha: binding.baseSha }, known: true };
  if (pull.override?.headSha === headSha && pull.override.baseSha === binding.baseSha) return { record: pull.override.record, known: true };
  if (request.kind === "pull_request" && request.pushed) return { record: null, known: true };
  if (!needed) return { record: null, known: false };
  try {
    const markers = await github.readCheckMarkers(headSha, checkName, binding);
    return { record: holds(markers?.override) ? markers!.override : null, known: true };
  } catch (error) {
    warn(notes, log, "read this commit's earlier check run for an override", error);
    return { record: null, known: false };
  }
}
function externalIdOf(request: JudgeRequest): string {
  switch (request.kind) {
    case "pull_request":
      return pullExternalId(request.pullRequest.number, request.pullRequest.baseSha, request.pullRequest.baseRef);
    case "rerun":
      return String(request.pullNumber);
    case "check_suite":
      return request.pullNumbers.length > 0 ? String(request.pullNumbers[0]) : "";
    case "merge_group":
      return mergeGroupExternalId(request.baseSha);
  }
}

/**
 * A pull request's check keeps the pull request and the base it judged (`<number>:<baseSha>:<baseRef>`), so
 * that a re-run judges the same pull request, and the run says which base its verdict is bound to.
 */
export function pullExternalId(number: number, baseSha: string, baseRef: string): string {
  return baseRef === "" ? String(number) : `${number}:${baseSha}:${baseRef}`;
}

/** The pull request a merge group queues, from its branch (`gh-readonly-queue/<base>/pr-<n>-<sha>`). */
export function queuedPullNumber(headRef: string | undefined): number | null {
  const match = headRef?.match(/\/pr-(\d+)-[0-9a-f]+$/);
  return match ? Number(match[1]) : null;
}

/** A merge group's check keeps its base, so that a re-run can judge it again. */
export function mergeGroupExternalId(baseSha: string): string {
  return `merge_group:${baseSha}`;
}

async function resolveTarget(request: JudgeRequest, github: GitHubPort, memory: AppMemory): Promise<Target | null> {
  const repo = github.repository;
  if (request.kind === "merge_group") {
    return { baseSha: request.baseSha, headSha: request.headSha, externalId: mergeGroupExternalId(request.baseSha), pull: null, binding: null };
  }
  if (request.kind === "pull_request") {
    // The event's own commits: an event older than the memory (out of order) still judges its head.
    const pull = await memory.rememberPull(repo, request.pullRequest);
    const { number, baseSha, baseRef, headSha } = request.pullRequest;
    return { baseSha, headSha, externalId: pullExternalId(number, baseSha, baseRef), pull, binding: { pull: number, baseRef, baseSha } };
  }
  let number: number | null = request.kind === "rerun" ? request.pullNumber : (memory.pullAtHead(repo, request.headSha) ?? request.pullNumbers[0] ?? null);
  if (number === null && request.kind === "check_suite") number = await github.findPullNumberInSuite(request.checkSuiteId);
  if (number === null) return null;
  // A re-run judges the head it was asked for, against the base the pull request had then: from memory
  // when this head was judged before (no request), else from the API.
  const known = memory.pull(repo, number);
  const info = known && known.info.headSha === request.headSha ? known.info : await github.getPullRequest(number);
  // The pull request as it is: a re-run of an older head judges that head, and the label and the team
  // request keep following the latest one.
  const pull = await memory.rememberPull(repo, info, request.headSha);
  const binding = { pull: number, baseRef: info.baseRef, baseSha: info.baseSha };
  return { baseSha: info.baseSha, headSha: request.headSha, externalId: pullExternalId(number, info.baseSha, info.baseRef), pull, binding };
}

/** Whether the base is protected, and by which patterns (the default branch's config, the trusted one). */
interface Protection {
  protected: boolean;
  patterns: readonly string[];
}

/**
 * The name of the check for this change, and whether its base is protected. Both come from the config
 * no pull request controls: the default branch's. A base that is the default branch has it already (the
 * base's config); any other base, such as a branch the author pushed themselves to open a decoy pull
 * request into, gets it read from the default branch (one request), never from its own config. Throws
 * when that config cannot be read: then nothing is known to be unprotected.
 */
async function nameCheck(target: Target, config: NetpolGuardConfig, github: GitHubPort, progress: Progress): Promise<{ checkName: string; protection: Protection }> {
  const defaultBranch = github.defaultBranch;
  const baseRef = target.binding?.baseRef ?? "";
  if (target.pull === null || defaultBranch === null || baseRef === "" || baseRef === defaultBranch) {
    return { checkName: config.checkName, protection: { protected: true, patterns: config.protectedBranches } };
  }
  progress.step = `read the configuration of the default branch ${defaultBranch}`;
  const content = await github.readBranchConfig(defaultBranch);
  if ("unreadable" in content) throw new Error(`the config file on ${defaultBranch} could not be read (${content.unreadable})`);
  const trusted = parseConfig(content.text).config;
  const patterns = trusted.protectedBranches;
  const isProtected = isProtectedBranch(baseRef, patterns, defaultBranch);
  return { checkName: isProtected ? trusted.checkName : `${trusted.checkName} (into ${baseRef})`, protection: { protected: isProtected, patterns } };
}

/**
 * The verdicts of the other open pull requests with this head into a protected branch: as this process
 * published them for the same base commit, else judged here from their base and this head, without their
 * approvals or override (stricter or equal: their own judgement counts those and publishes again). Throws
 * when GitHub cannot list them, so the check fails rather than publish a verdict that may be too lenient.
 */
async function verdictsOfOthers(target: Target, protection: Protection, github: GitHubPort, memory: AppMemory, progress: Progress): Promise<VerdictAtHead[]> {
  progress.step = "list the open pull requests of this commit";
  const own = target.binding!;
  const listed = await github.listOpenPullsAtHead(target.headSha);
  const others = listed.filter((p) => p.number !== own.pull && isProtectedBranch(p.baseRef, protection.patterns, github.defaultBranch));
  const known = await memory.verdictsAt(github.repository, target.headSha);
  const verdicts: VerdictAtHead[] = [];
  for (const other of others) {
    const remembered = known.find((v) => v.pull === other.number && v.baseRef === other.baseRef && v.baseSha === other.baseSha);
    if (remembered) {
      verdicts.push(remembered);
      continue;
    }
    progress.step = `judge pull request #${other.number}, which has the same head commit`;
    const { change } = await readChange({ baseSha: other.baseSha, headSha: target.headSha }, github, memory, progress, { reviewsOf: null });
    verdicts.push({ pull: other.number, baseRef: other.baseRef, baseSha: other.baseSha, conclusion: change.judgement.conclusion, title: renderTitle(change.judgement) });
  }
  return verdicts;
}

/** The section that says which pull requests the required check stands for (empty when only this one). */
function renderOthers(own: VerdictAtHead, others: VerdictAtHead[], checkName: string): string {
  if (others.length === 0) return "";
  const row = (v: VerdictAtHead): string => `| #${v.pull} | ${inlineCode(v.baseRef)} | ${v.conclusion} | ${escapeMarkdown(v.title)} |`;
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

function configText(content: ConfigContent): string | null {
  return "text" in content ? content.text : null;
}

function configProblems(which: "base" | "head", sha: string, content: ConfigContent): string[] {
  if (!("unreadable" in content)) return [];
  return which === "base"
    ? [`The config file at the base commit ${sha} could not be read (${content.unreadable}); the default configuration judged this change.`]
    : [`The config file at the head commit ${sha} could not be read (${content.unreadable}).`];
}

/** The action's value, or null (and a warning at the top of the summary) when it fails. */
async function attemptValue<T>(notes: string[], log: Log, what: string, action: () => Promise<T>): Promise<T | null> {
  try {
    return await action();
  } catch (error) {
    warn(notes, log, what, error);
    return null;
  }
}

function warn(notes: string[], log: Log, what: string, error: unknown): void {
  log.warn(`netpol-guard could not ${what.replace(/`/g, "")}: ${describeError(error)}`);
  notes.push(`> [!WARNING]\n> netpol-guard could not ${what}: ${escapeMarkdown(describeError(error))}. The verdict below stands; re-run this check to try again.`);
}

/**
 * Step 7a: the review of this head, or null when there is none to post: one per head commit, with a
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

function textsOf(files: SnapshotFile[], configText: string | null): Map<string, string | null> {
  const texts = new Map<string, string | null>(files.map((f) => [f.path, f.text]));
  texts.set(CONFIG_PATH, configText);
  return texts;
}

/** The paths whose content differs between the base and the head: watched files, and the config. */
function changedPaths(base: SnapshotFile[], head: SnapshotFile[], baseConfig: string | null, headConfig: string | null): Set<string> {
  const before = new Map(base.map((f) => [f.path, f.digest]));
  const changed = new Set<string>();
  for (const file of head) if (before.get(file.path) !== file.digest) changed.add(file.path);
  if (baseConfig !== headConfig) changed.add(CONFIG_PATH);
  return changed;
}

/** Step 7b: whether to ask the platform team: once per pull request, and not while it is a draft. */
function wantsPlatformReview(change: JudgedChange, team: string, pull: PullRequestMemory): boolean {
  if (!change.judgement.platformReviewRequired || pull.info.draft || pull.teamRequested) return false;
  if (pull.info.requestedTeams.some((slug) => slug.toLowerCase() === team.toLowerCase())) {
    pull.teamRequested = true;
    return false;
  }
  return true;
}

/**
 * Step 7c: the label while platform review is required, and only then: `add` to add it, `!add` to remove
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

/**
 * Step 7: the review, the platform team's request and the label, in one request when GitHub allows (see
 * publish-pull-request.ts). Each part that fails is a warning at the top of the summary; the verdict stands.
 * `check`: the check run and its completion as the summary stands (that request may complete it); returns
 * whether it did, with no warning added since, and how many annotations the check run has.
 */
async function publishOnPullRequest(
  input: { change: JudgedChange; changed: Set<string>; texts: ReadChange["texts"]; checkName: string; team: string; askTeam: boolean; latest: boolean; reviewed: boolean | null },
  pull: PullRequestMemory,
  headSha: string,
  check: { checkRunId: number; outcome: () => CheckRunOutcome },
  github: GitHubPort,
  notes: string[],
  log: Log,
): Promise<Omit<Published, "failures">> {
  const { change, team, latest } = input;
  const review = await attemptValue(notes, log, "post the inline review", () =>
    planReview(change, input.changed, input.texts, input.checkName, pull, headSha, input.reviewed, github),
  );
  const askTeam = input.askTeam && latest && wantsPlatformReview(change, team, pull);
  const label = latest ? labelChange(change, pull, headSha) : null;
  const writes: PullRequestWritesRequest = {
    pullNumber: pull.info.number,
    pullNodeId: pull.info.nodeId ?? null,
    headSha,
    review,
    team: askTeam ? team : null,
    label: label ? { name: CROSS_VC_LABEL, add: label.add } : null,
    // Only a team request can go over REST, the case where the mutation completes the check run.
    check: askTeam ? { checkRunId: check.checkRunId, repositoryNodeId: pull.info.repositoryNodeId ?? null, outcome: check.outcome() } : null,
  };
  let published: Published = { failures: new Map(), checkCompleted: false, annotationsSent: 0 };
  if (review !== null || askTeam || label !== null) {
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
  const noted = notes.length;
  if (review !== null) {
    const error = failures.get("review");
    if (error === undefined) pull.reviewSettled.add(headSha);
    else warn(notes, log, "post the inline review", error);
  }
  if (askTeam) {
    const error = failures.get("team");
    if (error === undefined) pull.teamRequested = true;
    else warn(notes, log, `request a review from ${inlineCode(team)}`, error);
  }
  if (latest) {
    const error = label === null ? undefined : failures.get("label");
    if (error === undefined) pull.label = { headSha, on: change.judgement.platformReviewRequired };
    else warn(notes, log, `update the ${inlineCode(CROSS_VC_LABEL)} label`, error);
  }
  // A warning the completion in the mutation did not have: the check run is completed again, with it.
  return { checkCompleted: published.checkCompleted && notes.length === noted, annotationsSent: published.annotationsSent };
}

function annotationNote(change: JudgedChange): string {
  const count = change.judgement.findings.length;
  return count > MAX_ANNOTATIONS ? `\n_${MAX_ANNOTATIONS} of the ${count} findings are annotations on their lines; the table above lists the first ones._\n` : "";
}

function describeError(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  const message = error instanceof Error ? error.message : String(error);
  const short = message.split("\n")[0]!.slice(0, 300);
  return typeof status === "number" ? `${short} (HTTP ${status})` : short;
}

function failureSummary(step: string, error: unknown, deliveryId: string): string {
  const delivery = deliveryId ? ` (webhook delivery ${inlineCode(deliveryId)})` : "";
  return [
    "## netpol-guard: could not judge this change",
    `netpol-guard failed to ${step}: ${escapeMarkdown(describeError(error))}.`,
    "Nothing was judged, so this check fails rather than pass unread.",
    `**To try again**, click **Re-run** on this check in the Checks tab, or push a new commit. If it fails again, ask the platform team to look at the app's log${delivery}.`,
  ].join("\n\n") + "\n";
}

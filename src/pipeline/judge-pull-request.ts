/**
 * The one place where GitHub meets the engine: resolve the change, read it, judge it, publish the verdict.
 * Never throws: any error completes the check run as a failure that says what failed and how to re-run,
 * so a required check is never left in progress.
 *
 * Requests on a first judgement of a pull request (see docs/github-app.md): the context query (configs and
 * review marker) while both trees are listed, the check run created, one query for the watched blobs, the
 * check run completed; with findings on the diff, the PR's files and the review; with a platform review,
 * the team request and the label. A re-run of the same head reads nothing.
 */
import { CONFIG_PATH, createPathFilter, defaultConfig, parseConfig } from "../config/parse-config.js";
import type { SnapshotFile } from "../engine/parse-files.js";
import { judgeSnapshots, type JudgedChange } from "../engine/judge-snapshots.js";
import { CROSS_VC_LABEL } from "../github/labels.js";
import type { PullRequestInfo } from "../github/pull-requests.js";
import { MAX_ANNOTATIONS, renderAnnotations } from "../github/render-check-output.js";
import { renderReviewBody, renderReviewComments } from "../github/render-review.js";
import { initTerraformParser } from "../parsers/terraform/parse-terraform.js";
import { escapeMarkdown, inlineCode } from "../report/escape-markdown.js";
import { renderSummary } from "../report/render-summary.js";
import { renderTitle } from "../report/render-title.js";
import type { ConfigContent } from "../snapshot/github-snapshot-cache.js";
import { addReadFindings } from "./add-read-findings.js";
import type { AppMemory, PullRequestMemory } from "./app-memory.js";
import type { GitHubPort } from "./github-port.js";

/** What asks for a judgement. */
export type JudgeRequest =
  /** A pull_request event: the payload carries the pull request. */
  | { kind: "pull_request"; pullRequest: PullRequestInfo }
  /** A re-run of a check run whose `external_id` holds the pull request number. */
  | { kind: "rerun"; pullNumber: number; headSha: string; checkName: string }
  /** A re-run of a check suite: the pull request comes from the payload, memory, or the suite's check runs. */
  | { kind: "check_suite"; checkSuiteId: number; headSha: string; pullNumbers: number[] }
  /** A merge group (or a re-run of its check): the queue's commit against the branch it merges into. */
  | { kind: "merge_group"; baseSha: string; headSha: string; checkName?: string };

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
}

const DEFAULT_CHECK_NAME = defaultConfig().checkName;

/** Judges a change and publishes the verdict; one change at a time per head commit. */
export async function judgePullRequest(request: JudgeRequest, github: GitHubPort, memory: AppMemory, log: Log, deliveryId = ""): Promise<void> {
  const headSha = request.kind === "pull_request" ? request.pullRequest.headSha : request.headSha;
  const { owner, repo } = github.repository;
  await memory.serialize(`${owner}/${repo}@${headSha}`.toLowerCase(), () => run(request, headSha, github, memory, log, deliveryId));
}

async function run(request: JudgeRequest, headSha: string, github: GitHubPort, memory: AppMemory, log: Log, deliveryId: string): Promise<void> {
  let step = "find the pull request";
  let checkName = ("checkName" in request && request.checkName) || DEFAULT_CHECK_NAME;
  let externalId = externalIdOf(request);
  let checkRunId: number | null = null;
  try {
    // 1. Which commits, and which pull request.
    const target = await resolveTarget(request, github, memory);
    if (target === null) {
      log.debug(`No pull request found for check suite at ${headSha}; nothing to judge`);
      return;
    }
    externalId = target.externalId;

    // 2. The configs (and whether this head was already reviewed), while both trees are listed.
    step = "read the configuration";
    const trees = Promise.all([github.readTree(target.baseSha), github.readTree(target.headSha)]);
    trees.catch(() => undefined); // Awaited below; a failure before then must not go unhandled.
    const settled = target.pull?.reviewSettled.has(target.headSha) ?? true;
    const context = await github.readContext({
      baseSha: target.baseSha,
      headSha: target.headSha,
      reviewsOf: target.pull && !settled ? { number: target.pull.info.number, onlyIfSent: true } : null,
    });
    const baseText = configText(context.baseConfig);
    const config = parseConfig(baseText).config;
    checkName = config.checkName;

    // 3. The check run, in progress from here on.
    step = "create the check run";
    checkRunId = await github.startCheckRun({ name: checkName, headSha: target.headSha, externalId });

    // 4. The watched files of both commits, by the base's globs.
    step = "read the watched files";
    const [baseTree, headTree] = await trees;
    const [baseFiles, headFiles] = await github.readWatchedFiles(
      [
        { sha: target.baseSha, tree: baseTree },
        { sha: target.headSha, tree: headTree },
      ],
      createPathFilter(config),
    );

    // 5. The verdict.
    step = "judge the change";
    await initTerraformParser();
    const headText = "unreadable" in context.headConfig ? baseText : context.headConfig.text;
    const problems = [
      ...configProblems("base", target.baseSha, context.baseConfig),
      ...configProblems("head", target.headSha, context.headConfig),
      ...baseFiles!.problems,
      ...headFiles!.problems,
    ];
    const change = addReadFindings(
      judgeSnapshots({ files: baseFiles!.files, configText: baseText }, { files: headFiles!.files, configText: headText }, memory.parses),
      problems,
    );
    const judgement = change.judgement;
    log.info(`${github.repository.owner}/${github.repository.repo}@${target.headSha}: ${judgement.conclusion}, ${judgement.findings.length} findings`);

    // 6. On a pull request: the review, the platform team, the label. Best effort: what fails is said at
    // the top of the summary, and the verdict stands.
    const notes: string[] = [];
    if (target.pull) {
      const pull = target.pull;
      const changed = changedPaths(baseFiles!.files, headFiles!.files, baseText, headText);
      await attempt(notes, log, "post the inline review", () => publishReview(change, changed, checkName, pull, target.headSha, context.reviewed, github));
      await attempt(notes, log, `request a review from ${inlineCode(config.platform.team)}`, () => requestPlatformReview(change, config.platform.team, pull, github));
      await attempt(notes, log, `update the ${inlineCode(CROSS_VC_LABEL)} label`, () => syncLabel(change, pull, target.headSha, github));
    }

    // 7. The verdict on the check run.
    step = "complete the check run";
    await github.completeCheckRun(checkRunId, {
      conclusion: judgement.conclusion,
      title: renderTitle(judgement),
      summary: notes.join("\n\n") + (notes.length > 0 ? "\n\n" : "") + renderSummary(change) + annotationNote(change),
      annotations: renderAnnotations(judgement.findings),
    });
  } catch (error) {
    log.error({ err: error, step, headSha }, `netpol-guard could not ${step}`);
    try {
      await github.failCheckRun({
        checkRunId,
        start: { name: checkName, headSha, externalId },
        title: `netpol-guard could not ${step}`,
        summary: failureSummary(step, error, deliveryId),
      });
    } catch (failError) {
      log.error({ err: failError, headSha }, "netpol-guard could not report its failure on the check run either");
    }
  }
}

function externalIdOf(request: JudgeRequest): string {
  switch (request.kind) {
    case "pull_request":
      return String(request.pullRequest.number);
    case "rerun":
      return String(request.pullNumber);
    case "check_suite":
      return request.pullNumbers.length > 0 ? String(request.pullNumbers[0]) : "";
    case "merge_group":
      return mergeGroupExternalId(request.baseSha);
  }
}

/** A merge group's check keeps its base, so that a re-run can judge it again. */
export function mergeGroupExternalId(baseSha: string): string {
  return `merge_group:${baseSha}`;
}

async function resolveTarget(request: JudgeRequest, github: GitHubPort, memory: AppMemory): Promise<Target | null> {
  const repo = github.repository;
  if (request.kind === "merge_group") {
    return { baseSha: request.baseSha, headSha: request.headSha, externalId: mergeGroupExternalId(request.baseSha), pull: null };
  }
  if (request.kind === "pull_request") {
    const pull = memory.rememberPull(repo, request.pullRequest);
    return { baseSha: pull.info.baseSha, headSha: pull.info.headSha, externalId: String(pull.info.number), pull };
  }
  let number: number | null = request.kind === "rerun" ? request.pullNumber : (memory.pullAtHead(repo, request.headSha) ?? request.pullNumbers[0] ?? null);
  if (number === null && request.kind === "check_suite") number = await github.findPullNumberInSuite(request.checkSuiteId);
  if (number === null) return null;
  // A re-run judges the head it was asked for, against the base the pull request had then: from memory
  // when this head was judged before (no request), else from the API.
  const known = memory.pull(repo, number);
  const info = known && known.info.headSha === request.headSha ? known.info : await github.getPullRequest(number);
  const pull = memory.rememberPull(repo, { ...info, headSha: request.headSha });
  return { baseSha: info.baseSha, headSha: request.headSha, externalId: String(number), pull };
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

async function attempt(notes: string[], log: Log, what: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    log.warn(`netpol-guard could not ${what.replace(/`/g, "")}: ${describeError(error)}`);
    notes.push(`> [!WARNING]\n> netpol-guard could not ${what}: ${escapeMarkdown(describeError(error))}. The verdict below stands; re-run this check to try again.`);
  }
}

/** Step 6a: one review per head commit, with a comment on each finding on a line of the diff. */
async function publishReview(
  change: JudgedChange,
  changed: Set<string>,
  checkName: string,
  pull: PullRequestMemory,
  headSha: string,
  reviewed: boolean | null,
  github: GitHubPort,
): Promise<void> {
  const findings = change.judgement.findings;
  // Only a file that differs between the base and the head can have lines in the diff: without a finding
  // on one, there is nothing to comment, and the pull request's files are not worth a request.
  const commentable = findings.filter((f) => changed.has(f.file));
  if (pull.reviewSettled.has(headSha) || commentable.length === 0) return;
  let already = reviewed;
  if (already === null) {
    already = (await github.readContext({ baseSha: pull.info.baseSha, headSha, reviewsOf: { number: pull.info.number, onlyIfSent: false } })).reviewed;
  }
  if (already) {
    pull.reviewSettled.add(headSha);
    return;
  }
  const diff = await github.readPullRequestDiff(pull.info.number);
  const comments = renderReviewComments(commentable, diff);
  if (comments.length > 0) {
    const body = renderReviewBody({ title: renderTitle(change.judgement), checkName, commented: comments.length, total: findings.length, headSha });
    await github.postReview({ pullNumber: pull.info.number, headSha, body, comments });
  }
  pull.reviewSettled.add(headSha);
}

/** The paths whose content differs between the base and the head: watched files, and the config. */
function changedPaths(base: SnapshotFile[], head: SnapshotFile[], baseConfig: string | null, headConfig: string | null): Set<string> {
  const before = new Map(base.map((f) => [f.path, f.digest]));
  const changed = new Set<string>();
  for (const file of head) if (before.get(file.path) !== file.digest) changed.add(file.path);
  if (baseConfig !== headConfig) changed.add(CONFIG_PATH);
  return changed;
}

/** Step 6b: the platform team, asked once per pull request, and not while it is a draft. */
async function requestPlatformReview(change: JudgedChange, team: string, pull: PullRequestMemory, github: GitHubPort): Promise<void> {
  if (!change.judgement.platformReviewRequired || pull.info.draft || pull.teamRequested) return;
  if (pull.info.requestedTeams.some((slug) => slug.toLowerCase() === team.toLowerCase())) {
    pull.teamRequested = true;
    return;
  }
  await github.requestTeamReview(pull.info.number, team);
  pull.teamRequested = true;
}

/** Step 6c: the label while platform review is required, and only then. */
async function syncLabel(change: JudgedChange, pull: PullRequestMemory, headSha: string, github: GitHubPort): Promise<void> {
  const wanted = change.judgement.platformReviewRequired;
  // A duplicate delivery carries the labels of before this app's own change: trust what the app did last.
  const present = pull.label?.headSha === headSha ? pull.label.on : pull.info.labels.includes(CROSS_VC_LABEL);
  if (wanted && !present) await github.addLabel(pull.info.number, CROSS_VC_LABEL);
  if (!wanted && present) await github.removeLabel(pull.info.number, CROSS_VC_LABEL);
  pull.label = { headSha, on: wanted };
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

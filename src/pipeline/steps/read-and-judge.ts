/**
 * Reading a change and judging it: the configs (and the review state) while both trees are listed, the
 * watched files (and the base's observed flows), the verdict. One step of a judgement (see
 * judge-pull-request.ts), also used by the commands. The flow itself is the one the CLI uses too
 * (judging/read-change.ts), over GitHub's requests (github/github-ref-reader.ts), judged in a judge worker
 * under the base's budget, next to the caches of the repository's earlier judgements.
 */
import { parseConfig, type NetpolGuardConfig } from "../../config/parse-config.js";
import { githubRefReader } from "../../github/github-ref-reader.js";
import type { PullRequestInfo } from "../../github/pull-requests.js";
import type { PullRequestContext, PullRequestContextRequest } from "../../github/read-pull-request-context.js";
import type { ConfigContent } from "../../github/github-snapshot-cache.js";
import type { GitHubPort } from "../../github/github-port.js";
import { readChange as readAndJudge, type JudgedChangeView } from "../../judging/read-change.js";
import type { ViewRequest } from "../../parse-pool/judge-job.js";
import type { AppMemory } from "../app-memory.js";
import type { Progress } from "../step.js";

export interface ReadChange {
  change: JudgedChangeView;
  config: NetpolGuardConfig;
  context: PullRequestContext;
  /** The paths whose content differs between the base and the head. */
  changed: Set<string>;
  /** `changed`, and for a head behind its base every watched path it changed since the merge base. */
  touched: Set<string>;
  /** The text of each path at the base and at the head (null: absent or unreadable), for the review's diff. */
  texts: { base: Map<string, string | null>; head: Map<string, string | null> };
}

interface ReadOptions {
  reviewsOf: PullRequestContextRequest["reviewsOf"];
  /** Called once the config is known, before the files are read (to create the check run). */
  beforeFiles?: (config: NetpolGuardConfig) => Promise<void>;
  /** What to draw from the head's model (commands). */
  views?: ViewRequest;
}

/** Steps 2-5: the configs (and the review state) while both trees are listed, the watched files, the verdict. */
export async function readChange(target: { baseSha: string; headSha: string }, github: GitHubPort, memory: AppMemory, progress: Progress, options: ReadOptions): Promise<ReadChange> {
  const reader = githubRefReader(github, { reviewsOf: options.reviewsOf, onTreesFailed: () => (progress.step = "read the watched files") });
  const { owner, repo } = github.repository;
  const read = await readAndJudge({ base: reader, head: reader }, { base: target.baseSha, head: target.headSha }, {
    beforeFiles: options.beforeFiles,
    onStep: (step) => (progress.step = step),
    views: options.views,
    judge: { hooks: memory.budget, affinity: `${owner}/${repo}`.toLowerCase() },
    scope: true,
  });
  return { change: read.change, config: read.config, context: reader.context(), changed: read.changed, touched: read.touched, texts: read.texts };
}

/**
 * The judged change of a pull request, published nowhere (for `/netpol explain`, `tree`, `diff`), with the
 * views drawn from its head's model: the same reads as a judgement, served from the caches when the head
 * was judged before. Throws what it cannot read.
 */
export async function judgeChangeOnly(pull: PullRequestInfo, github: GitHubPort, memory: AppMemory, views: ViewRequest = {}): Promise<JudgedChangeView> {
  return (await readChange(pull, github, memory, { step: "" }, { reviewsOf: null, views })).change;
}

/** The base branch's config of a pull request (from the cache when its head was judged before). */
export async function readBaseConfig(pull: PullRequestInfo, github: GitHubPort): Promise<NetpolGuardConfig> {
  const context = await github.readContext({ baseSha: pull.baseSha, headSha: pull.headSha, reviewsOf: null });
  return parseConfig(configText(context.baseConfig)).config;
}

function configText(content: ConfigContent): string | null {
  return "text" in content ? content.text : null;
}

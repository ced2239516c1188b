/**
 * An in-memory GitHub behind the pipeline's port (src/github/github-port.ts), for unit tests of the
 * pipeline's steps: commits as file maps, pull requests, reviews, team memberships and check runs as plain
 * data a test sets up and reads back, and any method made to fail. No HTTP, no Octokit: a judgement runs in
 * milliseconds. What it answers is what GitHub would, reduced to what the port promises; the request
 * shapes and the batching are the handler tests' business (test/handlers), not this one's.
 */
import { createHash } from "node:crypto";
import type { ReviewRecord } from "../../src/approval/evaluate-approvals.js";
import { CONFIG_PATH, type PathFilter } from "../../src/config/parse-config.js";
import type { CheckRunFailure, CheckRunOutcome, CheckRunStart } from "../../src/github/check-runs.js";
import type { ReplyOutcome, ReplyToPost } from "../../src/github/comments.js";
import type { ConfigContent, TreeListing } from "../../src/github/github-snapshot-cache.js";
import type { ContextRequest, GitHubPort, PullRequestWritesRequest } from "../../src/github/github-port.js";
import type { PullAtHead } from "../../src/github/list-open-pulls-at-head.js";
import type { ReviewList } from "../../src/github/list-reviews.js";
import type { Published, WritePart } from "../../src/github/publish-pull-request.js";
import type { PullRequestInfo } from "../../src/github/pull-requests.js";
import type { PullRequestContext } from "../../src/github/read-pull-request-context.js";
import type { CommitFiles } from "../../src/github/read-github-snapshot.js";
import { parseCheckMarkers, sameBinding, type Binding, type CheckMarkers } from "../../src/model/check-markers.js";
import type { SnapshotFile } from "../../src/model/snapshot-file.js";
import type { Ancestry } from "../../src/snapshot/ref-reader.js";

/** Repository path -> content. */
export type Files = Record<string, string>;

/** A check run as this GitHub holds it. */
export interface MemoryCheckRun {
  id: number;
  name: string;
  headSha: string;
  externalId: string;
  status: "in_progress" | "completed";
  /** The completed output (the verdict, or the failure's title and summary with conclusion `failure`). */
  output: CheckRunOutcome | null;
  /** How it was completed: over REST, inside the publishing mutation, or as a failure. */
  completedBy: "rest" | "mutation" | "failure" | null;
  /** A clock tick, in creation order. */
  createdAt: number;
}

type Method = Exclude<keyof GitHubPort, "repository" | "defaultBranch">;

/** The git object id of a blob with this content (as GitHub computes it). */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** A stable commit id for a name. */
export function commitId(name: string): string {
  return createHash("sha1").update(`commit ${name}`).digest("hex");
}

export class InMemoryGitHub implements GitHubPort {
  readonly repository = { owner: "acme", repo: "infra" };
  defaultBranch: string | null = "main";
  /** Commit id -> its files. */
  readonly commits = new Map<string, Files>();
  /** Branch name -> commit id. */
  readonly branches = new Map<string, string>();
  /**
   * Heads behind a base, by `base...head`, with their merge base (null: no common history). Any other head
   * is built on its base, as a pull request's usually is.
   */
  readonly mergeBases = new Map<string, string | null>();
  readonly pulls = new Map<number, PullRequestInfo>();
  /** Pull request number -> its reviews, oldest first. */
  readonly reviews = new Map<number, ReviewRecord[]>();
  /** Team slug -> its active members. */
  readonly teams = new Map<string, Set<string>>();
  /** Login -> admin, write, read (none when absent). */
  readonly permissions = new Map<string, string>();
  /** Check suite id -> the pull request number its check runs name. */
  readonly suites = new Map<number, number>();
  readonly checkRuns: MemoryCheckRun[] = [];
  /** Head commits this app posted its review of. */
  readonly reviewed = new Set<string>();
  /** What the pipeline asked to publish on pull requests, in order. */
  readonly published: PullRequestWritesRequest[] = [];
  readonly replies = new Map<number, string>();
  readonly reactions: number[] = [];
  /** Every method called, in order: the pipeline's conversation with GitHub. */
  readonly calls: Method[] = [];
  /** A method made to fail, with what it throws (until deleted). */
  readonly failing = new Map<Method, unknown>();
  /** Parts of the publishing request made to fail, with their errors (the request itself succeeds). */
  readonly failingWrites = new Map<WritePart, unknown>();
  private clock = 0;

  /** Adds a commit with these files (and points `branch` at it); returns its id. */
  commit(name: string, files: Files, branch?: string): string {
    const sha = commitId(name);
    this.commits.set(sha, files);
    if (branch !== undefined) this.branches.set(branch, sha);
    return sha;
  }

  /** Opens a pull request from `headSha` into `baseRef` at `baseSha`. */
  openPull(number: number, baseSha: string, headSha: string, options: Partial<PullRequestInfo> = {}): PullRequestInfo {
    const info: PullRequestInfo = { number, baseSha, baseRef: "main", headSha, draft: false, labels: [], requestedTeams: [], author: "alice", nodeId: `PR_${number}`, repositoryNodeId: "R_infra", ...options };
    this.pulls.set(number, info);
    return info;
  }

  /** The check runs on `sha` named `name`, oldest first. */
  runs(sha: string, name?: string): MemoryCheckRun[] {
    return this.checkRuns.filter((run) => run.headSha === sha && (name === undefined || run.name === name));
  }

  private call(method: Method): void {
    this.calls.push(method);
    if (this.failing.has(method)) throw this.failing.get(method);
  }

  private files(sha: string): Files {
    const files = this.commits.get(sha);
    if (files === undefined) throw Object.assign(new Error(`No commit found for SHA: ${sha}`), { status: 422 });
    return files;
  }

  private config(sha: string): ConfigContent {
    return { text: this.files(sha)[CONFIG_PATH] ?? null };
  }

  async readContext(request: ContextRequest): Promise<PullRequestContext> {
    this.call("readContext");
    return { baseConfig: this.config(request.baseSha), headConfig: this.config(request.headSha), reviewed: request.reviewsOf ? this.reviewed.has(request.headSha) : null };
  }

  async readTree(sha: string): Promise<TreeListing> {
    this.call("readTree");
    const blobs = Object.entries(this.files(sha)).map(([path, text]) => ({ path, mode: "100644", sha: blobSha(text), size: Buffer.byteLength(text) }));
    return { truncated: false, blobs };
  }

  async readAncestry(base: string, head: string): Promise<Ancestry> {
    this.call("readAncestry");
    this.files(base);
    this.files(head);
    const key = `${base}...${head}`;
    return this.mergeBases.has(key) ? { behind: true, mergeBase: this.mergeBases.get(key)! } : { behind: false };
  }

  async readWatchedFiles(commits: { sha: string; tree: TreeListing }[], filter: PathFilter): Promise<CommitFiles[]> {
    this.call("readWatchedFiles");
    return commits.map(({ sha }) => {
      const files: SnapshotFile[] = [];
      for (const [path, text] of Object.entries(this.files(sha))) {
        const kind = filter.kind(path);
        if (kind !== null) files.push({ path, kind, text, digest: blobSha(text) });
      }
      return { sha, files, problems: [] };
    });
  }

  async getPullRequest(number: number): Promise<PullRequestInfo> {
    this.call("getPullRequest");
    const info = this.pulls.get(number);
    if (info === undefined) throw Object.assign(new Error("Not Found"), { status: 404 });
    return { ...info };
  }

  async findPullNumberInSuite(checkSuiteId: number): Promise<number | null> {
    this.call("findPullNumberInSuite");
    return this.suites.get(checkSuiteId) ?? null;
  }

  async listOpenPullsAtHead(sha: string): Promise<PullAtHead[]> {
    this.call("listOpenPullsAtHead");
    return [...this.pulls.values()].filter((p) => p.headSha === sha).map((p) => ({ number: p.number, baseRef: p.baseRef, baseSha: p.baseSha }));
  }

  async listOpenPullsInto(branch: string, limit: number): Promise<PullRequestInfo[]> {
    this.call("listOpenPullsInto");
    return [...this.pulls.values()].filter((p) => p.baseRef === branch).sort((a, b) => b.number - a.number).slice(0, limit);
  }

  async readBranchConfig(branch: string): Promise<ConfigContent> {
    this.call("readBranchConfig");
    const sha = this.branches.get(branch);
    return sha === undefined ? { text: null } : this.config(sha);
  }

  async startCheckRun(start: CheckRunStart): Promise<number> {
    this.call("startCheckRun");
    const run: MemoryCheckRun = { id: this.checkRuns.length + 1, ...start, status: "in_progress", output: null, completedBy: null, createdAt: ++this.clock };
    this.checkRuns.push(run);
    return run.id;
  }

  async completeCheckRun(checkRunId: number, outcome: CheckRunOutcome): Promise<void> {
    this.call("completeCheckRun");
    this.complete(checkRunId, outcome, "rest");
  }

  async failCheckRun(failure: CheckRunFailure): Promise<void> {
    this.call("failCheckRun");
    const id = failure.checkRunId ?? this.checkRuns.push({ id: this.checkRuns.length + 1, ...failure.start, status: "in_progress", output: null, completedBy: null, createdAt: ++this.clock });
    this.complete(id, { conclusion: "failure", title: failure.title, summary: failure.summary, annotations: [] }, "failure");
  }

  private complete(checkRunId: number, outcome: CheckRunOutcome, by: MemoryCheckRun["completedBy"]): void {
    const run = this.checkRuns.find((r) => r.id === checkRunId);
    if (run === undefined) throw Object.assign(new Error("Not Found"), { status: 404 });
    Object.assign(run, { status: "completed", output: outcome, completedBy: by });
  }

  async publishPullRequest(writes: PullRequestWritesRequest): Promise<Published> {
    this.call("publishPullRequest");
    this.published.push(writes);
    const failures = new Map([...this.failingWrites].filter(([part]) => writes[part] !== null));
    const pull = this.pulls.get(writes.pullNumber);
    if (writes.review && !failures.has("review")) this.reviewed.add(writes.headSha);
    if (pull && writes.team && !failures.has("team")) pull.requestedTeams.push(writes.team);
    if (pull && writes.label && !failures.has("label")) {
      pull.labels = pull.labels.filter((l) => l !== writes.label!.name);
      if (writes.label.add) pull.labels.push(writes.label.name);
    }
    // As GitHub's port does for a team whose node id it does not know (this GitHub has no node ids): the
    // check run's completion rides on the writes, and holds only when all of them succeed.
    const checkCompleted = writes.team !== null && failures.size === 0;
    const outcome = checkCompleted ? writes.check.outcome() : null;
    if (outcome !== null) this.complete(writes.check.checkRunId, outcome, "mutation");
    return { failures, checkCompleted, annotationsSent: outcome?.annotations.length ?? 0 };
  }

  async appId(): Promise<number> {
    return 1;
  }

  async listReviews(number: number): Promise<ReviewList> {
    this.call("listReviews");
    return { reviews: this.reviews.get(number) ?? [], incomplete: false };
  }

  async isTeamMember(team: string, login: string): Promise<boolean> {
    this.call("isTeamMember");
    return this.teams.get(team)?.has(login) ?? false;
  }

  async getRepositoryPermission(login: string): Promise<string> {
    this.call("getRepositoryPermission");
    return this.permissions.get(login) ?? "none";
  }

  async firstCheckRunAt(sha: string, pullNumber: number): Promise<string | null> {
    this.call("firstCheckRunAt");
    const first = this.checkRuns.find((run) => run.headSha === sha && run.externalId.split(":")[0] === String(pullNumber));
    return first ? new Date(Date.UTC(2024, 4, 2, 12, 0, first.createdAt)).toISOString() : null;
  }

  async readCheckMarkers(sha: string, checkName: string, binding: Binding): Promise<CheckMarkers | null> {
    this.call("readCheckMarkers");
    const runs = this.runs(sha, checkName).filter((run) => run.status === "completed").reverse();
    for (const run of runs) {
      const markers = parseCheckMarkers(run.output?.text);
      if (markers && sameBinding(markers.binding, binding)) return markers;
    }
    return null;
  }

  async addEyesReaction(commentId: number): Promise<void> {
    this.call("addEyesReaction");
    this.reactions.push(commentId);
  }

  async ensureReply(reply: Omit<ReplyToPost, "appId">): Promise<ReplyOutcome> {
    this.call("ensureReply");
    const before = this.replies.get(reply.commentId);
    this.replies.set(reply.commentId, reply.body);
    return before === undefined ? "created" : before === reply.body ? "unchanged" : "updated";
  }
}

/**
 * Webhook events for handler tests, made from GitHub's real example payloads (@octokit/webhooks-examples)
 * with the repository, installation, commits and pull request of the test put in.
 */
import { createRequire } from "node:module";
import type { Probot } from "probot";
import { INSTALLATION_ID, OWNER, REPO, REPO_NODE_ID } from "./github-mock.js";

export type WebhookEvent = Parameters<Probot["receive"]>[0];

interface ExampleSet {
  name: string;
  examples: Record<string, unknown>[];
}

const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as ExampleSet[];

/** A deep copy of the first example of `name` with this action (one with an installation when there is). */
function example(name: string, action: string): Record<string, any> {
  const set = examples.find((e) => e.name === name);
  const matching = set?.examples.filter((e) => e.action === action) ?? [];
  const chosen = matching.find((e) => "installation" in e) ?? matching[0];
  if (!chosen) throw new Error(`no ${name}.${action} example in @octokit/webhooks-examples`);
  return structuredClone(chosen) as Record<string, any>;
}

function ourRepository(payload: Record<string, any>): void {
  payload.repository.name = REPO;
  payload.repository.full_name = `${OWNER}/${REPO}`;
  payload.repository.owner.login = OWNER;
  payload.repository.owner.type = "Organization";
  payload.repository.default_branch = "main";
  payload.installation = { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
}

let deliveries = 0;
function event(name: string, payload: Record<string, any>, id?: string): WebhookEvent {
  return { id: id ?? `delivery-${++deliveries}`, name, payload } as WebhookEvent;
}

export interface PullRequestOptions {
  number: number;
  base: string;
  /** The base branch ("main" unless said). */
  baseRef?: string;
  head: string;
  draft?: boolean;
  labels?: string[];
  requestedTeams?: string[];
  fork?: boolean;
  /** For `edited`: the `changes` object. */
  changes?: Record<string, unknown>;
  /** A fixed delivery id, to send the same delivery twice. */
  deliveryId?: string;
  /** The author's login (the example's otherwise). */
  author?: string;
}

export function pullRequestEvent(action: string, options: PullRequestOptions): WebhookEvent {
  // The examples have no `edited`: it is an `opened` payload with `changes`.
  const payload = example("pull_request", action === "edited" ? "opened" : action);
  payload.action = action;
  ourRepository(payload);
  const pr = payload.pull_request;
  payload.number = options.number;
  pr.number = options.number;
  pr.node_id = `PR_${options.number}`;
  pr.state = "open";
  pr.draft = options.draft ?? false;
  pr.base.sha = options.base;
  pr.base.ref = options.baseRef ?? "main";
  pr.base.repo.node_id = REPO_NODE_ID;
  pr.head.sha = options.head;
  pr.labels = (options.labels ?? []).map((name, i) => ({ id: i + 1, node_id: `L${i}`, url: "", name, color: "ededed", default: false, description: null }));
  pr.requested_teams = (options.requestedTeams ?? []).map((slug, i) => ({ id: i + 1, node_id: `T${i}`, slug, name: slug }));
  if (options.fork) {
    pr.head.repo = { ...pr.head.repo, full_name: `someone/${REPO}`, fork: true };
  }
  if (options.changes) payload.changes = options.changes;
  if (options.author) pr.user.login = options.author;
  return event("pull_request", payload, options.deliveryId);
}

/** The pull request of a pull_request payload, with the test's values put in. */
function ourPullRequest(pr: Record<string, any>, options: PullRequestOptions): void {
  pr.number = options.number;
  pr.node_id = `PR_${options.number}`;
  pr.state = "open";
  pr.draft = options.draft ?? false;
  pr.base.sha = options.base;
  pr.base.ref = options.baseRef ?? "main";
  pr.base.repo.node_id = REPO_NODE_ID;
  pr.head.sha = options.head;
  pr.labels = (options.labels ?? []).map((name, i) => ({ id: i + 1, node_id: `L${i}`, url: "", name, color: "ededed", default: false, description: null }));
  pr.requested_teams = (options.requestedTeams ?? []).map((slug, i) => ({ id: i + 1, node_id: `T${i}`, slug, name: slug }));
  pr.user.login = options.author ?? "dev";
}

export interface ReviewOptions extends PullRequestOptions {
  reviewer: string;
  /** As webhooks spell it: approved, changes_requested, commented, dismissed. */
  state: string;
  /** The commit reviewed (the head by default). */
  commit?: string;
}

export function pullRequestReviewEvent(action: "submitted" | "dismissed" | "edited", options: ReviewOptions): WebhookEvent {
  // The examples have no `edited`: it is a `submitted` payload with `changes`.
  const payload = example("pull_request_review", action === "edited" ? "submitted" : action);
  payload.action = action;
  ourRepository(payload);
  ourPullRequest(payload.pull_request, options);
  payload.review.user.login = options.reviewer;
  payload.review.state = options.state;
  payload.review.commit_id = options.commit ?? options.head;
  payload.sender.login = options.reviewer;
  payload.sender.type = "User";
  if (action === "edited") payload.changes = { body: { from: "" } };
  return event("pull_request_review", payload, options.deliveryId);
}

export interface CommentOptions {
  number: number;
  body: string;
  login?: string;
  commentId?: number;
  /** On an issue rather than a pull request. */
  onIssue?: boolean;
  /** The sender is a bot (GitHub's `type`). */
  bot?: boolean;
  state?: "open" | "closed";
  action?: "created" | "edited" | "deleted";
  deliveryId?: string;
}

export function issueCommentEvent(options: CommentOptions): WebhookEvent {
  const action = options.action ?? "created";
  const payload = example("issue_comment", action);
  payload.action = action;
  ourRepository(payload);
  const login = options.login ?? "alice";
  payload.issue.number = options.number;
  payload.issue.state = options.state ?? "open";
  if (options.onIssue) delete payload.issue.pull_request;
  else payload.issue.pull_request = { url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${options.number}`, html_url: "", diff_url: "", patch_url: "", merged_at: null };
  payload.comment.id = options.commentId ?? 4001;
  payload.comment.body = options.body;
  payload.comment.user.login = login;
  payload.comment.user.type = options.bot ? "Bot" : "User";
  payload.comment.created_at = "2024-05-02T12:00:00Z";
  payload.comment.html_url = `https://github.com/${OWNER}/${REPO}/pull/${options.number}#issuecomment-${payload.comment.id}`;
  delete payload.comment.performed_via_github_app;
  payload.sender.login = options.bot ? `${login}[bot]` : login;
  payload.sender.type = options.bot ? "Bot" : "User";
  return event("issue_comment", payload, options.deliveryId);
}

export function checkRunRerequestedEvent(options: { headSha: string; externalId: string; name?: string; pullRequests?: number[]; headBranch?: string }): WebhookEvent {
  const payload = example("check_run", "rerequested");
  ourRepository(payload);
  const run = payload.check_run;
  run.head_sha = options.headSha;
  if (options.headBranch !== undefined) run.check_suite.head_branch = options.headBranch;
  run.external_id = options.externalId;
  run.name = options.name ?? "netpol-guard";
  run.pull_requests = (options.pullRequests ?? []).map((number) => ({ number, id: number, url: "", head: { ref: "f", sha: options.headSha, repo: {} }, base: { ref: "main", sha: "", repo: {} } }));
  return event("check_run", payload);
}

export function checkSuiteRerequestedEvent(options: { headSha: string; suiteId: number; pullRequests?: number[] }): WebhookEvent {
  const payload = example("check_suite", "rerequested");
  ourRepository(payload);
  const suite = payload.check_suite;
  suite.id = options.suiteId;
  suite.head_sha = options.headSha;
  suite.pull_requests = (options.pullRequests ?? []).map((number) => ({ number, id: number, url: "", head: { ref: "f", sha: options.headSha, repo: {} }, base: { ref: "main", sha: "", repo: {} } }));
  return event("check_suite", payload);
}

export function mergeGroupEvent(options: { base: string; head: string; headRef?: string }): WebhookEvent {
  const payload = example("merge_group", "checks_requested");
  ourRepository(payload);
  payload.merge_group.base_sha = options.base;
  payload.merge_group.head_sha = options.head;
  if (options.headRef !== undefined) payload.merge_group.head_ref = options.headRef;
  return event("merge_group", payload);
}

export function installationEvent(action: string): WebhookEvent {
  const payload = example("installation", action);
  payload.installation.id = INSTALLATION_ID;
  return event("installation", payload);
}

export function installationRepositoriesEvent(action: string): WebhookEvent {
  const payload = example("installation_repositories", action);
  payload.installation.id = INSTALLATION_ID;
  return event("installation_repositories", payload);
}

export interface PushOptions {
  /** The branch pushed ("main" unless said). */
  branch?: string;
  before: string;
  after: string;
  /** The pushed commits' paths, one entry a commit (all "modified" unless said). */
  commits: { added?: string[]; modified?: string[]; removed?: string[] }[];
  forced?: boolean;
  deliveryId?: string;
}

export function pushEvent(options: PushOptions): WebhookEvent {
  const set = examples.find((e) => e.name === "push");
  const chosen = set?.examples.find((e) => "installation" in e) ?? set?.examples[0];
  if (!chosen) throw new Error("no push example in @octokit/webhooks-examples");
  const payload = structuredClone(chosen) as Record<string, any>;
  ourRepository(payload);
  payload.ref = `refs/heads/${options.branch ?? "main"}`;
  payload.before = options.before;
  payload.after = options.after;
  payload.created = false;
  payload.deleted = false;
  payload.forced = options.forced ?? false;
  const template = payload.head_commit ?? payload.commits?.[0] ?? {};
  payload.commits = options.commits.map((c, i) => ({ ...template, id: `${options.after.slice(0, 38)}${String(i).padStart(2, "0")}`, added: c.added ?? [], modified: c.modified ?? [], removed: c.removed ?? [] }));
  payload.head_commit = payload.commits.at(-1) ?? null;
  return event("push", payload, options.deliveryId);
}

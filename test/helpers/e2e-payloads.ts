/**
 * Webhook deliveries for the end-to-end tests, from GitHub's real example payloads with the fake's
 * repository, installation and pull requests put in. Kept apart from payloads.ts, which loads nock through
 * github-mock.ts: nothing in the end-to-end tests may intercept a request.
 */
import { createRequire } from "node:module";
import { INSTALLATION_ID, OWNER, REPO, type FakeCheckRun, type FakeComment, type FakePull } from "./fake-github.js";

export interface Delivery {
  id: string;
  name: string;
  payload: Record<string, any>;
}

interface ExampleSet {
  name: string;
  examples: Record<string, unknown>[];
}

const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as ExampleSet[];

function example(name: string, action: string): Record<string, any> {
  const matching = examples.find((e) => e.name === name)?.examples.filter((e) => e.action === action) ?? [];
  const chosen = matching.find((e) => "installation" in e) ?? matching[0];
  if (!chosen) throw new Error(`no ${name}.${action} example in @octokit/webhooks-examples`);
  return structuredClone(chosen) as Record<string, any>;
}

function ours(payload: Record<string, any>): Record<string, any> {
  payload.repository.name = REPO;
  payload.repository.full_name = `${OWNER}/${REPO}`;
  payload.repository.owner.login = OWNER;
  payload.repository.owner.type = "Organization";
  payload.repository.default_branch = "main";
  payload.installation = { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  return payload;
}

let count = 0;
function delivery(name: string, payload: Record<string, any>, id?: string): Delivery {
  return { id: id ?? `e2e-${process.pid}-${++count}`, name, payload };
}

/** The pull request object of a payload, as the fake has it now. */
function pullRequestObject(target: Record<string, any>, pull: FakePull): void {
  target.number = pull.number;
  target.node_id = `PR_${pull.number}`;
  target.state = pull.state;
  target.draft = pull.draft;
  target.user.login = pull.user;
  target.base.ref = pull.baseRef;
  target.base.sha = pull.base;
  target.head.ref = pull.headRef;
  target.head.sha = pull.head;
  target.updated_at = pull.updatedAt;
  target.labels = pull.labels.map((name, i) => ({ id: i + 1, node_id: `L${i}`, url: "", name, color: "ededed", default: false, description: null }));
  target.requested_teams = pull.requestedTeams.map((slug, i) => ({ id: i + 1, node_id: `T${i}`, slug, name: slug }));
}

/** `pull_request` with this action, for the pull request as it is (a snapshot: later changes are not in it). */
export function pullRequestDelivery(action: string, pull: FakePull, id?: string): Delivery {
  const payload = ours(example("pull_request", action));
  payload.number = pull.number;
  pullRequestObject(payload.pull_request, pull);
  if (action === "synchronize") {
    payload.before = "0".repeat(40);
    payload.after = pull.head;
  }
  return delivery("pull_request", payload, id);
}

export function pullRequestReviewDelivery(pull: FakePull, review: { id: number; user: string; state: string; commitId: string }): Delivery {
  const payload = ours(example("pull_request_review", "submitted"));
  pullRequestObject(payload.pull_request, pull);
  payload.review.id = review.id;
  payload.review.user.login = review.user;
  payload.review.state = review.state.toLowerCase();
  payload.review.commit_id = review.commitId;
  payload.sender.login = review.user;
  payload.sender.type = "User";
  return delivery("pull_request_review", payload);
}

export function checkRunRerequestedDelivery(run: Pick<FakeCheckRun, "id" | "name" | "headSha" | "externalId">): Delivery {
  const payload = ours(example("check_run", "rerequested"));
  payload.check_run.id = run.id;
  payload.check_run.name = run.name;
  payload.check_run.head_sha = run.headSha;
  payload.check_run.external_id = run.externalId;
  payload.check_run.pull_requests = [];
  return delivery("check_run", payload);
}

/** `issue_comment` created, for a comment the fake holds on the pull request (by a person). */
export function issueCommentDelivery(pull: FakePull, comment: Pick<FakeComment, "id" | "user" | "body" | "createdAt"> & { updatedAt?: string }): Delivery {
  const payload = ours(example("issue_comment", "created"));
  payload.issue.number = pull.number;
  payload.issue.state = pull.state;
  payload.issue.user.login = pull.user;
  // The examples are on issues: a pull request's comment carries this.
  payload.issue.pull_request = { url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${pull.number}`, html_url: "", diff_url: "", patch_url: "", merged_at: null };
  payload.comment.id = comment.id;
  payload.comment.body = comment.body;
  payload.comment.user.login = comment.user;
  payload.comment.user.type = "User";
  payload.comment.created_at = comment.createdAt;
  payload.comment.updated_at = comment.updatedAt ?? comment.createdAt;
  payload.comment.html_url = `https://github.com/${OWNER}/${REPO}/pull/${pull.number}#issuecomment-${comment.id}`;
  delete payload.comment.performed_via_github_app;
  payload.sender.login = comment.user;
  payload.sender.type = "User";
  return delivery("issue_comment", payload);
}

/** `push` of `branch` from `before` to `after`, one commit that changes `paths`. */
export function pushDelivery(options: { branch: string; before: string; after: string; modified?: string[]; added?: string[]; removed?: string[] }, id?: string): Delivery {
  const chosen = examples.find((e) => e.name === "push")?.examples.find((e) => "installation" in e) ?? examples.find((e) => e.name === "push")?.examples[0];
  if (!chosen) throw new Error("no push example in @octokit/webhooks-examples");
  const payload = ours(structuredClone(chosen) as Record<string, any>);
  payload.ref = `refs/heads/${options.branch}`;
  Object.assign(payload, { before: options.before, after: options.after, created: false, deleted: false, forced: false });
  const commit = { ...(payload.head_commit ?? {}), id: options.after, added: options.added ?? [], modified: options.modified ?? [], removed: options.removed ?? [] };
  payload.commits = [commit];
  payload.head_commit = commit;
  return delivery("push", payload, id);
}

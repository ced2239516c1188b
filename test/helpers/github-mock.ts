/**
 * The fake GitHub (fake-github.ts) in strict mode, for handler tests: each expectation is one nock
 * interceptor, so a test declares exactly the requests it allows (the handler test's frame fails on any
 * extra or missing one); each is answered by the fake from its state, over a repository held in memory
 * (commits as file maps, named by the test). Where a test says how GitHub answers one request (a status, a
 * refused part of the publishing mutation, a truncated tree), that answer stands for the fake's. Nothing
 * here calls `expect()`: the test asserts on `requests`, `problems` and `unmatched` after
 * `probot.receive(...)`.
 */
import nock from "nock";
import { CONFIG_PATH } from "../../src/config/parse-config.js";
import { checkRunNodeId, FakeGitHub, OWNER, pullNodeId, REPO, type Answer, type FakePull } from "./fake-github.js";
import { answerWithFake } from "./fake-github-nock.js";
import { operationName } from "./graphql.js";
import { commitSha, MemoryRepo, type ArchiveOptions, type RepoFiles } from "./memory-repo.js";

export { APP_ID, BOT_LOGIN, INSTALLATION_ID, OWNER, REPO, REPO_NODE_ID } from "./fake-github.js";
export { blobSha, commitSha, type RepoFile, type RepoFiles } from "./memory-repo.js";

const API = "https://api.github.com";
const REPO_PATH = `/repos/${OWNER}/${REPO}`;
/** Where GitHub redirects a tarball download. */
const ARCHIVE_HOST = "https://codeload.github.com";

/** When the example payloads' pull requests were last updated (@octokit/webhooks-examples). */
const PAYLOADS_UPDATED_AT = "2019-05-15T15:20:33Z";

/** What GitHub says when it refuses one part of the publish mutation. */
const REFUSALS = {
  review: "Pull request review thread line must be part of the diff",
  team: "Could not resolve to a node with the global id of 'T_platform'",
  label: "Could not resolve to a node with the global id of 'LA_cross'",
  check: "Resource not accessible by integration",
} as const;

/** The review part of the publish mutation. */
export interface PublishedReview {
  pullRequestId: string;
  commitOID: string;
  event: string;
  body: string;
  threads: { path: string; line: number; side: string; startLine?: number; body: string }[];
}

/** A pull request review by a person, as `listReviews` gives it. */
export interface ReviewBy {
  user: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED";
  commit: string;
}

/** Which requests one interceptor takes. */
interface Expected {
  method: string;
  path: string | RegExp;
  /** nock's query matcher (true: any query). */
  query?: Parameters<nock.Interceptor["query"]>[0];
  /** For GraphQL: the operation name. */
  operation?: string;
  times?: number;
  answer?: Answer;
}

export class GitHubMock extends FakeGitHub {
  /** Requests no interceptor answered. */
  readonly unmatched: string[] = [];
  private readonly repo: MemoryRepo;
  private readonly scope = nock(API);
  private readonly onNoMatch = (req: { method?: string; path?: string }): void => {
    this.unmatched.push(`${req.method ?? "?"} ${req.path ?? "?"}`);
  };

  constructor() {
    const repo = new MemoryRepo();
    super(repo, { authenticate: false, archiveLocation: (sha) => `${ARCHIVE_HOST}/${OWNER}/${REPO}/legacy.tar.gz/${sha}?token=archive` });
    this.repo = repo;
    // Before the fixtures' comments unless a test moves it.
    this.clock = "2024-05-02T11:00:00Z";
    this.teams.set("platform", new Set());
    nock.emitter.on("no match", this.onNoMatch);
  }

  /** Stops listening; call from afterEach. */
  dispose(): void {
    nock.emitter.removeListener("no match", this.onNoMatch);
  }

  /** Adds a commit with these files; returns its SHA. */
  commit(name: string, files: RepoFiles): string {
    return this.repo.commit(name, files);
  }

  /** The blob SHA of a file of a commit added with `commit(name, ...)`. */
  shaOf(name: string, path: string): string {
    return this.repo.shaOf(name, path);
  }

  protected override commitNames(): Map<string, string> {
    return this.repo.names;
  }

  /**
   * An open pull request from `head` into `base` (on branch `main` unless said), by `dev`, from a branch
   * `feature`, last updated when the events' payloads say (payloads.ts): none of them is older than GitHub's.
   */
  pull(number: number, base: string, head: string, options: Partial<Omit<FakePull, "number" | "base" | "head">> = {}): FakePull {
    return this.openPull(number, base, head, { headRef: "feature", user: "dev", updatedAt: PAYLOADS_UPDATED_AT, ...options });
  }

  /** The node id of a pull request, as the payloads and `getPull` give it. */
  static pullNodeId(number: number): string {
    return pullNodeId(number);
  }

  /** The node id of a check run, as `createCheckRun` gives it. */
  static checkRunNodeId(id: number): string {
    return checkRunNodeId(id);
  }

  /** The variables of each `netpolGuardPublish` mutation (its parts: review, team, label, check), SHAs named. */
  published(): {
    review?: PublishedReview;
    team?: { pullRequestId: string; teamIds: string[]; union: boolean };
    label?: { labelableId: string; labelIds: string[] };
    check?: { checkRunId: string; repositoryId: string; status: string; conclusion: string; output: { title: string; summary: string; text?: string; annotations?: object[] } };
  }[] {
    return (this.bodies("netpolGuardPublish") as { variables: Record<string, any> }[]).map((b) => b.variables);
  }

  // ---------------------------------------------------------------------------------------------------
  // Expectations: each call allows one request (or `times`), answered by the fake.

  private expect(expected: Expected): this {
    const bodyMatcher = expected.operation === undefined ? undefined : (body: unknown) => operationName(body) === expected.operation;
    let interceptor = this.scope.intercept(expected.path, expected.method, bodyMatcher);
    if (expected.query !== undefined) interceptor = interceptor.query(expected.query);
    // A strict test injects no faults (it says how GitHub answers instead): nothing here hangs.
    answerWithFake(interceptor.times(expected.times ?? 1), expected.method, this, { answer: expected.answer, onHang: (uri) => this.problems.push(`${expected.method} ${uri}: left unanswered`) });
    return this;
  }

  token(): this {
    return this.expect({ method: "POST", path: "/app/installations/4242/access_tokens" });
  }

  contextQuery(times = 1): this {
    return this.expect({ method: "POST", path: "/graphql", operation: "netpolGuardContext", times });
  }

  blobQuery(times = 1): this {
    return this.expect({ method: "POST", path: "/graphql", operation: "netpolGuardBlobs", times });
  }

  tree(sha: string, options: { truncated?: boolean } = {}): this {
    const answer: Answer = options.truncated ? { amend: (body) => ({ ...body, truncated: true }) } : {};
    return this.expect({ method: "GET", path: `${REPO_PATH}/git/trees/${sha}`, query: { recursive: "1" }, answer });
  }

  /**
   * `GET compare/{base}...{head}`: the head built on the base (`ahead`), or, with `mergeBase` (a commit's
   * name or SHA), behind it and diverged from it there.
   */
  compare(base: string, head: string, mergeBase?: string): this {
    if (mergeBase !== undefined) this.repo.mergeBases.set(`${base}...${head}`, this.repo.files(mergeBase) ? mergeBase : this.repo.shaOfCommit(mergeBase));
    return this.expect({ method: "GET", path: `${REPO_PATH}/compare/${base}...${head}`, query: true });
  }

  /**
   * `GET tarball/{ref}` of a commit, redirected (302) to the archive host as GitHub does, and the download
   * there (not an API request: counted in `archiveDownloads`). The archive is the commit's files under one
   * top-level directory, as `options` alter it.
   */
  tarball(sha: string, options: ArchiveOptions = {}): this {
    this.repo.archiveOptions.set(sha, options);
    nock(ARCHIVE_HOST)
      .get(`/${OWNER}/${REPO}/legacy.tar.gz/${sha}`)
      .query(true)
      .reply(() => {
        const archive = this.archive(sha);
        return [archive.status, archive.body as Buffer, archive.headers];
      });
    return this.expect({ method: "GET", path: `${REPO_PATH}/tarball/${sha}` });
  }

  /**
   * Check runs created. A pull request into a protected branch has its check's verdict combined with the
   * other open pull requests of its head: each such judgement lists them once (see `pullsAtHead`), so each
   * creation allows that listing too, unless `listPulls` is false (a merge group, an unprotected base, a
   * failure before the verdict).
   */
  createCheckRun(times = 1, options: { listPulls?: boolean } = {}): this {
    if (options.listPulls ?? true) this.expect({ method: "GET", path: /\/repos\/acme\/infra\/commits\/[0-9a-f]{40}\/pulls/, query: true, times });
    return this.expect({ method: "POST", path: `${REPO_PATH}/check-runs`, times });
  }

  updateCheckRun(times = 1): this {
    return this.expect({ method: "PATCH", path: /\/repos\/acme\/infra\/check-runs\/\d+$/, times });
  }

  getPull(number: number): this {
    return this.expect({ method: "GET", path: `${REPO_PATH}/pulls/${number}` });
  }

  /**
   * `repos.listPullRequestsAssociatedWithCommit`: the pull requests added with `pull(...)` whose head is
   * `sha`, plus `extra` (a closed one, or one where the commit is not the head). `status`: fails.
   */
  pullsAtHead(sha: string, options: { times?: number; status?: number; extra?: { number: number; state: "open" | "closed"; head: string; baseRef?: string }[] } = {}): this {
    const extra = (options.extra ?? []).map((e) => this.pullJson({ ...this.pullDefaults(e.number), head: e.head, state: e.state, baseRef: e.baseRef ?? "main" }));
    const answer: Answer = options.status !== undefined ? { status: options.status } : { amend: (body: object[]) => [...body, ...extra] };
    return this.expect({ method: "GET", path: `${REPO_PATH}/commits/${sha}/pulls`, query: true, times: options.times, answer });
  }

  /** A pull request GitHub has elsewhere (into another base), not kept in `pulls`. */
  private pullDefaults(number: number): FakePull {
    return { number, base: commitSha("elsewhere"), head: "", baseRef: "main", headRef: "feature", state: "open", draft: false, labels: [], requestedTeams: [], user: "dev", fork: false, updatedAt: PAYLOADS_UPDATED_AT };
  }

  /** `pulls.list` of the open pull requests into `branch`, newest first (the highest number is the most recently created). */
  openPullsInto(branch: string): this {
    return this.expect({ method: "GET", path: `${REPO_PATH}/pulls`, query: (q) => q.state === "open" && q.base === branch && q.sort === "created" && q.direction === "desc" });
  }

  /** `repos.getContent` of the config file at the tip of `branch`: `text`, or absent (null). */
  branchConfig(branch: string, text: string | null): this {
    this.branches.set(branch, this.commit(`tip of ${branch}`, text === null ? {} : { [CONFIG_PATH]: text }));
    return this.expect({ method: "GET", path: /\/repos\/acme\/infra\/contents\/\.github(%2F|\/)netpol-guard\.yml/, query: (q) => q.ref === `refs/heads/${branch}` });
  }

  createReview(number: number, status = 200): this {
    const answer: Answer = status === 200 ? {} : { status, body: { message: "Unprocessable Entity", errors: ["Line could not be resolved"] } };
    return this.expect({ method: "POST", path: `${REPO_PATH}/pulls/${number}/reviews`, answer });
  }

  /**
   * The one mutation that publishes the review, the team request and the label (and may complete the check
   * run, as `updateCheckRun` does over REST). `fail`: the parts GitHub refuses (partial data, as GitHub
   * does); `status`: the whole request fails with it.
   */
  publishMutation(options: { fail?: (keyof typeof REFUSALS)[]; status?: number } = {}): this {
    const refuse = new Map((options.fail ?? []).map((part) => [part, REFUSALS[part]]));
    return this.expect({ method: "POST", path: "/graphql", operation: "netpolGuardPublish", answer: options.status !== undefined ? { status: options.status } : { refuse } });
  }

  requestReviewers(number: number, status = 201): this {
    const answer: Answer = status === 201 ? {} : { status, body: { message: "Reviews may only be requested from collaborators." } };
    return this.expect({ method: "POST", path: `${REPO_PATH}/pulls/${number}/requested_reviewers`, answer });
  }

  addLabels(number: number): this {
    return this.expect({ method: "POST", path: `${REPO_PATH}/issues/${number}/labels` });
  }

  /** `checks.listForSuite`: the suite holds one completed check run of the app's, with this `external_id`. */
  listSuiteCheckRuns(suiteId: number, externalId: string): this {
    this.addCheckRun({ id: 1, name: "netpol-guard", headSha: "", status: "completed", conclusion: "success", output: {}, externalId, checkSuiteId: suiteId });
    return this.expect({ method: "GET", path: `${REPO_PATH}/check-suites/${suiteId}/check-runs`, query: true });
  }

  /** The next GraphQL query of this operation fails with an HTTP error. */
  failGraphql(operation: string, status: number): this {
    return this.expect({ method: "POST", path: "/graphql", operation, answer: { status } });
  }

  /** `checks.listForRef` on a commit: the check runs in `checkRuns`, filtered as GitHub does. */
  listCheckRunsForRef(sha: string, times = 1): this {
    return this.expect({ method: "GET", path: `${REPO_PATH}/commits/${sha}/check-runs`, query: true, times });
  }

  /** `pulls.listReviews`, one page: these reviews by people, submitted on consecutive days from May 1st. */
  listReviews(number: number, reviews: ReviewBy[]): this {
    reviews.forEach((r, i) => this.addReview(number, r.user, r.state, r.commit, "", `2024-05-0${1 + (i % 9)}T10:00:00Z`));
    return this.expect({ method: "GET", path: `${REPO_PATH}/pulls/${number}/reviews`, query: true });
  }

  /** `teams.getMembershipForUserInOrg`: an active member, a pending invitation, or not a member (404). */
  teamMembership(team: string, login: string, state: "active" | "pending" | "none"): this {
    const members = this.teams.get(team) ?? new Set<string>();
    const invited = this.invitations.get(team) ?? new Set<string>();
    this.teams.set(team, members);
    this.invitations.set(team, invited);
    members.delete(login);
    invited.delete(login);
    if (state === "active") members.add(login);
    if (state === "pending") invited.add(login);
    return this.expect({ method: "GET", path: `/orgs/${OWNER}/teams/${team}/memberships/${login}` });
  }

  /** `repos.getCollaboratorPermissionLevel`. */
  collaboratorPermission(login: string, permission: "admin" | "write" | "read" | "none"): this {
    this.permissions.set(login, permission);
    return this.expect({ method: "GET", path: `${REPO_PATH}/collaborators/${login}/permission` });
  }

  /** `reactions.createForIssueComment` on the comment an event names (on pull request `issue`, by `alice`, kept in `comments` if new). */
  reaction(commentId: number, issue = 7): this {
    if (!this.comments.some((c) => c.id === commentId)) {
      this.comments.push({ id: commentId, issue, user: "alice", byApp: false, body: "", createdAt: this.now(), updatedAt: this.now(), reactions: [] });
    }
    return this.expect({ method: "POST", path: `${REPO_PATH}/issues/comments/${commentId}/reactions` });
  }

  /** `issues.listComments` of a pull request, from `comments`. */
  listComments(number: number): this {
    return this.expect({ method: "GET", path: `${REPO_PATH}/issues/${number}/comments`, query: true });
  }

  /** `issues.createComment`, kept in `comments` as the app's. */
  createComment(number: number): this {
    return this.expect({ method: "POST", path: `${REPO_PATH}/issues/${number}/comments` });
  }

  /** `issues.updateComment`. */
  updateComment(commentId: number): this {
    return this.expect({ method: "PATCH", path: `${REPO_PATH}/issues/comments/${commentId}` });
  }
}

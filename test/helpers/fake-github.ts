/**
 * The one fake GitHub of the tests: one state (a repository's commits, pull requests, reviews, labels,
 * teams, check runs, comments, installation tokens) and one set of answers to the REST and GraphQL requests
 * the app makes, every request checked against GitHub's (trimmed) OpenAPI description or GraphQL schema. It
 * is transport-free: `handle()` takes a request and returns a response. Two modes use it:
 *
 * - strict (github-mock.ts, `GitHubMock`): the test lists the requests it expects, each one nock
 *   interceptor answered here, and the suite fails on any extra or missing one; the repository is held in
 *   memory (memory-repo.ts), commits named by the test;
 * - serve-everything: every request answered, over node:http (e2e-server.ts) or through nock (the fault
 *   tests), from a real git repository (e2e-git.ts), with installation tokens issued against a JWT signed
 *   with the app's key and refused (401) once expired, and faults injected per request with `fail()`.
 *
 * A request GitHub's description rejects is answered 422 (REST) or with errors (GraphQL) and recorded in
 * `problems`; a request no route knows is answered 404 and recorded in `unknown`. GraphQL queries are
 * executed (graphql-js, GitHub's schema) against resolvers over the same state, and a field the fake cannot
 * answer is recorded in `unknown` too. Every handled request is recorded and emitted as a `request` event.
 *
 * Nothing here calls `expect()`: tests assert on `requests`, `problems`, `unknown` and `invariantProblems()`.
 */
import { createVerify, randomBytes, type KeyObject } from "node:crypto";
import { EventEmitter } from "node:events";
import { graphql, type GraphQLFieldResolver } from "graphql";
import type { RepoStore } from "./e2e-git.js";
import { githubGraphqlSchema } from "./github-graphql-schema.js";
import { checkGraphqlRequest, operationName } from "./graphql.js";
import { checkRequest } from "./openapi.js";

export const OWNER = "acme";
export const REPO = "infra";
export const INSTALLATION_ID = 4242;
/** The repository's node id, as pull request payloads give it (`base.repo.node_id`). */
export const REPO_NODE_ID = "R_acme_infra";
/** The app's id unless said (the test Probot's, test/helpers/probot.ts). */
export const APP_ID = 1;
/** The app's id in the end-to-end tests. */
export const E2E_APP_ID = 777;
export const APP_SLUG = "netpol-guard";
export const BOT_LOGIN = `${APP_SLUG}[bot]`;
const REPO_PATH = `/repos/${OWNER}/${REPO}`;

export interface FakeRequest {
  method: string;
  /** Path and query, relative to the API root (no `/api/v3`), e.g. `/repos/acme/infra/pulls/7`. */
  path: string;
  headers: Record<string, string | undefined>;
  /** Raw body text ("" when none). */
  body: string;
}

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A request as the fake saw it. */
export interface RecordedCall {
  method: string;
  /** Path and query, e.g. `/repos/acme/infra/git/trees/abc?recursive=1`. */
  path: string;
  /** For GraphQL, the operation name. */
  operation?: string;
  body: unknown;
  status: number;
  /** Answered by an injected fault. */
  fault?: boolean;
  at: number;
}

export interface FaultSpec {
  method?: string;
  /** Matched against the path without the query. */
  path?: RegExp;
  /** GraphQL operation name. */
  operation?: string;
  /** Requests it answers (default 1). */
  times?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer: the client has to time out. */
  hang?: boolean;
  /** Do what the request asks first, then answer with the fault (GitHub acted, its answer was lost). */
  acted?: boolean;
}

interface Fault extends FaultSpec {
  served: number;
}

/** How one expected request is answered, where a strict test says so (github-mock.ts). */
export interface Answer {
  /** Answer with this status (and `body`, GitHub's message) instead of doing what the request asks. */
  status?: number;
  body?: unknown;
  /** The publishing mutation's parts (aliases) GitHub refuses, with its message. */
  refuse?: Map<string, string>;
  /** What the answer's body becomes (what the state does not say: a truncated tree, a closed pull request elsewhere). */
  amend?: (body: any) => unknown;
}

export interface FakePull {
  number: number;
  base: string;
  head: string;
  baseRef: string;
  headRef: string;
  state: "open" | "closed";
  draft: boolean;
  labels: string[];
  requestedTeams: string[];
  /** The author's login. */
  user: string;
  /** The head is in someone's fork. */
  fork: boolean;
  updatedAt: string;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  headSha: string;
  /** As the app created it (`external_id`). */
  externalId: string | null;
  status: string;
  conclusion: string | null;
  output: { title?: string | null; summary?: string | null; text?: string | null };
  annotations: Record<string, unknown>[];
  /** The app that created it: this app's, another app's or a workflow's run of the same name. */
  appId: number;
  startedAt: string | null;
  completedAt: string | null;
  checkSuiteId: number;
}

export interface FakeReview {
  id: number;
  pull: number;
  user: string;
  byApp: boolean;
  state: string;
  body: string;
  /** The commit reviewed. */
  commit: string;
  comments: Record<string, unknown>[];
  submittedAt: string;
}

export interface FakeComment {
  id: number;
  issue: number;
  user: string;
  byApp: boolean;
  body: string;
  createdAt: string;
  updatedAt: string;
  reactions: string[];
}

export interface FakeGitHubOptions {
  /** The app's public key: a JWT it signs is verified with it (any JWT is taken without it). */
  publicKey?: KeyObject | string;
  /** The app's id (APP_ID unless said): the issuer its JWTs must name, the app of the check runs it creates. */
  appId?: number;
  /** `false`: record requests without their bodies (a burst's bodies would weigh on its heap measure). */
  keepBodies?: boolean;
  /** `false`: take any credentials (a strict test lists the token request, and the test Probot's key is its own). */
  authenticate?: boolean;
  /** Where a tarball request is redirected for a commit (default: `/_archive/{sha}` on the fake itself). */
  archiveLocation?: (sha: string) => string;
}

/** GitHub refusing a valid GraphQL mutation (an error on its path, the other mutations done). */
class Refusal extends Error {}

/** The response that never comes: the binding leaves the request unanswered. */
export const HANG = Symbol("hang");

type Handler = (match: RegExpExecArray, request: FakeRequest, body: any, answer: Answer) => FakeResponse | Promise<FakeResponse>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers, body };
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The node id of a pull request, as the payloads and `pulls.get` give it. */
export function pullNodeId(number: number): string {
  return `PR_${number}`;
}

/** The node id of a check run, as `checks.create` gives it. */
export function checkRunNodeId(id: number): string {
  return `CR_${id}`;
}

/**
 * Loads GitHub's OpenAPI description and GraphQL schema now (blocking work, short since they are trimmed),
 * rather than inside the first request, where it would eat into the app's request timeout.
 */
export function warmUpFakeGitHub(): void {
  checkRequest("GET", new URL("https://api.github.com/repos/o/r/pulls/1"), undefined);
  checkGraphqlRequest({ query: 'query warmUp { repository(owner: "o", name: "r") { label(name: "l") { id } } }' });
  githubGraphqlSchema();
}

export class FakeGitHub extends EventEmitter {
  readonly requests: RecordedCall[] = [];
  /** Requests GitHub's description rejects. */
  readonly problems: string[] = [];
  /** Requests (and GraphQL fields) the fake does not know. */
  readonly unknown: string[] = [];
  readonly pulls = new Map<number, FakePull>();
  readonly checkRuns: FakeCheckRun[] = [];
  readonly reviews: FakeReview[] = [];
  readonly comments: FakeComment[] = [];
  /** Team slug -> its active members (the team's node id is `T_<slug>`). */
  readonly teams = new Map<string, Set<string>>();
  /** Team slug -> logins invited and not yet members. */
  readonly invitations = new Map<string, Set<string>>();
  /** Labels of the repository (name -> node id); REST `addLabels` creates one. */
  readonly labelIds = new Map<string, string>([["cross-vc-boundary", "LA_cross"]]);
  /** Commits whose archive was downloaded from the archive host (not an API request: not in `requests`). */
  readonly archiveDownloads: string[] = [];
  /** Branch name -> commit, for what is read at a branch's tip (the default branch's config). */
  readonly branches = new Map<string, string>();
  /** login -> admin, write, read. */
  readonly permissions = new Map<string, string>();
  /** Every installation token issued, and every JWT the app signed: none may reach a log. */
  readonly issuedTokens: string[] = [];
  readonly receivedJwts: string[] = [];
  /** GitHub's time (ISO, to the second) for the check runs it starts, when set; the real clock's otherwise. */
  clock: string | null = null;
  private readonly liveTokens = new Map<string, number>();
  private readonly faults: Fault[] = [];
  private readonly routes: [string, RegExp, Handler][];
  private nextCheckRunId = 1001;
  private nextReviewId = 5001;
  private nextCommentId = 9001;
  private nextId = 1;

  constructor(
    readonly git: RepoStore,
    private readonly options: FakeGitHubOptions = {},
  ) {
    super();
    this.setMaxListeners(1000);
    const r = (method: string, pattern: string, handler: Handler): [string, RegExp, Handler] => [method, new RegExp(`^${pattern.replace("{repo}", REPO_PATH)}$`), handler];
    this.routes = [
      r("POST", "/app/installations/(\\d+)/access_tokens", (m) => this.accessToken(Number(m[1]))),
      r("POST", "/graphql", (_m, _req, body, answer) => this.graphql(body, answer.refuse ?? new Map())),
      r("GET", "{repo}/git/trees/([^/]+)", (m) => this.answerTree(m[1]!)),
      r("GET", "{repo}/compare/([0-9a-f]+)\\.\\.\\.([0-9a-f]+)", (m) => this.answerCompare(m[1]!, m[2]!)),
      r("GET", "{repo}/git/blobs/([^/]+)", (m) => this.blob(m[1]!)),
      r("GET", "{repo}/tarball/([^/]+)", (m) =>
        this.git.object(m[1]!)?.type === "commit" ? { status: 302, headers: { location: this.archiveLocation(m[1]!) }, body: "" } : json(404, { message: "Not Found" }),
      ),
      r("GET", "{repo}/pulls", (_m, req) => {
        // The open pull requests into `base`, the most recently created (the highest number) first.
        const base = new URL(req.path, "http://x").searchParams.get("base");
        const open = [...this.pulls.values()].filter((p) => p.state === "open" && (base === null || p.baseRef === base)).sort((x, y) => y.number - x.number);
        return json(200, this.page(req, open.map((p) => this.pullJson(p))));
      }),
      r("GET", "{repo}/pulls/(\\d+)", (m) => this.withPull(m[1]!, (pull) => json(200, this.pullJson(pull)))),
      r("GET", "{repo}/pulls/(\\d+)/reviews", (m, req) => this.withPull(m[1]!, (pull) => json(200, this.page(req, this.reviews.filter((v) => v.pull === pull.number).map((v) => this.reviewJson(v)))))),
      r("POST", "{repo}/pulls/(\\d+)/reviews", (m, _req, body) => this.withPull(m[1]!, (pull) => this.answerCreateReview(pull, body))),
      r("POST", "{repo}/pulls/(\\d+)/requested_reviewers", (m, _req, body) =>
        this.withPull(m[1]!, (pull) => {
          for (const team of body.team_reviewers ?? []) if (!pull.requestedTeams.includes(team)) pull.requestedTeams.push(team);
          return json(201, this.pullJson(pull));
        }),
      ),
      r("POST", "{repo}/check-runs", (_m, _req, body) => this.answerCreateCheckRun(body)),
      r("PATCH", "{repo}/check-runs/(\\d+)", (m, _req, body) => this.answerUpdateCheckRun(Number(m[1]), body)),
      r("GET", "{repo}/commits/([^/]+)/check-runs", (m, req) => this.listCheckRuns(req, (run) => run.headSha === m[1])),
      r("GET", "{repo}/commits/([^/]+)/pulls", (m, req) =>
        json(200, this.page(req, [...this.pulls.values()].filter((p) => p.head === m[1]).map((p) => this.pullJson(p)))),
      ),
      r("GET", "{repo}/contents/(.+)", (m, req) => this.contents(decodeURIComponent(m[1]!), new URL(req.path, "http://x").searchParams.get("ref"))),
      r("GET", "{repo}/check-suites/(\\d+)/check-runs", (m, req) => this.listCheckRuns(req, (run) => run.checkSuiteId === Number(m[1]))),
      r("POST", "{repo}/issues/(\\d+)/labels", (m, _req, body) =>
        this.withPull(m[1]!, (pull) => {
          for (const name of body.labels ?? []) {
            if (!this.labelIds.has(name)) this.labelIds.set(name, `LA_${name}`);
            if (!pull.labels.includes(name)) pull.labels.push(name);
          }
          return json(200, pull.labels.map((name) => this.labelJson(name)));
        }),
      ),
      r("DELETE", "{repo}/issues/(\\d+)/labels/([^/]+)", (m) =>
        this.withPull(m[1]!, (pull) => {
          const name = decodeURIComponent(m[2]!);
          if (!pull.labels.includes(name)) return json(404, { message: "Label does not exist" });
          pull.labels = pull.labels.filter((l) => l !== name);
          return json(200, pull.labels.map((l) => this.labelJson(l)));
        }),
      ),
      r("GET", "{repo}/issues/(\\d+)/comments", (m, req) => {
        const since = new URL(req.path, "http://x").searchParams.get("since");
        const list = this.comments.filter((c) => c.issue === Number(m[1]) && (!since || c.updatedAt >= since));
        return json(200, this.page(req, list.map((c) => this.commentJson(c))));
      }),
      r("POST", "{repo}/issues/(\\d+)/comments", (m, _req, body) => {
        const comment = this.addComment(Number(m[1]), BOT_LOGIN, String(body.body));
        return json(201, this.commentJson(comment));
      }),
      r("PATCH", "{repo}/issues/comments/(\\d+)", (m, _req, body) => {
        const comment = this.comments.find((c) => c.id === Number(m[1]));
        if (!comment) return json(404, { message: "Not Found" });
        comment.body = String(body.body);
        comment.updatedAt = this.now();
        return json(200, this.commentJson(comment));
      }),
      r("POST", "{repo}/issues/comments/(\\d+)/reactions", (m, _req, body) => {
        const comment = this.comments.find((c) => c.id === Number(m[1]));
        if (!comment) return json(404, { message: "Not Found" });
        const existed = comment.reactions.includes(body.content);
        if (!existed) comment.reactions.push(body.content);
        return json(existed ? 200 : 201, { id: this.nextId++, content: body.content, user: this.userJson(BOT_LOGIN), created_at: this.now(), node_id: "R" });
      }),
      r("GET", `/orgs/${OWNER}/teams/([^/]+)/memberships/([^/]+)`, (m) => {
        const state = this.teams.get(m[1]!)?.has(m[2]!) ? "active" : this.invitations.get(m[1]!)?.has(m[2]!) ? "pending" : null;
        return state === null ? json(404, { message: "Not Found" }) : json(200, { state, role: "member", url: "" });
      }),
      r("GET", "{repo}/collaborators/([^/]+)/permission", (m) => {
        const permission = this.permissions.get(m[1]!) ?? "none";
        return json(200, { permission, role_name: permission, user: this.userJson(m[1]!) });
      }),
    ];
  }

  /** GitHub's time now. */
  now(): string {
    return isoSeconds(Date.now());
  }

  // ---------------------------------------------------------------------------------------------------
  // Setting the scene

  openPull(number: number, base: string, head: string, options: Partial<Omit<FakePull, "number" | "base" | "head">> = {}): FakePull {
    const pull: FakePull = { number, base, head, baseRef: "main", headRef: `feature-${number}`, state: "open", draft: false, labels: [], requestedTeams: [], user: "dev-1", fork: false, updatedAt: this.now(), ...options };
    this.pulls.set(number, pull);
    return pull;
  }

  /** A review (by the app when `user` is its bot login). */
  addReview(pull: number, user: string, state: string, commit: string, body = "", submittedAt = this.now()): FakeReview {
    const review: FakeReview = { id: this.nextReviewId++, pull, user, byApp: user === BOT_LOGIN, state, body, commit, comments: [], submittedAt };
    this.reviews.push(review);
    return review;
  }

  addComment(issue: number, user: string, body: string): FakeComment {
    const at = this.now();
    const comment: FakeComment = { id: this.nextCommentId++, issue, user, byApp: user === BOT_LOGIN, body, createdAt: at, updatedAt: at, reactions: [] };
    this.comments.push(comment);
    return comment;
  }

  /** A check run GitHub already has (another app's, or one this app created earlier). */
  addCheckRun(run: Pick<FakeCheckRun, "id" | "name" | "headSha" | "status" | "conclusion" | "output"> & Partial<FakeCheckRun>): FakeCheckRun {
    const full: FakeCheckRun = { externalId: null, annotations: [], appId: this.appId, startedAt: null, completedAt: null, checkSuiteId: 1, ...run };
    this.checkRuns.push(full);
    return full;
  }

  /** Answer matching requests with a fault before any route sees them. */
  fail(spec: FaultSpec): this {
    this.faults.push({ times: 1, ...spec, served: 0 });
    return this;
  }

  /** Every installation token issued so far stops working (401), as an expired one does. */
  expireTokens(): void {
    this.liveTokens.clear();
  }

  // ---------------------------------------------------------------------------------------------------
  // Serving

  /** Answers a request: by a fault injected with `fail()`, as `answer` says, or from the state. */
  async handle(request: FakeRequest, answer: Answer = {}): Promise<FakeResponse | typeof HANG> {
    const url = new URL(request.path, "https://api.github.com");
    // Where a tarball request redirects: the archive host, not the API (not recorded as a request).
    const archive = /^\/_archive\/([0-9a-f]{40})$/.exec(url.pathname);
    if (request.method === "GET" && archive) return this.archive(archive[1]!);
    const body = parseBody(request.body);
    const call: RecordedCall = { method: request.method, path: url.pathname + url.search, body: this.options.keepBodies === false ? undefined : body, status: 0, at: Date.now() };
    if (url.pathname === "/graphql") call.operation = operationName(body);
    try {
      const fault = this.faults.find(
        (f) =>
          f.served < (f.times ?? 1) &&
          (f.method === undefined || f.method === request.method) &&
          (f.path === undefined || f.path.test(url.pathname)) &&
          (f.operation === undefined || f.operation === call.operation),
      );
      if (fault) {
        fault.served++;
        call.fault = true;
        if (fault.acted) await this.route(request, url, body, answer);
        if (fault.hang) return HANG;
        const response = json(fault.status ?? 500, fault.body ?? { message: "Server Error" }, fault.headers ?? {});
        call.status = response.status;
        return response;
      }
      const response = await this.route(request, url, body, answer);
      call.status = response.status;
      return response;
    } catch (error) {
      this.problems.push(`${request.method} ${url.pathname}: the fake failed: ${String(error)}`);
      call.status = 500;
      return json(500, { message: String(error) });
    } finally {
      this.requests.push(call);
      this.emit("request", call);
    }
  }

  private async route(request: FakeRequest, url: URL, body: any, answer: Answer): Promise<FakeResponse> {
    const errors = url.pathname === "/graphql" ? checkGraphqlRequest(body) : checkRequest(request.method, url, body);
    if (errors.length > 0) {
      this.problems.push(...errors);
      return url.pathname === "/graphql" ? json(200, { errors: errors.map((message) => ({ message })) }) : json(422, { message: "Invalid request.", errors });
    }
    if (this.options.authenticate !== false && !this.authenticated(url, request.headers.authorization ?? "")) {
      return json(401, { message: /^\/app\//.test(url.pathname) ? "A JSON web token could not be decoded" : "Bad credentials" });
    }
    if (answer.status !== undefined) return json(answer.status, answer.body ?? { message: "Server Error" });
    for (const [method, pattern, handler] of this.routes) {
      if (method !== request.method) continue;
      const match = pattern.exec(url.pathname);
      if (!match) continue;
      const response = await handler(match, request, body, answer);
      if (answer.amend) response.body = answer.amend(response.body);
      return response;
    }
    this.unknown.push(`${request.method} ${url.pathname}`);
    return json(404, { message: "Not Found (unknown to the fake)" });
  }

  // ---------------------------------------------------------------------------------------------------
  // Authentication

  private authenticated(url: URL, authorization: string): boolean {
    if (/^\/app\//.test(url.pathname)) return this.verifyJwt(authorization);
    const token = /^token (\S+)$/i.exec(authorization)?.[1];
    const expires = token === undefined ? undefined : this.liveTokens.get(token);
    return expires !== undefined && expires >= Date.now();
  }

  private verifyJwt(authorization: string): boolean {
    const jwt = /^bearer (\S+)$/i.exec(authorization)?.[1];
    if (!jwt) return false;
    this.receivedJwts.push(jwt);
    const [header, payload, signature] = jwt.split(".");
    if (!header || !payload || !signature) return false;
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss?: unknown };
    if (String(claims.iss) !== String(this.appId)) return false;
    if (!this.options.publicKey) return true;
    const verify = createVerify("RSA-SHA256");
    verify.update(`${header}.${payload}`);
    return verify.verify(this.options.publicKey, Buffer.from(signature, "base64url"));
  }

  private accessToken(installationId: number): FakeResponse {
    if (installationId !== INSTALLATION_ID) return json(404, { message: "Not Found" });
    const token = `ghs_${randomBytes(18).toString("hex")}`;
    const expiresAt = Date.now() + 60 * 60 * 1000;
    this.issuedTokens.push(token);
    this.liveTokens.set(token, expiresAt);
    return json(201, {
      token,
      expires_at: isoSeconds(expiresAt),
      permissions: { checks: "write", pull_requests: "write", contents: "read", issues: "write", members: "read", metadata: "read" },
      repository_selection: "selected",
    });
  }

  // ---------------------------------------------------------------------------------------------------
  // Git data

  private answerTree(sha: string): FakeResponse {
    const tree = this.git.recursiveTree(sha);
    if (!tree) return json(404, { message: "Not Found" });
    const api = `https://api.github.com${REPO_PATH}`;
    return json(200, {
      sha: tree.sha,
      url: `${api}/git/trees/${tree.sha}`,
      truncated: false,
      tree: tree.entries.map((e) => ({ path: e.path, mode: e.mode, type: e.type, sha: e.sha, ...(e.size !== undefined ? { size: e.size } : {}), url: `${api}/git/${e.type}s/${e.sha}` })),
    });
  }

  /** `GET compare/{base}...{head}`: the counts and the merge base (the commits and files between are left out). */
  private answerCompare(base: string, head: string): FakeResponse {
    const compared = this.git.compare(base, head);
    if (!compared) return json(404, { message: "Not Found" });
    const { mergeBase, aheadBy, behindBy } = compared;
    const status = aheadBy === 0 && behindBy === 0 ? "identical" : behindBy === 0 ? "ahead" : aheadBy === 0 ? "behind" : "diverged";
    const commit = (sha: string): object => ({ sha, url: `https://api.github.com${REPO_PATH}/commits/${sha}` });
    return json(200, { url: `https://api.github.com${REPO_PATH}/compare/x`, status, ahead_by: aheadBy, behind_by: behindBy, total_commits: aheadBy, base_commit: commit(base), merge_base_commit: commit(mergeBase), commits: [], files: [] });
  }

  private archiveLocation(sha: string): string {
    return this.options.archiveLocation?.(sha) ?? `/_archive/${sha}`;
  }

  /** The commit's archive, under one top-level directory (GitHub's layout). */
  archive(sha: string): FakeResponse {
    this.archiveDownloads.push(sha);
    const bytes = this.git.archive(sha, `${OWNER}-${REPO}-${sha.slice(0, 7)}/`);
    return { status: 200, headers: { "content-type": "application/x-gzip" }, body: bytes };
  }

  private blob(sha: string): FakeResponse {
    const object = this.git.object(sha);
    if (!object || object.type !== "blob") return json(404, { message: "Not Found" });
    return json(200, { sha, node_id: "B", size: object.bytes.length, url: "", content: object.bytes.toString("base64"), encoding: "base64" });
  }

  // ---------------------------------------------------------------------------------------------------
  // GraphQL, executed against GitHub's schema

  private async graphql(body: { query: string; variables?: Record<string, unknown> }, refuse: Map<string, string>): Promise<FakeResponse> {
    const unanswered = new Set<string>();
    const fieldResolver: GraphQLFieldResolver<any, unknown> = (source, args, _context, info) => {
      if (source === null || typeof source !== "object" || !(info.fieldName in source)) {
        unanswered.add(`${info.parentType.name}.${info.fieldName}`);
        return null;
      }
      const refusal = info.parentType.name === "Mutation" ? refuse.get(String(info.path.key)) : undefined;
      if (refusal !== undefined) throw new Refusal(refusal);
      const value = source[info.fieldName];
      return typeof value === "function" ? value.call(source, args) : value;
    };
    const result = await graphql({
      schema: githubGraphqlSchema(),
      source: body.query,
      variableValues: body.variables ?? {},
      rootValue: {
        repository: ({ owner, name }: { owner: string; name: string }) => (owner === OWNER && name === REPO ? this.repositoryNode() : null),
        ...this.mutations(),
      },
      fieldResolver,
      typeResolver: (value: { __typename?: string }) => value.__typename,
    });
    for (const field of unanswered) this.unknown.push(`GraphQL field ${field}`);
    // A refusal is GitHub's answer to a valid request (a comment off the diff): not a problem of the request.
    for (const error of result.errors ?? []) if (!(error.originalError instanceof Refusal)) this.problems.push(`POST /graphql: ${error.message}`);
    return json(200, result);
  }

  /** The mutations the app sends, on the same state as the REST endpoints. */
  private mutations(): Record<string, (args: { input: Record<string, any> }) => object> {
    const payload = (typename: string): object => ({ __typename: typename, clientMutationId: null });
    const pullOf = (id: unknown): FakePull => {
      const pull = this.pulls.get(Number(String(id).replace(/^PR_/, "")));
      if (!pull) throw new Refusal(`Could not resolve to a node with the global id of '${String(id)}'`);
      return pull;
    };
    const labelsOf = (ids: string[]): string[] =>
      ids.map((id) => {
        const name = [...this.labelIds].find(([, nodeId]) => nodeId === id)?.[0];
        if (name === undefined) throw new Refusal(`Could not resolve to a node with the global id of '${id}'`);
        return name;
      });
    return {
      addPullRequestReview: ({ input }) => {
        const pull = pullOf(input.pullRequestId);
        const comments = (input.threads ?? []).map((t: Record<string, unknown>) => ({ path: t.path, line: t.line, side: t.side, ...(t.startLine ? { start_line: t.startLine } : {}), body: t.body }));
        const answer = this.answerCreateReview(pull, { commit_id: input.commitOID, body: input.body, event: input.event, comments });
        if (answer.status !== 200) throw new Refusal("Unprocessable Entity: Line could not be resolved");
        return payload("AddPullRequestReviewPayload");
      },
      requestReviews: ({ input }) => {
        const pull = pullOf(input.pullRequestId);
        const slugs = (input.teamIds ?? []).map((id: string) => id.replace(/^T_/, ""));
        for (const slug of slugs) if (!this.teams.has(slug)) throw new Refusal(`Could not resolve to a node with the global id of 'T_${slug}'`);
        if (!input.union) pull.requestedTeams = [];
        for (const slug of slugs) if (!pull.requestedTeams.includes(slug)) pull.requestedTeams.push(slug);
        return payload("RequestReviewsPayload");
      },
      addLabelsToLabelable: ({ input }) => {
        const pull = pullOf(input.labelableId);
        for (const name of labelsOf(input.labelIds)) if (!pull.labels.includes(name)) pull.labels.push(name);
        return payload("AddLabelsToLabelablePayload");
      },
      updateCheckRun: ({ input }) => {
        const run = this.checkRuns.find((r) => checkRunNodeId(r.id) === input.checkRunId);
        if (!run || input.repositoryId !== REPO_NODE_ID) throw new Refusal(`Could not resolve to a node with the global id of '${String(input.checkRunId)}'`);
        const { output } = input;
        const annotations = (output?.annotations ?? []).map((a: Record<string, any>) => ({
          path: a.path,
          start_line: a.location.startLine,
          end_line: a.location.endLine,
          annotation_level: String(a.annotationLevel).toLowerCase(),
          message: a.message,
          ...(a.title ? { title: a.title } : {}),
        }));
        const body = { status: input.status?.toLowerCase(), conclusion: input.conclusion?.toLowerCase(), output: output ? { ...output, annotations } : undefined };
        this.answerUpdateCheckRun(run.id, body);
        return payload("UpdateCheckRunPayload");
      },
      removeLabelsFromLabelable: ({ input }) => {
        const pull = pullOf(input.labelableId);
        const names = labelsOf(input.labelIds);
        pull.labels = pull.labels.filter((l) => !names.includes(l));
        return payload("RemoveLabelsFromLabelablePayload");
      },
    };
  }

  private repositoryNode(): object {
    const gitObject = (object: ReturnType<RepoStore["object"]>): object | null => {
      if (!object) return null;
      if (object.type !== "blob") return { __typename: object.type === "tree" ? "Tree" : "Commit", oid: object.sha };
      const binary = object.bytes.includes(0);
      const text = binary ? null : object.bytes.toString("utf8");
      return { __typename: "Blob", oid: object.sha, byteSize: object.bytes.length, isBinary: binary, isTruncated: false, text };
    };
    return {
      __typename: "Repository",
      nameWithOwner: `${OWNER}/${REPO}`,
      owner: { __typename: "Organization", team: ({ slug }: { slug: string }) => (this.teams.has(slug) ? { __typename: "Team", id: `T_${slug}` } : null) },
      label: ({ name }: { name: string }) => {
        const id = this.labelIds.get(name);
        return id === undefined ? null : { __typename: "Label", id };
      },
      object: ({ expression, oid }: { expression?: string; oid?: string }) => gitObject(oid !== undefined ? this.git.object(oid) : this.git.objectAt(expression ?? "")),
      pullRequest: ({ number }: { number: number }) => {
        const pull = this.pulls.get(number);
        if (!pull) return null;
        return {
          __typename: "PullRequest",
          number,
          reviews: ({ first, last }: { first?: number; last?: number }) => {
            const all = this.reviews.filter((v) => v.pull === number);
            const nodes = last !== undefined ? all.slice(-last) : all.slice(0, first ?? all.length);
            return {
              totalCount: all.length,
              pageInfo: { hasNextPage: false, hasPreviousPage: last !== undefined && all.length > last, startCursor: null, endCursor: null },
              nodes: nodes.map((v) => ({
                __typename: "PullRequestReview",
                viewerDidAuthor: v.byApp,
                body: v.body,
                state: v.state,
                submittedAt: v.submittedAt,
                author: { __typename: v.byApp ? "Bot" : "User", login: v.byApp ? APP_SLUG : v.user },
                commit: { __typename: "Commit", oid: v.commit },
              })),
            };
          },
        };
      },
    };
  }

  // ---------------------------------------------------------------------------------------------------
  // Pull requests, reviews, check runs

  private withPull(number: string, then: (pull: FakePull) => FakeResponse): FakeResponse {
    const pull = this.pulls.get(Number(number));
    return pull ? then(pull) : json(404, { message: "Not Found" });
  }

  private page(request: FakeRequest, items: unknown[]): unknown[] {
    const query = new URL(request.path, "http://x").searchParams;
    const perPage = Number(query.get("per_page") ?? 30);
    const page = Number(query.get("page") ?? 1);
    return items.slice((page - 1) * perPage, page * perPage);
  }

  private answerCreateReview(pull: FakePull, body: { commit_id?: string; body?: string; event?: string; comments?: Record<string, unknown>[] }): FakeResponse {
    const commit = body.commit_id ?? pull.head;
    const diff = this.git.diff(pull.base, commit);
    if (diff !== null) {
      const files = new Map(diff.map((f) => [f.filename, f]));
      for (const comment of body.comments ?? []) {
        const file = files.get(String(comment.path));
        if (!file || !onRightSide(file.patch ?? "", Number(comment.line))) {
          return json(422, { message: "Unprocessable Entity", errors: ["Line could not be resolved"], documentation_url: "" });
        }
      }
    }
    const state = body.event === "APPROVE" ? "APPROVED" : body.event === "REQUEST_CHANGES" ? "CHANGES_REQUESTED" : "COMMENTED";
    const review = this.addReview(pull.number, BOT_LOGIN, state, commit, body.body ?? "");
    review.comments = body.comments ?? [];
    return json(200, this.reviewJson(review));
  }

  private answerCreateCheckRun(body: Record<string, any>): FakeResponse {
    if (this.git.object(body.head_sha)?.type !== "commit") return json(422, { message: "No commit found for SHA: " + body.head_sha });
    const run = this.addCheckRun({
      id: this.nextCheckRunId++,
      name: body.name,
      headSha: body.head_sha,
      externalId: body.external_id ?? null,
      status: body.conclusion ? "completed" : (body.status ?? "queued"),
      conclusion: body.conclusion ?? null,
      output: { title: body.output?.title ?? null, summary: body.output?.summary ?? null, text: body.output?.text ?? null },
      annotations: [...(body.output?.annotations ?? [])],
      startedAt: this.clock ?? this.now(),
      completedAt: body.conclusion ? (this.clock ?? this.now()) : null,
    });
    return json(201, this.checkRunJson(run));
  }

  private answerUpdateCheckRun(id: number, body: Record<string, any>): FakeResponse {
    const run = this.checkRuns.find((r) => r.id === id);
    if (!run) return json(404, { message: "Not Found" });
    if (body.status) run.status = body.status;
    if (body.conclusion) {
      run.conclusion = body.conclusion;
      run.status = "completed";
      run.completedAt = this.now();
    }
    if (body.output) {
      run.output = { title: body.output.title ?? run.output.title, summary: body.output.summary ?? run.output.summary, text: body.output.text ?? run.output.text };
      run.annotations.push(...(body.output.annotations ?? []));
    }
    return json(200, this.checkRunJson(run));
  }

  private listCheckRuns(request: FakeRequest, which: (run: FakeCheckRun) => boolean): FakeResponse {
    const query = new URL(request.path, "http://x").searchParams;
    const name = query.get("check_name");
    const appId = query.get("app_id");
    let runs = this.checkRuns.filter((run) => which(run) && (name === null || run.name === name) && (appId === null || Number(appId) === run.appId));
    if (query.get("filter") !== "all") {
      const latest = new Map<string, FakeCheckRun>();
      for (const run of runs) latest.set(run.name, run);
      runs = [...latest.values()];
    }
    runs = [...runs].sort((a, b) => b.id - a.id);
    return json(200, { total_count: runs.length, check_runs: this.page(request, runs.map((run) => this.checkRunJson(run))) });
  }

  private get appId(): number {
    return this.options.appId ?? APP_ID;
  }

  // ---------------------------------------------------------------------------------------------------
  // JSON shapes

  private userJson(login: string): object {
    return { login, id: 1, node_id: "U", type: login.endsWith("[bot]") ? "Bot" : "User", site_admin: false };
  }

  private labelJson(name: string): object {
    return { id: 1, node_id: this.labelIds.get(name) ?? "L", url: "", name, color: "ededed", default: false, description: null };
  }

  private appJson(id = this.appId): object {
    return { id, slug: id === this.appId ? APP_SLUG : "other", node_id: "A", name: id === this.appId ? APP_SLUG : "other", owner: null, description: null, external_url: "", html_url: "", created_at: this.now(), updated_at: this.now(), permissions: {}, events: [] };
  }

  /** `repos.getContent` of a file at a branch (`refs/heads/NAME`) or commit. */
  private contents(path: string, ref: string | null): FakeResponse {
    const branch = ref?.replace(/^refs\/heads\//, "") ?? "main";
    const sha = this.branches.get(branch) ?? (ref && /^[0-9a-f]{40}$/.test(ref) ? ref : null);
    const blob = sha === null ? null : this.git.objectAt(`${sha}:${path}`);
    if (!blob || blob.type !== "blob") return json(404, { message: "Not Found" });
    return json(200, { type: "file", encoding: "base64", size: blob.bytes.length, name: path.split("/").pop(), path, sha: blob.sha, content: blob.bytes.toString("base64") });
  }

  pullJson(pull: FakePull): Record<string, unknown> {
    const repo = { id: 1, node_id: REPO_NODE_ID, name: REPO, full_name: `${OWNER}/${REPO}`, fork: false, owner: this.userJson(OWNER) };
    const headRepo = pull.fork ? { id: 2, node_id: "R_fork", name: REPO, full_name: `someone/${REPO}`, fork: true, owner: this.userJson("someone") } : repo;
    return {
      id: pull.number,
      node_id: pullNodeId(pull.number),
      number: pull.number,
      state: pull.state,
      draft: pull.draft,
      title: `Change ${pull.number}`,
      user: this.userJson(pull.user),
      base: { ref: pull.baseRef, sha: pull.base, repo, label: `${OWNER}:${pull.baseRef}`, user: this.userJson(OWNER) },
      head: { ref: pull.headRef, sha: pull.head, repo: headRepo, label: `${OWNER}:${pull.headRef}`, user: this.userJson(pull.user) },
      labels: pull.labels.map((name) => this.labelJson(name)),
      requested_teams: pull.requestedTeams.map((slug) => ({ id: 1, node_id: `T_${slug}`, slug, name: slug })),
      requested_reviewers: [],
      updated_at: pull.updatedAt,
    };
  }

  private reviewJson(review: FakeReview): object {
    return {
      id: review.id,
      node_id: "PRR",
      user: this.userJson(review.user),
      body: review.body,
      state: review.state,
      commit_id: review.commit,
      submitted_at: review.submittedAt,
      html_url: "",
      pull_request_url: "",
      author_association: review.byApp ? "NONE" : "MEMBER",
      _links: {},
    };
  }

  private checkRunJson(run: FakeCheckRun): object {
    return {
      id: run.id,
      node_id: checkRunNodeId(run.id),
      name: run.name,
      head_sha: run.headSha,
      external_id: run.externalId,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      output: { title: run.output.title ?? null, summary: run.output.summary ?? null, text: run.output.text ?? null, annotations_count: run.annotations.length, annotations_url: "" },
      check_suite: { id: run.checkSuiteId },
      app: this.appJson(run.appId),
      pull_requests: [],
      url: "",
      html_url: "",
      details_url: "",
    };
  }

  private commentJson(comment: FakeComment): object {
    return {
      id: comment.id,
      node_id: "IC",
      body: comment.body,
      user: this.userJson(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${comment.issue}#issuecomment-${comment.id}`,
      issue_url: "",
      url: "",
      author_association: comment.byApp ? "NONE" : "MEMBER",
      performed_via_github_app: comment.byApp ? this.appJson() : null,
    };
  }

  // ---------------------------------------------------------------------------------------------------
  // What the tests read

  /** `METHOD path` (GraphQL: `POST /graphql operation`), repository path shortened, faults marked, commits by name. */
  summary(): string[] {
    return this.requests.map((r) => this.named(`${r.method} ${r.path.replace(REPO_PATH, "{repo}")}${r.operation ? ` ${r.operation}` : ""}${r.fault ? ` -> ${r.status || "no answer"} (fault)` : ""}`));
  }

  /** `text` with the commit SHAs the repository names replaced by `@name`, and the random run marker by `@marker`. */
  named(text: string): string {
    let result = text;
    for (const [sha, name] of this.commitNames()) result = result.replaceAll(sha, `@${name}`);
    // The marker of a check-run creation is random (check-runs.ts).
    return result.replace(/netpol-guard-run [0-9a-f-]{36}/g, "netpol-guard-run @marker");
  }

  /** Commit SHA -> name, where the repository names its commits (none here: see GitHubMock). */
  protected commitNames(): Map<string, string> {
    return new Map();
  }

  /** The bodies of the requests whose summary line contains `what`, commit SHAs and run markers named. */
  bodies(what: string): unknown[] {
    const lines = this.summary();
    return this.requests
      .filter((_, i) => lines[i]!.includes(what))
      .map((r) => (r.body === undefined ? undefined : JSON.parse(this.named(JSON.stringify(r.body)))));
  }

  /** Requests that only read (GET, and GraphQL queries, not mutations), access tokens left out. */
  reads(): string[] {
    const mutation = (i: number): boolean => /^\s*mutation\b/.test(String((this.requests[i]!.body as { query?: unknown } | undefined)?.query ?? ""));
    return this.summary().filter((line, i) => line.startsWith("GET ") || (line.startsWith("POST /graphql") && !mutation(i)));
  }

  /** Check runs on a commit, oldest first. */
  checksOn(sha: string): FakeCheckRun[] {
    return this.checkRuns.filter((run) => run.headSha === sha);
  }

  /**
   * What went wrong for GitHub's side of the story: a check run left unfinished, a review of one head
   * posted twice, a reply posted twice, a request GitHub would reject or the fake does not know.
   */
  invariantProblems(): string[] {
    const problems = [...this.problems, ...this.unknown.map((u) => `unknown: ${u}`)];
    for (const run of this.checkRuns) {
      if (run.status !== "completed") problems.push(`check run ${run.id} (${run.name} on ${run.headSha}) was left ${run.status}`);
    }
    const reviewed = new Set<string>();
    for (const review of this.reviews.filter((v) => v.byApp)) {
      const key = `#${review.pull}@${review.commit}`;
      if (reviewed.has(key)) problems.push(`the app reviewed ${key} twice`);
      reviewed.add(key);
    }
    const replies = new Set<string>();
    for (const comment of this.comments.filter((c) => c.byApp)) {
      const key = `#${comment.issue} ${comment.body}`;
      if (replies.has(key)) problems.push(`the app posted the same comment on #${comment.issue} twice`);
      replies.add(key);
    }
    return problems;
  }
}

function parseBody(body: string): unknown {
  if (body === "") return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** Whether a right-side line appears (added or context) in a patch. */
function onRightSide(patch: string, line: number): boolean {
  let right = 0;
  let inHunk = false;
  for (const text of patch.split("\n")) {
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header) {
      right = Number(header[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (text.startsWith("+") || text.startsWith(" ")) {
      if (right === line) return true;
      right++;
    }
  }
  return false;
}

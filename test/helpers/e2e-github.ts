/**
 * A stand-in GitHub: the REST and GraphQL endpoints the app uses, answered from a real git repository on
 * disk (`GitRepo`) and an in-memory state of pull requests, check runs, reviews, labels and comments. It is
 * transport-free: `handle()` takes a request and returns a response, and two thin bindings serve it, over
 * node:http on 127.0.0.1 (`e2e-server.ts`) or through nock (the fault tests).
 *
 * It behaves like GitHub where the app depends on it: installation tokens are issued against a JWT signed
 * with the app's key (verified when the public key is given) and refused (401) once expired or revoked;
 * every REST request is checked against GitHub's OpenAPI description and every GraphQL query against its
 * schema, and a request either rejects is answered 422 (REST) or with errors (GraphQL) and recorded in
 * `problems`; a request no route knows is answered 404 and recorded in `unknown`. GraphQL queries are
 * executed (graphql-js, GitHub's schema) against resolvers over the same state, and a field the stand-in
 * cannot answer is recorded in `unknown` too. Faults (a status, headers, or no answer at all) are injected
 * per request with `fail()`. Every handled request is recorded and emitted as a `request` event.
 *
 * Nothing here calls `expect()`: tests assert on `requests`, `problems`, `unknown` and `invariantProblems()`.
 */
import { createVerify, randomBytes, type KeyObject } from "node:crypto";
import { EventEmitter } from "node:events";
import { graphql, type GraphQLFieldResolver } from "graphql";
import type { GitObject, GitRepo } from "./e2e-git.js";
import { compareJson, REPO_NODE_ID } from "./github-mock.js";
import { githubGraphqlSchema } from "./github-graphql-schema.js";
import { checkGraphqlRequest, operationName } from "./graphql.js";
import { checkRequest } from "./openapi.js";

export const E2E_OWNER = "acme";
export const E2E_REPO = "infra";
export const E2E_INSTALLATION_ID = 4242;
export const E2E_APP_ID = 777;
export const E2E_APP_SLUG = "netpol-guard";
export const E2E_BOT_LOGIN = `${E2E_APP_SLUG}[bot]`;

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

/** A request as the stand-in saw it. */
export interface RecordedCall {
  method: string;
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
  user: string;
  updatedAt: string;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: Record<string, unknown>[];
  started_at: string;
  completed_at: string | null;
  check_suite_id: number;
}

export interface FakeReview {
  id: number;
  pull: number;
  user: string;
  byApp: boolean;
  state: string;
  body: string;
  commit_id: string;
  comments: Record<string, unknown>[];
  submitted_at: string;
}

export interface FakeComment {
  id: number;
  issue: number;
  user: string;
  byApp: boolean;
  body: string;
  created_at: string;
  updated_at: string;
  reactions: string[];
}

/** GitHub refusing a valid GraphQL mutation (an error on its path, the other mutations done). */
class Refusal extends Error {}

/** The response that never comes: the binding leaves the request unanswered. */
export const HANG = Symbol("hang");

type Handler = (match: RegExpExecArray, request: FakeRequest, body: any) => FakeResponse | Promise<FakeResponse>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers, body };
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
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
  /** Requests (and GraphQL fields) the stand-in does not know. */
  readonly unknown: string[] = [];
  readonly pulls = new Map<number, FakePull>();
  readonly checkRuns: FakeCheckRun[] = [];
  readonly reviews: FakeReview[] = [];
  readonly comments: FakeComment[] = [];
  /** team slug -> member logins. */
  readonly teams = new Map<string, Set<string>>();
  /** Commits whose archive was downloaded from the archive host. */
  readonly archiveDownloads: string[] = [];
  /** Branch name -> commit, for what is read at a branch's tip (the default branch's config). */
  readonly branches = new Map<string, string>();
  /** Labels the repository has (a pull request's label must be one; REST `addLabels` creates it). */
  readonly repoLabels = new Set<string>(["cross-vc-boundary"]);
  /** login -> admin, write, read. */
  readonly permissions = new Map<string, string>();
  /** Every installation token issued, and every JWT the app signed: none may reach a log. */
  readonly issuedTokens: string[] = [];
  readonly receivedJwts: string[] = [];
  private readonly liveTokens = new Map<string, number>();
  private readonly faults: Fault[] = [];
  private readonly routes: [string, RegExp, Handler][];
  private nextId = 1000;

  constructor(
    readonly git: GitRepo,
    /** `keepBodies: false`: record requests without their bodies (a burst's bodies would weigh on its heap measure). */
    private readonly options: { publicKey?: KeyObject | string; appId?: number; keepBodies?: boolean } = {},
  ) {
    super();
    this.setMaxListeners(1000);
    const repo = `/repos/${E2E_OWNER}/${E2E_REPO}`;
    const r = (method: string, pattern: string, handler: Handler): [string, RegExp, Handler] => [method, new RegExp(`^${pattern.replace("{repo}", repo)}$`), handler];
    this.routes = [
      r("POST", "/app/installations/(\\d+)/access_tokens", (m, req) => this.accessToken(Number(m[1]), req)),
      r("POST", "/graphql", (_m, _req, body) => this.graphql(body)),
      r("GET", "{repo}/git/trees/([^/]+)", (m) => this.tree(m[1]!)),
      r("GET", "{repo}/compare/([0-9a-f]+)\\.\\.\\.([0-9a-f]+)", (m) => this.compare(m[1]!, m[2]!)),
      r("GET", "{repo}/git/blobs/([^/]+)", (m) => this.blob(m[1]!)),
      r("GET", "{repo}/tarball/([^/]+)", (m) =>
        this.git.object(m[1]!)?.type === "commit" ? { status: 302, headers: { location: `/_archive/${m[1]!}` }, body: "" } : json(404, { message: "Not Found" }),
      ),
      r("GET", "{repo}/pulls", (_m, req) => {
        // The open pull requests into `base`, the most recently created (the highest number) first.
        const base = new URL(req.path, "http://x").searchParams.get("base");
        const open = [...this.pulls.values()].filter((p) => p.state === "open" && (base === null || p.baseRef === base)).sort((x, y) => y.number - x.number);
        return json(200, this.page(req, open.map((p) => this.pullJson(p))));
      }),
      r("GET", "{repo}/pulls/(\\d+)", (m) => this.withPull(m[1]!, (pull) => json(200, this.pullJson(pull)))),
      r("GET", "{repo}/pulls/(\\d+)/reviews", (m, req) => this.withPull(m[1]!, (pull) => json(200, this.page(req, this.reviews.filter((v) => v.pull === pull.number).map((v) => this.reviewJson(v)))))),
      r("POST", "{repo}/pulls/(\\d+)/reviews", (m, _req, body) => this.withPull(m[1]!, (pull) => this.createReview(pull, body))),
      r("POST", "{repo}/pulls/(\\d+)/requested_reviewers", (m, _req, body) =>
        this.withPull(m[1]!, (pull) => {
          for (const team of body.team_reviewers ?? []) if (!pull.requestedTeams.includes(team)) pull.requestedTeams.push(team);
          return json(201, this.pullJson(pull));
        }),
      ),
      r("POST", "{repo}/check-runs", (_m, _req, body) => this.createCheckRun(body)),
      r("PATCH", "{repo}/check-runs/(\\d+)", (m, _req, body) => this.updateCheckRun(Number(m[1]), body)),
      r("GET", "{repo}/commits/([^/]+)/check-runs", (m, req) => this.listCheckRuns(req, (run) => run.head_sha === m[1])),
      r("GET", "{repo}/commits/([^/]+)/pulls", (m, req) =>
        json(200, this.page(req, [...this.pulls.values()].filter((p) => p.head === m[1]).map((p) => this.pullJson(p)))),
      ),
      r("GET", "{repo}/contents/(.+)", (m, req) => this.contents(decodeURIComponent(m[1]!), new URL(req.path, "http://x").searchParams.get("ref"))),
      r("GET", "{repo}/check-suites/(\\d+)/check-runs", (m, req) => this.listCheckRuns(req, (run) => run.check_suite_id === Number(m[1]))),
      r("POST", "{repo}/issues/(\\d+)/labels", (m, _req, body) =>
        this.withPull(m[1]!, (pull) => {
          for (const name of body.labels ?? []) {
            this.repoLabels.add(name);
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
        const list = this.comments.filter((c) => c.issue === Number(m[1]) && (!since || c.updated_at >= since));
        return json(200, this.page(req, list.map((c) => this.commentJson(c))));
      }),
      r("POST", "{repo}/issues/(\\d+)/comments", (m, _req, body) => {
        const comment = this.addComment(Number(m[1]), E2E_BOT_LOGIN, String(body.body));
        return json(201, this.commentJson(comment));
      }),
      r("PATCH", "{repo}/issues/comments/(\\d+)", (m, _req, body) => {
        const comment = this.comments.find((c) => c.id === Number(m[1]));
        if (!comment) return json(404, { message: "Not Found" });
        comment.body = String(body.body);
        comment.updated_at = now();
        return json(200, this.commentJson(comment));
      }),
      r("POST", "{repo}/issues/comments/(\\d+)/reactions", (m, _req, body) => {
        const comment = this.comments.find((c) => c.id === Number(m[1]));
        if (!comment) return json(404, { message: "Not Found" });
        const existed = comment.reactions.includes(body.content);
        if (!existed) comment.reactions.push(body.content);
        return json(existed ? 200 : 201, { id: this.nextId++, content: body.content, user: this.userJson(E2E_BOT_LOGIN), created_at: now(), node_id: "R" });
      }),
      r("GET", `/orgs/${E2E_OWNER}/teams/([^/]+)/memberships/([^/]+)`, (m) =>
        this.teams.get(m[1]!)?.has(m[2]!) ? json(200, { state: "active", role: "member", url: "" }) : json(404, { message: "Not Found" }),
      ),
      r("GET", "{repo}/collaborators/([^/]+)/permission", (m) => {
        const permission = this.permissions.get(m[1]!) ?? "none";
        return json(200, { permission, role_name: permission, user: this.userJson(m[1]!) });
      }),
    ];
  }

  // ---------------------------------------------------------------------------------------------------
  // Setting the scene

  openPull(number: number, base: string, head: string, options: Partial<Omit<FakePull, "number" | "base" | "head">> = {}): FakePull {
    const pull: FakePull = { number, base, head, baseRef: "main", headRef: `feature-${number}`, state: "open", draft: false, labels: [], requestedTeams: [], user: "dev-1", updatedAt: now(), ...options };
    this.pulls.set(number, pull);
    return pull;
  }

  /** A review by a person (not the app). */
  addReview(pull: number, user: string, state: string, commitId: string, body = ""): FakeReview {
    const review: FakeReview = { id: this.nextId++, pull, user, byApp: false, state, body, commit_id: commitId, comments: [], submitted_at: now() };
    this.reviews.push(review);
    return review;
  }

  addComment(issue: number, user: string, body: string): FakeComment {
    const at = now();
    const comment: FakeComment = { id: this.nextId++, issue, user, byApp: user === E2E_BOT_LOGIN, body, created_at: at, updated_at: at, reactions: [] };
    this.comments.push(comment);
    return comment;
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

  async handle(request: FakeRequest): Promise<FakeResponse | typeof HANG> {
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
        if (fault.acted) await this.route(request, url, body);
        if (fault.hang) return HANG;
        const response = json(fault.status ?? 500, fault.body ?? { message: "Server Error" }, fault.headers ?? {});
        call.status = response.status;
        return response;
      }
      const response = await this.route(request, url, body);
      call.status = response.status;
      return response;
    } catch (error) {
      this.problems.push(`${request.method} ${url.pathname}: the stand-in failed: ${String(error)}`);
      call.status = 500;
      return json(500, { message: String(error) });
    } finally {
      this.requests.push(call);
      this.emit("request", call);
    }
  }

  private async route(request: FakeRequest, url: URL, body: any): Promise<FakeResponse> {
    const isAppRoute = /^\/app\//.test(url.pathname);
    if (url.pathname === "/graphql") {
      const errors = checkGraphqlRequest(body);
      if (errors.length > 0) {
        this.problems.push(...errors);
        return json(200, { errors: errors.map((message) => ({ message })) });
      }
    } else {
      const errors = checkRequest(request.method, url, body);
      if (errors.length > 0) {
        this.problems.push(...errors);
        return json(422, { message: "Invalid request.", errors });
      }
    }
    const auth = request.headers.authorization ?? "";
    if (isAppRoute) {
      if (!this.verifyJwt(auth)) return json(401, { message: "A JSON web token could not be decoded" });
    } else {
      const token = /^token (\S+)$/i.exec(auth)?.[1];
      const expires = token === undefined ? undefined : this.liveTokens.get(token);
      if (expires === undefined || expires < Date.now()) return json(401, { message: "Bad credentials" });
    }
    for (const [method, pattern, handler] of this.routes) {
      if (method !== request.method) continue;
      const match = pattern.exec(url.pathname);
      if (match) return handler(match, request, body);
    }
    this.unknown.push(`${request.method} ${url.pathname}`);
    return json(404, { message: "Not Found (unknown to the stand-in)" });
  }

  // ---------------------------------------------------------------------------------------------------
  // Authentication

  private verifyJwt(authorization: string): boolean {
    const jwt = /^bearer (\S+)$/i.exec(authorization)?.[1];
    if (!jwt) return false;
    this.receivedJwts.push(jwt);
    const [header, payload, signature] = jwt.split(".");
    if (!header || !payload || !signature) return false;
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss?: unknown };
    if (this.options.appId !== undefined && String(claims.iss) !== String(this.options.appId)) return false;
    if (!this.options.publicKey) return true;
    const verify = createVerify("RSA-SHA256");
    verify.update(`${header}.${payload}`);
    return verify.verify(this.options.publicKey, Buffer.from(signature, "base64url"));
  }

  private accessToken(installationId: number, _request: FakeRequest): FakeResponse {
    if (installationId !== E2E_INSTALLATION_ID) return json(404, { message: "Not Found" });
    const token = `ghs_${randomBytes(18).toString("hex")}`;
    const expiresAt = Date.now() + 60 * 60 * 1000;
    this.issuedTokens.push(token);
    this.liveTokens.set(token, expiresAt);
    return json(201, {
      token,
      expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
      permissions: { checks: "write", pull_requests: "write", contents: "read", issues: "write", members: "read", metadata: "read" },
      repository_selection: "selected",
    });
  }

  // ---------------------------------------------------------------------------------------------------
  // Git data

  private tree(sha: string): FakeResponse {
    const tree = this.git.recursiveTree(sha);
    if (!tree) return json(404, { message: "Not Found" });
    const api = `https://api.github.com/repos/${E2E_OWNER}/${E2E_REPO}`;
    return json(200, {
      sha: tree.sha,
      url: `${api}/git/trees/${tree.sha}`,
      truncated: false,
      tree: tree.entries.map((e) => ({ path: e.path, mode: e.mode, type: e.type, sha: e.sha, ...(e.size !== undefined ? { size: e.size } : {}), url: `${api}/git/${e.type}s/${e.sha}` })),
    });
  }

  /** `GET compare/{base}...{head}`: the counts and the merge base (the commits and files between are left out). */
  private compare(base: string, head: string): FakeResponse {
    const compared = this.git.compare(base, head);
    if (!compared) return json(404, { message: "Not Found" });
    const { mergeBase, aheadBy, behindBy } = compared;
    const status = aheadBy === 0 && behindBy === 0 ? "identical" : behindBy === 0 ? "ahead" : aheadBy === 0 ? "behind" : "diverged";
    return json(200, compareJson(base, mergeBase, status, aheadBy, behindBy));
  }

  /** The commit as `git archive` makes it (honouring `.gitattributes`), under one top-level directory. */
  private archive(sha: string): FakeResponse {
    this.archiveDownloads.push(sha);
    const bytes = this.git.archive(sha, `${E2E_OWNER}-${E2E_REPO}-${sha.slice(0, 7)}/`);
    return { status: 200, headers: { "content-type": "application/x-gzip" }, body: bytes };
  }

  private blob(sha: string): FakeResponse {
    const object = this.git.object(sha);
    if (!object || object.type !== "blob") return json(404, { message: "Not Found" });
    return json(200, { sha, node_id: "B", size: object.bytes.length, url: "", content: object.bytes.toString("base64"), encoding: "base64" });
  }

  // ---------------------------------------------------------------------------------------------------
  // GraphQL, executed against GitHub's schema

  private async graphql(body: { query: string; variables?: Record<string, unknown> }): Promise<FakeResponse> {
    const unanswered = new Set<string>();
    const fieldResolver: GraphQLFieldResolver<any, unknown> = (source, args, _context, info) => {
      if (source === null || typeof source !== "object" || !(info.fieldName in source)) {
        unanswered.add(`${info.parentType.name}.${info.fieldName}`);
        return null;
      }
      const value = source[info.fieldName];
      return typeof value === "function" ? value.call(source, args) : value;
    };
    const result = await graphql({
      schema: githubGraphqlSchema(),
      source: body.query,
      variableValues: body.variables ?? {},
      rootValue: {
        repository: ({ owner, name }: { owner: string; name: string }) => (owner === E2E_OWNER && name === E2E_REPO ? this.repositoryNode() : null),
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
        const name = id.replace(/^LA_/, "");
        if (!this.repoLabels.has(name)) throw new Refusal(`Could not resolve to a node with the global id of '${id}'`);
        return name;
      });
    return {
      addPullRequestReview: ({ input }) => {
        const pull = pullOf(input.pullRequestId);
        const comments = (input.threads ?? []).map((t: Record<string, unknown>) => ({ path: t.path, line: t.line, side: t.side, ...(t.startLine ? { start_line: t.startLine } : {}), body: t.body }));
        const answer = this.createReview(pull, { commit_id: input.commitOID, body: input.body, event: input.event, comments });
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
        this.updateCheckRun(run.id, body);
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
    const gitObject = (object: GitObject | null): object | null => {
      if (!object) return null;
      if (object.type !== "blob") return { __typename: object.type === "tree" ? "Tree" : "Commit", oid: object.sha };
      const binary = object.bytes.includes(0);
      const text = binary ? null : object.bytes.toString("utf8");
      return { __typename: "Blob", oid: object.sha, byteSize: object.bytes.length, isBinary: binary, isTruncated: false, text };
    };
    return {
      __typename: "Repository",
      nameWithOwner: `${E2E_OWNER}/${E2E_REPO}`,
      owner: { __typename: "Organization", team: ({ slug }: { slug: string }) => (this.teams.has(slug) ? { __typename: "Team", id: `T_${slug}` } : null) },
      label: ({ name }: { name: string }) => (this.repoLabels.has(name) ? { __typename: "Label", id: `LA_${name}` } : null),
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
                submittedAt: v.submitted_at,
                author: { __typename: v.byApp ? "Bot" : "User", login: v.byApp ? E2E_APP_SLUG : v.user },
                commit: { __typename: "Commit", oid: v.commit_id },
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

  private createReview(pull: FakePull, body: { commit_id?: string; body?: string; event?: string; comments?: Record<string, unknown>[] }): FakeResponse {
    const commit = body.commit_id ?? pull.head;
    const diff = new Map(this.git.diff(pull.base, commit).map((f) => [f.filename, f]));
    for (const comment of body.comments ?? []) {
      const file = diff.get(String(comment.path));
      if (!file || !onRightSide(file.patch ?? "", Number(comment.line))) {
        return json(422, { message: "Unprocessable Entity", errors: ["Line could not be resolved"], documentation_url: "" });
      }
    }
    const review: FakeReview = {
      id: this.nextId++,
      pull: pull.number,
      user: E2E_BOT_LOGIN,
      byApp: true,
      state: body.event === "APPROVE" ? "APPROVED" : body.event === "REQUEST_CHANGES" ? "CHANGES_REQUESTED" : "COMMENTED",
      body: body.body ?? "",
      commit_id: commit,
      comments: body.comments ?? [],
      submitted_at: now(),
    };
    this.reviews.push(review);
    return json(200, this.reviewJson(review));
  }

  private createCheckRun(body: Record<string, any>): FakeResponse {
    const run: FakeCheckRun = {
      id: this.nextId++,
      name: body.name,
      head_sha: body.head_sha,
      external_id: body.external_id ?? "",
      status: body.conclusion ? "completed" : (body.status ?? "queued"),
      conclusion: body.conclusion ?? null,
      output: { title: body.output?.title ?? null, summary: body.output?.summary ?? null, text: body.output?.text ?? null },
      annotations: [...(body.output?.annotations ?? [])],
      started_at: now(),
      completed_at: body.conclusion ? now() : null,
      check_suite_id: 1,
    };
    if (this.git.object(run.head_sha)?.type !== "commit") return json(422, { message: "No commit found for SHA: " + run.head_sha });
    this.checkRuns.push(run);
    return json(201, this.checkRunJson(run));
  }

  private updateCheckRun(id: number, body: Record<string, any>): FakeResponse {
    const run = this.checkRuns.find((r) => r.id === id);
    if (!run) return json(404, { message: "Not Found" });
    if (body.status) run.status = body.status;
    if (body.conclusion) {
      run.conclusion = body.conclusion;
      run.status = "completed";
      run.completed_at = now();
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
    let runs = this.checkRuns.filter((run) => which(run) && (name === null || run.name === name) && (appId === null || Number(appId) === this.appId));
    if (query.get("filter") !== "all") {
      const latest = new Map<string, FakeCheckRun>();
      for (const run of runs) latest.set(run.name, run);
      runs = [...latest.values()];
    }
    runs = [...runs].sort((a, b) => b.id - a.id);
    return json(200, { total_count: runs.length, check_runs: this.page(request, runs.map((run) => this.checkRunJson(run))) });
  }

  private get appId(): number {
    return this.options.appId ?? E2E_APP_ID;
  }

  // ---------------------------------------------------------------------------------------------------
  // JSON shapes

  private userJson(login: string): object {
    return { login, id: 1, node_id: "U", type: login.endsWith("[bot]") ? "Bot" : "User", site_admin: false };
  }

  private labelJson(name: string): object {
    return { id: 1, node_id: "L", url: "", name, color: "ededed", default: false, description: null };
  }

  private appJson(): object {
    return { id: this.appId, slug: E2E_APP_SLUG, node_id: "A", name: "netpol-guard", owner: null, description: null, external_url: "", html_url: "", created_at: now(), updated_at: now(), permissions: {}, events: [] };
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
    const repo = { id: 1, node_id: REPO_NODE_ID, name: E2E_REPO, full_name: `${E2E_OWNER}/${E2E_REPO}`, fork: false, owner: this.userJson(E2E_OWNER) };
    return {
      id: pull.number,
      node_id: `PR_${pull.number}`,
      number: pull.number,
      state: pull.state,
      draft: pull.draft,
      title: `Change ${pull.number}`,
      user: this.userJson(pull.user),
      base: { ref: pull.baseRef, sha: pull.base, repo, label: `${E2E_OWNER}:${pull.baseRef}`, user: this.userJson(E2E_OWNER) },
      head: { ref: pull.headRef, sha: pull.head, repo, label: `${E2E_OWNER}:${pull.headRef}`, user: this.userJson(pull.user) },
      labels: pull.labels.map((name) => this.labelJson(name)),
      requested_teams: pull.requestedTeams.map((slug) => ({ id: 1, node_id: "T", slug, name: slug })),
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
      commit_id: review.commit_id,
      submitted_at: review.submitted_at,
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
      head_sha: run.head_sha,
      external_id: run.external_id,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.started_at,
      completed_at: run.completed_at,
      output: { ...run.output, annotations_count: run.annotations.length, annotations_url: "" },
      check_suite: { id: run.check_suite_id },
      app: this.appJson(),
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
      created_at: comment.created_at,
      updated_at: comment.updated_at,
      html_url: `https://github.com/${E2E_OWNER}/${E2E_REPO}/pull/${comment.issue}#issuecomment-${comment.id}`,
      issue_url: "",
      url: "",
      author_association: comment.byApp ? "NONE" : "MEMBER",
      performed_via_github_app: comment.byApp ? this.appJson() : null,
    };
  }

  // ---------------------------------------------------------------------------------------------------
  // What must hold after any run

  /**
   * What went wrong for GitHub's side of the story: a check run left unfinished, a review of one head
   * posted twice, a reply posted twice, a request GitHub would reject or the stand-in does not know.
   */
  invariantProblems(): string[] {
    const problems = [...this.problems, ...this.unknown.map((u) => `unknown: ${u}`)];
    for (const run of this.checkRuns) {
      if (run.status !== "completed") problems.push(`check run ${run.id} (${run.name} on ${run.head_sha}) was left ${run.status}`);
    }
    const reviewed = new Set<string>();
    for (const review of this.reviews.filter((v) => v.byApp)) {
      const key = `#${review.pull}@${review.commit_id}`;
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

  /** `METHOD path` (GraphQL: `POST /graphql operation`), repository path shortened, faults marked. */
  summary(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path.replace(`/repos/${E2E_OWNER}/${E2E_REPO}`, "{repo}")}${r.operation ? ` ${r.operation}` : ""}${r.fault ? ` -> ${r.status || "no answer"} (fault)` : ""}`);
  }

  /** Check runs on a commit, oldest first. */
  checksOn(sha: string): FakeCheckRun[] {
    return this.checkRuns.filter((run) => run.head_sha === sha);
  }
}

/** A check run's node id, from its id. */
function checkRunNodeId(id: number): string {
  return `CR_${id}`;
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

/**
 * A fake GitHub for handler tests, on nock: it serves an in-memory repository (commits as file maps,
 * through the tree, GraphQL and blob endpoints) and answers the writes the app makes. Each expectation is
 * one nock interceptor, so a test declares exactly the requests it allows; every request is recorded, in
 * order, and checked against GitHub's OpenAPI description (REST) or GraphQL schema. Nothing here calls
 * `expect()`: the test asserts on `requests`, `problems` and `unmatched` after `probot.receive(...)`.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import nock from "nock";
import { Header } from "tar";
import { checkGraphqlRequest, operationName } from "./graphql.js";
import { checkRequest } from "./openapi.js";

export const OWNER = "acme";
export const REPO = "infra";
export const INSTALLATION_ID = 4242;
/** The repository's node id, as pull request payloads give it (`base.repo.node_id`). */
export const REPO_NODE_ID = "R_acme_infra";
const API = "https://api.github.com";
const REPO_PATH = `/repos/${OWNER}/${REPO}`;

/** A file's content, or a stand-in for a file too large to ever be fetched. */
export type RepoFile = string | { size: number };
export type RepoFiles = Record<string, RepoFile>;

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/repos/acme/infra/git/trees/abc?recursive=1`. */
  path: string;
  /** For GraphQL, the operation name. */
  operation?: string;
  body: unknown;
}

interface FakePull {
  number: number;
  base: string;
  /** The base branch ("main" unless said). */
  baseRef: string;
  head: string;
  draft: boolean;
  labels: string[];
  requestedTeams: string[];
  fork: boolean;
  author: string;
}

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

/** The id the test Probot runs as (test/helpers/probot.ts). */
export const APP_ID = 1;

/** A check run as GitHub keeps it, from what the app created and updated. */
export interface FakeCheckRun {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; text?: string };
  /** Another app's (or a workflow's) check run of the same name. */
  appId: number;
  /** As the app created it (`external_id`). */
  externalId?: string;
  /** When GitHub started it (ISO): `GitHubMock.clock` at its creation. */
  startedAt?: string;
}

/** A pull request review, as `pulls.listReviews` lists it. */
export interface FakeReview {
  user: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED";
  commit: string;
}

/** An issue comment, as `issues.listComments` lists it. */
export interface FakeComment {
  id: number;
  body: string;
  user: string;
  /** Set when a GitHub App posted it. */
  appId: number | null;
}

/** The git object id of a blob with this content. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** Where GitHub redirects a tarball download. */
const ARCHIVE_HOST = "https://codeload.github.com";

/** A gzip'd tar of `entries` under `prefix/`, as GitHub's archives are laid out. */
function tarGz(prefix: string, entries: { path: string; content: string; link: boolean }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.link ? "" : entry.content, "utf8");
    const header = new Header({
      path: `${prefix}/${entry.path}`,
      mode: entry.link ? 0o777 : 0o644,
      size: body.length,
      type: entry.link ? "SymbolicLink" : "File",
      ...(entry.link ? { linkpath: entry.content.trim() || "elsewhere" } : {}),
      mtime: new Date(0),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** The body of `GET compare/{base}...{head}` with what the app reads of it, the commits and files left out. */
export function compareJson(base: string, mergeBase: string, status: "ahead" | "behind" | "diverged" | "identical", aheadBy: number, behindBy: number): object {
  const commit = (sha: string): object => ({ sha, url: `${API}${REPO_PATH}/commits/${sha}` });
  return { url: `${API}${REPO_PATH}/compare/x`, status, ahead_by: aheadBy, behind_by: behindBy, total_commits: aheadBy, base_commit: commit(base), merge_base_commit: commit(mergeBase), commits: [], files: [] };
}

/** A stable fake commit SHA for a name. */
export function commitSha(name: string): string {
  return createHash("sha1").update(`commit ${name}`).digest("hex");
}

function fileSha(path: string, file: RepoFile): string {
  return typeof file === "string" ? blobSha(file) : createHash("sha1").update(`big ${path} ${file.size}`).digest("hex");
}

function parseBody(body: unknown): unknown {
  if (typeof body !== "string" || body === "") return body === "" ? undefined : body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

export class GitHubMock {
  readonly requests: RecordedRequest[] = [];
  /** Requests that do not match GitHub's API description. */
  readonly problems: string[] = [];
  /** Requests no interceptor answered. */
  readonly unmatched: string[] = [];
  private readonly commits = new Map<string, RepoFiles>();
  private readonly commitNames = new Map<string, string>();
  private readonly blobs = new Map<string, string>();
  private readonly pulls = new Map<number, FakePull>();
  /** Reviews on GitHub, as the app's context query sees them. */
  readonly reviews: { pull: number; body: string; byApp: boolean }[] = [];
  private nextCheckRunId = 1001;
  /** GitHub's time, for the check runs created (before the fixtures' comments unless a test moves it). */
  clock = "2024-05-02T11:00:00Z";
  /** Archives downloaded from the archive host (not an API request: not in `requests`). */
  readonly archiveDownloads: string[] = [];
  /** Teams of the organization (slug -> node id), as the blob query looks them up. */
  readonly teamIds = new Map<string, string>([["platform", "T_platform"]]);
  /** Labels of the repository (name -> node id); a test deletes one to see it created over REST. */
  readonly labelIds = new Map<string, string>([["cross-vc-boundary", "LA_cross"]]);
  /** Check runs on GitHub: the app's (as created and updated), and any a test adds. */
  readonly checkRuns: FakeCheckRun[] = [];
  /** Comments on each pull request, oldest first. */
  readonly comments = new Map<number, FakeComment[]>();
  private nextCommentId = 9001;
  private readonly scope = nock(API);
  private readonly onNoMatch = (req: { method?: string; path?: string }): void => {
    this.unmatched.push(`${req.method ?? "?"} ${req.path ?? "?"}`);
  };

  constructor() {
    nock.emitter.on("no match", this.onNoMatch);
  }

  /** Stops listening; call from afterEach. */
  dispose(): void {
    nock.emitter.removeListener("no match", this.onNoMatch);
  }

  /** Adds a commit with these files; returns its SHA. */
  commit(name: string, files: RepoFiles): string {
    const sha = commitSha(name);
    this.commits.set(sha, files);
    this.commitNames.set(sha, name);
    for (const [path, file] of Object.entries(files)) if (typeof file === "string") this.blobs.set(fileSha(path, file), file);
    return sha;
  }

  /** The blob SHA of a file of a commit added with `commit(name, ...)`. */
  shaOf(name: string, path: string): string {
    const file = this.commits.get(commitSha(name))?.[path];
    if (file === undefined) throw new Error(`no ${path} in ${name}`);
    return fileSha(path, file);
  }

  pull(number: number, base: string, head: string, options: Partial<Omit<FakePull, "number" | "base" | "head">> = {}): FakePull {
    const pull: FakePull = { number, base, baseRef: "main", head, draft: false, labels: [], requestedTeams: [], fork: false, author: "dev", ...options };
    this.pulls.set(number, pull);
    return pull;
  }

  // ---------------------------------------------------------------------------------------------------
  // Recording

  private record(method: string, path: string, rawBody: unknown): unknown {
    const body = parseBody(rawBody);
    const url = new URL(path, API);
    const entry: RecordedRequest = { method, path, body };
    if (url.pathname === "/graphql") {
      entry.operation = operationName(body);
      this.problems.push(...checkGraphqlRequest(body));
    } else {
      this.problems.push(...checkRequest(method, url, body));
    }
    this.requests.push(entry);
    return body;
  }

  /** `METHOD path` (GraphQL: `POST /graphql operation`), in the order the app sent them; commits by name. */
  summary(): string[] {
    return this.requests.map((r) => this.named(`${r.method} ${r.path.replace(REPO_PATH, "{repo}")}${r.operation ? ` ${r.operation}` : ""}`));
  }

  /** `text` with every commit SHA of the fixture replaced by `@name`. */
  named(text: string): string {
    let result = text;
    for (const [sha, name] of this.commitNames) result = result.replaceAll(sha, `@${name}`);
    // The marker of a check-run creation is random (check-runs.ts).
    return result.replace(/netpol-guard-run [0-9a-f-]{36}/g, "netpol-guard-run @marker");
  }

  /** The bodies of the requests whose summary line contains `what`, commit SHAs and run markers named. */
  bodies(what: string): unknown[] {
    const lines = this.summary();
    return this.requests
      .filter((_, i) => lines[i]!.includes(what))
      .map((r) => (r.body === undefined ? undefined : JSON.parse(this.named(JSON.stringify(r.body)))));
  }

  /** The variables of each `netpolGuardPublish` mutation (its parts: review, team, label), SHAs named. */
  published(): {
    review?: PublishedReview;
    team?: { pullRequestId: string; teamIds: string[]; union: boolean };
    label?: { labelableId: string; labelIds: string[] };
    check?: { checkRunId: string; repositoryId: string; status: string; conclusion: string; output: { title: string; summary: string; text?: string; annotations?: object[] } };
  }[] {
    return (this.bodies("netpolGuardPublish") as { variables: Record<string, any> }[]).map((b) => b.variables);
  }

  /** Requests that only read (GET, and GraphQL queries, not mutations), access tokens left out. */
  reads(): string[] {
    const mutation = (i: number): boolean => /^\s*mutation\b/.test(String((this.requests[i]!.body as { query?: unknown } | undefined)?.query ?? ""));
    return this.summary().filter((line, i) => line.startsWith("GET ") || (line.startsWith("POST /graphql") && !mutation(i)));
  }

  // ---------------------------------------------------------------------------------------------------
  // Expectations: each call allows one request (or `times`).

  token(): this {
    this.scope.post(`/app/installations/${INSTALLATION_ID}/access_tokens`).reply((uri, body) => {
      this.record("POST", uri, body);
      return [201, { token: "ghs_test", expires_at: "2999-01-01T00:00:00Z", permissions: {}, repository_selection: "selected" }];
    });
    return this;
  }

  contextQuery(times = 1): this {
    this.scope
      .post("/graphql", (body) => operationName(body) === "netpolGuardContext")
      .times(times)
      .reply((uri, raw) => {
        const body = this.record("POST", uri, raw) as { variables: Record<string, unknown> };
        return [200, { data: { repository: this.answerContext(body.variables) } }];
      });
    return this;
  }

  blobQuery(times = 1): this {
    this.scope
      .post("/graphql", (body) => operationName(body) === "netpolGuardBlobs")
      .times(times)
      .reply((uri, raw) => {
        const body = this.record("POST", uri, raw) as { variables: Record<string, string> };
        const repository: Record<string, unknown> = this.answerBlobs(body.variables);
        if ("team" in body.variables) {
          const id = this.teamIds.get(body.variables.team!);
          repository.owner = { team: id === undefined ? null : { id } };
        }
        if ("label" in body.variables) {
          const id = this.labelIds.get(body.variables.label!);
          repository.label = id === undefined ? null : { id };
        }
        return [200, { data: { repository } }];
      });
    return this;
  }

  tree(sha: string, options: { truncated?: boolean } = {}): this {
    this.scope
      .get(`${REPO_PATH}/git/trees/${sha}`)
      .query({ recursive: "1" })
      .reply((uri) => {
        this.record("GET", uri, undefined);
        const files = this.commits.get(sha);
        if (!files) return [404, { message: "Not Found" }];
        const directories = new Set<string>();
        const tree: object[] = [];
        for (const [path, file] of Object.entries(files)) {
          const parts = path.split("/");
          for (let i = 1; i < parts.length; i++) directories.add(parts.slice(0, i).join("/"));
          const size = typeof file === "string" ? Buffer.byteLength(file) : file.size;
          tree.push({ path, mode: "100644", type: "blob", sha: fileSha(path, file), size, url: `${API}${REPO_PATH}/git/blobs/x` });
        }
        for (const path of directories) tree.push({ path, mode: "040000", type: "tree", sha: commitSha(`dir ${sha} ${path}`), url: `${API}${REPO_PATH}/git/trees/x` });
        return [200, { sha, url: `${API}${REPO_PATH}/git/trees/${sha}`, tree, truncated: options.truncated ?? false }];
      });
    return this;
  }

  /**
   * `GET compare/{base}...{head}`: the head built on the base (`ahead`), or, with `mergeBase` (a commit's
   * name or SHA), behind it and diverged from it there.
   */
  compare(base: string, head: string, mergeBase?: string): this {
    this.scope.get(`${REPO_PATH}/compare/${base}...${head}`).query(true).reply((uri) => {
      this.record("GET", uri, undefined);
      if (!this.commits.has(base) || !this.commits.has(head)) return [404, { message: "Not Found" }];
      const body = mergeBase === undefined ? compareJson(base, base, "ahead", 1, 0) : compareJson(base, this.commits.has(mergeBase) ? mergeBase : commitSha(mergeBase), "diverged", 1, 1);
      return [200, body];
    });
    return this;
  }

  /**
   * `GET tarball/{ref}` of a commit, redirected (302) to the archive host as GitHub does; the archive is
   * the commit's files under one top-level directory. `omit`: files left out (`export-ignore`); `alter`:
   * files whose archived content differs (`export-subst`); `links`: paths archived as symbolic links.
   */
  tarball(sha: string, options: { omit?: string[]; alter?: Record<string, string>; links?: string[] } = {}): this {
    const archive = `${ARCHIVE_HOST}/${OWNER}/${REPO}/legacy.tar.gz/${sha}?token=archive`;
    this.scope.get(`${REPO_PATH}/tarball/${sha}`).reply((uri) => {
      this.record("GET", uri, undefined);
      return [302, "", { location: archive }];
    });
    nock(ARCHIVE_HOST)
      .get(`/${OWNER}/${REPO}/legacy.tar.gz/${sha}`)
      .query(true)
      .reply(() => {
        this.archiveDownloads.push(sha);
        const entries: { path: string; content: string; link: boolean }[] = [];
        for (const [path, file] of Object.entries(this.commits.get(sha) ?? {})) {
          if (options.omit?.includes(path) || typeof file !== "string") continue;
          entries.push({ path, content: options.alter?.[path] ?? file, link: options.links?.includes(path) ?? false });
        }
        return [200, tarGz(`${OWNER}-${REPO}-${sha.slice(0, 7)}`, entries), { "content-type": "application/x-gzip" }];
      });
    return this;
  }

  /**
   * Check runs created. A pull request into a protected branch has its check's verdict combined with the
   * other open pull requests of its head: each such judgement lists them once (see `pullsAtHead`), so each
   * creation allows that listing too, unless `listPulls` is false (a merge group, an unprotected base, a
   * failure before the verdict).
   */
  createCheckRun(times = 1, options: { listPulls?: boolean } = {}): this {
    if (options.listPulls ?? true) this.anyPullsAtHead(times);
    this.scope
      .post(`${REPO_PATH}/check-runs`)
      .times(times)
      .reply((uri, raw) => {
        const body = this.record("POST", uri, raw) as { name: string; head_sha: string; external_id?: string; status?: string; conclusion?: string; output?: FakeCheckRun["output"] };
        const id = this.nextCheckRunId++;
        this.checkRuns.push({
          id,
          name: body.name,
          headSha: body.head_sha,
          status: body.status ?? "queued",
          conclusion: body.conclusion ?? null,
          output: body.output ?? {},
          appId: APP_ID,
          ...(body.external_id === undefined ? {} : { externalId: body.external_id }),
          startedAt: this.clock,
        });
        return [201, { id, node_id: GitHubMock.checkRunNodeId(id), status: "in_progress" }];
      });
    return this;
  }

  updateCheckRun(times = 1): this {
    this.scope
      .patch(/\/repos\/acme\/infra\/check-runs\/\d+$/)
      .times(times)
      .reply((uri, raw) => {
        const body = this.record("PATCH", uri, raw) as { status?: string; conclusion?: string; output?: FakeCheckRun["output"] };
        const run = this.checkRuns.find((r) => r.id === Number(uri.split("/").pop()));
        if (run) {
          if (body.status) run.status = body.status;
          if (body.conclusion) run.conclusion = body.conclusion;
          if (body.output) run.output = { ...body.output };
        }
        return [200, { id: Number(uri.split("/").pop()) }];
      });
    return this;
  }

  getPull(number: number): this {
    this.scope.get(`${REPO_PATH}/pulls/${number}`).reply((uri) => {
      this.record("GET", uri, undefined);
      const pull = this.pulls.get(number)!;
      return [
        200,
        {
          number,
          node_id: GitHubMock.pullNodeId(number),
          state: "open",
          draft: pull.draft,
          base: { ref: pull.baseRef, sha: pull.base, repo: { node_id: REPO_NODE_ID, full_name: `${OWNER}/${REPO}`, fork: false } },
          head: { ref: "feature", sha: pull.head, repo: { full_name: pull.fork ? `someone/${REPO}` : `${OWNER}/${REPO}`, fork: pull.fork } },
          labels: pull.labels.map((name) => ({ name })),
          requested_teams: pull.requestedTeams.map((slug) => ({ slug })),
          user: { login: pull.author, type: "User" },
        },
      ];
    });
    return this;
  }

  /**
   * `repos.listPullRequestsAssociatedWithCommit`: the pull requests added with `pull(...)` whose head is
   * `sha` (all open), plus `extra` (a closed one, or one where the commit is not the head). `status`: fails.
   */
  pullsAtHead(sha: string, options: { times?: number; status?: number; extra?: { number: number; state: string; head: string; baseRef?: string }[] } = {}): this {
    this.scope
      .get(`${REPO_PATH}/commits/${sha}/pulls`)
      .query(true)
      .times(options.times ?? 1)
      .reply((uri) => {
        this.record("GET", uri, undefined);
        if (options.status !== undefined) return [options.status, { message: "Server Error" }];
        return [200, this.listPulls(sha, options.extra ?? [])];
      });
    return this;
  }

  /** `pullsAtHead` for whichever head is asked, `times` times. */
  private anyPullsAtHead(times: number): void {
    this.scope
      .get(/\/repos\/acme\/infra\/commits\/[0-9a-f]{40}\/pulls/)
      .query(true)
      .times(times)
      .reply((uri) => {
        this.record("GET", uri, undefined);
        const sha = uri.split("/commits/")[1]!.split("/")[0]!;
        return [200, this.listPulls(sha, [])];
      });
  }

  private listPulls(sha: string, extra: { number: number; state: string; head: string; baseRef?: string }[]): object[] {
    const listed = [...this.pulls.values()]
      .filter((p) => p.head === sha)
      .map((p) => ({ number: p.number, state: "open", head: p.head, baseRef: p.baseRef, base: p.base }));
    for (const e of extra) listed.push({ number: e.number, state: e.state, head: e.head, baseRef: e.baseRef ?? "main", base: commitSha("elsewhere") });
    return listed.map((p) => ({
      number: p.number,
      node_id: GitHubMock.pullNodeId(p.number),
      state: p.state,
      head: { ref: "feature", sha: p.head, repo: { full_name: `${OWNER}/${REPO}` } },
      base: { ref: p.baseRef, sha: p.base, repo: { full_name: `${OWNER}/${REPO}` } },
    }));
  }

  /**
   * `pulls.list` of the open pull requests into `branch` (those added with `pull(...)`), newest first: the
   * highest number is the most recently created. One page of 100.
   */
  openPullsInto(branch: string): this {
    this.scope
      .get(`${REPO_PATH}/pulls`)
      .query((q) => q.state === "open" && q.base === branch && q.sort === "created" && q.direction === "desc")
      .reply((uri) => {
        this.record("GET", uri, undefined);
        const listed = [...this.pulls.values()].filter((p) => p.baseRef === branch).sort((x, y) => y.number - x.number);
        return [
          200,
          listed.map((p) => ({
            number: p.number,
            node_id: GitHubMock.pullNodeId(p.number),
            state: "open",
            draft: p.draft,
            base: { ref: p.baseRef, sha: p.base, repo: { node_id: REPO_NODE_ID, full_name: `${OWNER}/${REPO}`, fork: false } },
            head: { ref: "feature", sha: p.head, repo: { full_name: `${OWNER}/${REPO}`, fork: p.fork } },
            labels: p.labels.map((name) => ({ name })),
            requested_teams: p.requestedTeams.map((slug) => ({ slug })),
            user: { login: p.author, type: "User" },
          })),
        ];
      });
    return this;
  }

  /** `repos.getContent` of the config file at the tip of `branch`: `text`, or absent (null). */
  branchConfig(branch: string, text: string | null): this {
    this.scope
      .get(/\/repos\/acme\/infra\/contents\/\.github(%2F|\/)netpol-guard\.yml/)
      .query((q) => q.ref === `refs/heads/${branch}`)
      .reply((uri) => {
        this.record("GET", uri, undefined);
        if (text === null) return [404, { message: "Not Found" }];
        return [200, { type: "file", encoding: "base64", size: Buffer.byteLength(text), name: "netpol-guard.yml", path: ".github/netpol-guard.yml", content: Buffer.from(text).toString("base64"), sha: blobSha(text) }];
      });
    return this;
  }

  createReview(number: number, status = 200): this {
    this.scope.post(`${REPO_PATH}/pulls/${number}/reviews`).reply((uri, raw) => {
      const body = this.record("POST", uri, raw) as { body: string };
      if (status !== 200) return [status, { message: "Unprocessable Entity", errors: ["Line could not be resolved"] }];
      this.reviews.push({ pull: number, body: body.body, byApp: true });
      return [200, { id: 5000 + this.reviews.length, state: "COMMENTED" }];
    });
    return this;
  }

  /**
   * The one mutation that publishes the review, the team request and the label (and may complete the check
   * run, as `updateCheckRun` does over REST). `fail`: the parts GitHub answers with an error (partial data,
   * as GitHub does); `status`: the whole request fails with it.
   */
  publishMutation(options: { fail?: ("review" | "team" | "label" | "check")[]; status?: number } = {}): this {
    this.scope
      .post("/graphql", (body) => operationName(body) === "netpolGuardPublish")
      .reply((uri, raw) => {
        const body = this.record("POST", uri, raw) as { variables: Record<string, any> };
        if (options.status !== undefined) return [options.status, { message: "Server Error" }];
        const data: Record<string, unknown> = {};
        const errors: object[] = [];
        for (const part of ["review", "team", "label", "check"] as const) {
          if (!(part in body.variables)) continue;
          if (options.fail?.includes(part)) {
            data[part] = null;
            errors.push({ type: "UNPROCESSABLE", path: [part], message: REFUSALS[part] });
            continue;
          }
          data[part] = { clientMutationId: null };
          if (part === "review") {
            const number = this.pullByNodeId(String(body.variables.review.pullRequestId));
            this.reviews.push({ pull: number, body: String(body.variables.review.body), byApp: true });
          }
          if (part === "check") this.completeByNodeId(body.variables.check);
        }
        return [200, errors.length > 0 ? { data, errors } : { data }];
      });
    return this;
  }

  /** The node id of a pull request, as the payloads and `getPull` give it. */
  static pullNodeId(number: number): string {
    return `PR_${number}`;
  }

  /** The node id of a check run, as `createCheckRun` gives it. */
  static checkRunNodeId(id: number): string {
    return `CR_${id}`;
  }

  /** `updateCheckRun`'s input on the check run it names, in REST's terms. */
  private completeByNodeId(input: { checkRunId: string; status: string; conclusion: string; output: FakeCheckRun["output"] }): void {
    const run = this.checkRuns.find((r) => GitHubMock.checkRunNodeId(r.id) === input.checkRunId);
    if (!run) return;
    run.status = input.status.toLowerCase();
    run.conclusion = input.conclusion.toLowerCase();
    run.output = { ...input.output };
  }

  private pullByNodeId(id: string): number {
    return Number(id.replace(/^PR_/, ""));
  }

  requestReviewers(number: number, status = 201): this {
    this.scope.post(`${REPO_PATH}/pulls/${number}/requested_reviewers`).reply((uri, body) => {
      this.record("POST", uri, body);
      return status === 201 ? [201, { number }] : [status, { message: "Reviews may only be requested from collaborators." }];
    });
    return this;
  }

  addLabels(number: number): this {
    this.scope.post(`/repos/${OWNER}/${REPO}/issues/${number}/labels`).reply((uri, body) => {
      this.record("POST", uri, body);
      return [200, [{ name: "cross-vc-boundary" }]];
    });
    return this;
  }

  listSuiteCheckRuns(suiteId: number, externalId: string): this {
    this.scope
      .get(`${REPO_PATH}/check-suites/${suiteId}/check-runs`)
      .query(true)
      .reply((uri) => {
        this.record("GET", uri, undefined);
        return [200, { total_count: 1, check_runs: [{ id: 1, name: "netpol-guard", external_id: externalId }] }];
      });
    return this;
  }

  /** The next GraphQL query of this operation fails with an HTTP error. */
  failGraphql(operation: string, status: number): this {
    this.scope
      .post("/graphql", (body) => operationName(body) === operation)
      .reply((uri, body) => {
        this.record("POST", uri, body);
        return [status, { message: "Server Error" }];
      });
    return this;
  }

  /** `checks.listForRef` on a commit: the check runs kept in `checkRuns`, filtered as GitHub does. */
  listCheckRunsForRef(sha: string, times = 1): this {
    this.scope
      .get(`${REPO_PATH}/commits/${sha}/check-runs`)
      .query(true)
      .times(times)
      .reply((uri) => {
        this.record("GET", uri, undefined);
        const query = new URL(uri, API).searchParams;
        const runs = this.checkRuns
          .filter((r) => r.headSha === sha)
          .filter((r) => !query.has("check_name") || r.name === query.get("check_name"))
          .filter((r) => !query.has("app_id") || r.appId === Number(query.get("app_id")))
          .map((r) => ({
            id: r.id,
            name: r.name,
            head_sha: r.headSha,
            status: r.status,
            conclusion: r.conclusion,
            external_id: r.externalId ?? null,
            started_at: r.startedAt ?? null,
            output: { title: r.output.title ?? null, summary: r.output.summary ?? null, text: r.output.text ?? null, annotations_count: 0, annotations_url: "" },
            app: { id: r.appId, slug: r.appId === APP_ID ? "netpol-guard" : "other" },
          }));
        return [200, { total_count: runs.length, check_runs: runs }];
      });
    return this;
  }

  /** `pulls.listReviews`, one page. */
  listReviews(number: number, reviews: FakeReview[]): this {
    this.scope
      .get(`${REPO_PATH}/pulls/${number}/reviews`)
      .query(true)
      .reply((uri) => {
        this.record("GET", uri, undefined);
        const list = reviews.map((r, i) => ({
          id: 7000 + i,
          node_id: `R${i}`,
          user: { login: r.user, id: 100 + i, type: "User" },
          body: "",
          state: r.state,
          commit_id: r.commit,
          submitted_at: `2024-05-0${1 + (i % 9)}T10:00:00Z`,
          html_url: "",
          pull_request_url: "",
          author_association: "MEMBER",
          _links: {},
        }));
        return [200, list];
      });
    return this;
  }

  /** `teams.getMembershipForUserInOrg`: an active member, a pending invitation, or not a member (404). */
  teamMembership(team: string, login: string, state: "active" | "pending" | "none"): this {
    this.scope.get(`/orgs/${OWNER}/teams/${team}/memberships/${login}`).reply((uri) => {
      this.record("GET", uri, undefined);
      return state === "none" ? [404, { message: "Not Found" }] : [200, { url: "", role: "member", state }];
    });
    return this;
  }

  /** `repos.getCollaboratorPermissionLevel`. */
  collaboratorPermission(login: string, permission: "admin" | "write" | "read" | "none"): this {
    this.scope.get(`${REPO_PATH}/collaborators/${login}/permission`).reply((uri) => {
      this.record("GET", uri, undefined);
      return [200, { permission, role_name: permission, user: { login } }];
    });
    return this;
  }

  /** `reactions.createForIssueComment`. */
  reaction(commentId: number): this {
    this.scope.post(`${REPO_PATH}/issues/comments/${commentId}/reactions`).reply((uri, body) => {
      this.record("POST", uri, body);
      return [201, { id: 1, content: "eyes" }];
    });
    return this;
  }

  /** `issues.listComments` of a pull request, from `comments`. */
  listComments(number: number): this {
    this.scope
      .get(`${REPO_PATH}/issues/${number}/comments`)
      .query(true)
      .reply((uri) => {
        this.record("GET", uri, undefined);
        const list = (this.comments.get(number) ?? []).map((c) => ({
          id: c.id,
          body: c.body,
          user: { login: c.user, type: c.appId === null ? "User" : "Bot" },
          performed_via_github_app: c.appId === null ? null : { id: c.appId, slug: "netpol-guard" },
        }));
        return [200, list];
      });
    return this;
  }

  /** `issues.createComment`, kept in `comments` as the app's. */
  createComment(number: number): this {
    this.scope.post(`${REPO_PATH}/issues/${number}/comments`).reply((uri, raw) => {
      const body = this.record("POST", uri, raw) as { body: string };
      const comment: FakeComment = { id: this.nextCommentId++, body: body.body, user: "netpol-guard[bot]", appId: APP_ID };
      this.comments.set(number, [...(this.comments.get(number) ?? []), comment]);
      return [201, { id: comment.id, body: comment.body }];
    });
    return this;
  }

  /** `issues.updateComment`. */
  updateComment(commentId: number): this {
    this.scope.patch(`${REPO_PATH}/issues/comments/${commentId}`).reply((uri, raw) => {
      const body = this.record("PATCH", uri, raw) as { body: string };
      for (const list of this.comments.values()) for (const c of list) if (c.id === commentId) c.body = body.body;
      return [200, { id: commentId, body: body.body }];
    });
    return this;
  }

  // ---------------------------------------------------------------------------------------------------
  // Answers

  /** The `b<i>` fields of a query that asks for blobs `$o<i>`. */
  private answerBlobs(variables: Record<string, unknown>): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    for (const [name, oid] of Object.entries(variables)) {
      if (!/^o\d+$/.test(name)) continue;
      const text = this.blobs.get(String(oid));
      const binary = text?.includes("\0") ?? false;
      fields[`b${name.slice(1)}`] = text === undefined ? null : { byteSize: Buffer.byteLength(text), isBinary: binary, isTruncated: false, text: binary ? null : text };
    }
    return fields;
  }

  private answerContext(variables: Record<string, unknown>): Record<string, unknown> {
    const configAt = (expression: unknown): unknown => {
      const [sha, ...rest] = String(expression).split(":");
      const file = this.commits.get(sha!)?.[rest.join(":")];
      if (typeof file !== "string") return null;
      return { byteSize: Buffer.byteLength(file), isBinary: false, isTruncated: false, text: file };
    };
    const repository: Record<string, unknown> = {};
    if (variables.withBase) repository.baseConfig = configAt(variables.baseExpression);
    if (variables.withHead) repository.headConfig = configAt(variables.headExpression);
    if (variables.withReviews) {
      const nodes = this.reviews.filter((r) => r.pull === variables.number).map((r) => ({ viewerDidAuthor: r.byApp, body: r.body }));
      repository.pullRequest = { reviews: { nodes } };
    }
    if ("label" in variables) {
      const id = this.labelIds.get(String(variables.label));
      repository.label = id === undefined ? null : { id };
    }
    if ("team" in variables) {
      const id = this.teamIds.get(String(variables.team));
      repository.owner = { team: id === undefined ? null : { id } };
    }
    Object.assign(repository, this.answerBlobs(variables));
    return repository;
  }
}

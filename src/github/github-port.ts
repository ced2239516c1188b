/**
 * Everything the pipeline asks of GitHub, as a small interface: the pipeline never sees Octokit or the
 * webhook context, and a test can hand it a fake. `src/github/github-api.ts` implements it.
 */
import type { PathFilter } from "../config/parse-config.js";
import type { Binding, CheckMarkers } from "../model/check-markers.js";
import type { PullAtHead } from "./list-open-pulls-at-head.js";
import type { CheckRunFailure, CheckRunOutcome, CheckRunStart } from "./check-runs.js";
import type { ReplyOutcome, ReplyToPost } from "./comments.js";
import type { ReviewList } from "./list-reviews.js";
import type { PullRequestInfo } from "./pull-requests.js";
import type { PullRequestContext, PullRequestContextRequest } from "./read-pull-request-context.js";
import type { Published } from "./publish-pull-request.js";
import type { ConfigContent, TreeListing } from "./github-snapshot-cache.js";
import type { CommitFiles } from "./read-github-snapshot.js";
import type { WritesByName } from "./request-batching.js";
import type { Ancestry } from "../snapshot/ref-reader.js";

/**
 * The writes after judging, by team slug, label name and check run id: the port finds their node ids,
 * and decides whether the check run's completion rides on them (see request-batching.ts).
 */
export type PullRequestWritesRequest = WritesByName;

/**
 * What to read before judging. `trees`: both commits' listings, when known: what the change touches (and
 * the node ids the writes after judging need) rides on the same request.
 */
export type ContextRequest = Omit<PullRequestContextRequest, "along"> & { trees?: { base: TreeListing; head: TreeListing } };

export interface GitHubPort {
  /** `owner/repo`, for messages and keys. */
  readonly repository: { owner: string; repo: string };
  /**
   * The repository's default branch, as the webhook said (`repository.default_branch`); null when it did
   * not say, and then every base counts as protected (fail closed).
   */
  readonly defaultBranch: string | null;

  // Reading (cached by commit and blob SHA).
  readContext(request: ContextRequest): Promise<PullRequestContext>;
  readTree(sha: string): Promise<TreeListing>;
  /** Where `head` stands against `base`: behind it or not, and their merge base (cached: both are commits). */
  readAncestry(base: string, head: string): Promise<Ancestry>;
  /**
   * `team`: the platform team the config names, when the writes after judging may need it: its node id
   * (and the label's) is fetched along with the blobs when not known.
   */
  readWatchedFiles(commits: { sha: string; tree: TreeListing }[], filter: PathFilter, team?: string): Promise<CommitFiles[]>;
  getPullRequest(number: number): Promise<PullRequestInfo>;
  findPullNumberInSuite(checkSuiteId: number): Promise<number | null>;
  /** The open pull requests whose head is `sha`; throws when GitHub cannot list them. */
  listOpenPullsAtHead(sha: string): Promise<PullAtHead[]>;
  /** The open pull requests into `branch`, newest first, at most `limit`; throws when GitHub cannot list them. */
  listOpenPullsInto(branch: string, limit: number): Promise<PullRequestInfo[]>;
  /** The config file at the tip of a branch (not cached: a branch moves). */
  readBranchConfig(branch: string): Promise<ConfigContent>;

  // Writing.
  startCheckRun(start: CheckRunStart): Promise<number>;
  /** `sent`: how many of the annotations the check run has already (see `Published`). */
  completeCheckRun(checkRunId: number, outcome: CheckRunOutcome, sent?: number): Promise<void>;
  failCheckRun(failure: CheckRunFailure): Promise<void>;
  /**
   * The review, the team request and the label, in one request when the node ids are known (with the
   * check run's completion in one case, see publish-pull-request.ts); the failure of each part, never thrown.
   */
  publishPullRequest(writes: PullRequestWritesRequest): Promise<Published>;

  // Approvals and commands.
  /** This app's id (known locally, no request). */
  appId(): Promise<number>;
  listReviews(number: number): Promise<ReviewList>;
  /** Active membership of a team of the repository's organization. */
  isTeamMember(team: string, login: string): Promise<boolean>;
  /** admin, write, read or none. */
  getRepositoryPermission(login: string): Promise<string>;
  /** When this app first started a check run on `sha` for pull request `pullNumber` (ISO time), or null. */
  firstCheckRunAt(sha: string, pullNumber: number): Promise<string | null>;
  /** What this app's latest judged check run named `checkName` on `sha`, for `binding`, recorded. */
  readCheckMarkers(sha: string, checkName: string, binding: Binding): Promise<CheckMarkers | null>;
  addEyesReaction(commentId: number): Promise<void>;
  /** Creates or updates the one reply to a command comment. */
  ensureReply(reply: Omit<ReplyToPost, "appId">): Promise<ReplyOutcome>;
}

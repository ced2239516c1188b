/**
 * What the app remembers between events, in memory and bounded: the read cache (trees, blobs, configs),
 * the engine's parse cache, and what it already did on each pull request, so that a re-run or a duplicate
 * delivery reads nothing and posts nothing twice. Lost on restart, which costs reads, never correctness:
 * the review marker on GitHub is the durable record.
 */
import { ParseCache } from "../engine/parse-files.js";
import type { RepoCoordinates } from "../github/github-client.js";
import type { PullRequestInfo } from "../github/pull-requests.js";
import { GitHubSnapshotCache, WeightedLru } from "../snapshot/github-snapshot-cache.js";

/** What the app knows and did on one pull request. */
export interface PullRequestMemory {
  info: PullRequestInfo;
  /** Head commits whose review is settled: posted, found on GitHub, or nothing to comment on. */
  reviewSettled: Set<string>;
  /** The platform team was asked once; never again on this pull request. */
  teamRequested: boolean;
  /** The label as this app last left it, and for which head. */
  label: { headSha: string; on: boolean } | null;
}

export class AppMemory {
  readonly snapshots: GitHubSnapshotCache;
  readonly parses: ParseCache;
  private readonly pulls = new WeightedLru<PullRequestMemory>(10_000);
  private readonly pullByHead = new WeightedLru<number>(10_000);
  private readonly queues = new Map<string, Promise<void>>();

  constructor(snapshots = new GitHubSnapshotCache(), parses = new ParseCache(20_000)) {
    this.snapshots = snapshots;
    this.parses = parses;
  }

  /** The memory of a pull request, refreshed with what an event or the API just said about it. */
  rememberPull(repo: RepoCoordinates, info: PullRequestInfo): PullRequestMemory {
    const key = pullKey(repo, info.number);
    const known = this.pulls.get(key);
    const memory: PullRequestMemory = known
      ? { ...known, info }
      : { info, reviewSettled: new Set(), teamRequested: false, label: null };
    this.pulls.set(key, memory);
    this.pullByHead.set(headKey(repo, info.headSha), info.number);
    return memory;
  }

  pull(repo: RepoCoordinates, number: number): PullRequestMemory | undefined {
    return this.pulls.get(pullKey(repo, number));
  }

  /** The pull request last judged at this head commit, if any. */
  pullAtHead(repo: RepoCoordinates, headSha: string): number | undefined {
    return this.pullByHead.get(headKey(repo, headSha));
  }

  /**
   * Runs `task` after every earlier task with the same key: two deliveries of one event then never judge
   * and post at the same time, and the second finds everything the first did.
   */
  async serialize(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.queues.set(key, next);
    try {
      await next;
    } finally {
      if (this.queues.get(key) === next) this.queues.delete(key);
    }
  }
}

function pullKey(repo: RepoCoordinates, number: number): string {
  return `${repo.owner.toLowerCase()}/${repo.repo.toLowerCase()}#${number}`;
}

function headKey(repo: RepoCoordinates, headSha: string): string {
  return `${repo.owner.toLowerCase()}/${repo.repo.toLowerCase()}@${headSha}`;
}

/**
 * What the app remembers between events, in memory and bounded: the read cache (trees, blobs, configs),
 * the engine's parse cache, and what it already did on each pull request, so that a re-run or a duplicate
 * delivery reads nothing and posts nothing twice. Lost on restart, which costs reads, never correctness:
 * the review marker on GitHub is the durable record.
 */
import { ParseCache } from "../engine/parse-files.js";
import type { Binding, CheckMarkers, OverrideRecord } from "../model/check-markers.js";
import type { RepoCoordinates } from "../github/github-client.js";
import type { BudgetHooks } from "../parse-pool/parse-within-budget.js";
import type { PullRequestInfo } from "../github/pull-requests.js";
import { GitHubSnapshotCache, WeightedLru } from "../github/github-snapshot-cache.js";
import type { VerdictAtHead } from "./strictest-at-head.js";

/** What the app knows and did on one pull request. */
export interface PullRequestMemory {
  info: PullRequestInfo;
  /** Head commits whose review is settled: posted, found on GitHub, or nothing to comment on. */
  reviewSettled: Set<string>;
  /** The platform team was asked once; never again on this pull request. */
  teamRequested: boolean;
  /** The label as this app last left it, and for which head. */
  label: { headSha: string; on: boolean } | null;
  /**
   * When this process first saw each head of the pull request in an event (ms since the epoch): the head
   * was pushed before then. What an override may apply to is decided with it (see `answerCommand`).
   */
  seenAt: Map<string, number>;
  /** The break-glass override known for a head and base commit (null record: none), as last published. */
  override: { headSha: string; baseSha: string; record: OverrideRecord | null } | null;
}

export class AppMemory {
  readonly snapshots: GitHubSnapshotCache;
  readonly parses: ParseCache;
  private readonly pulls = new WeightedLru<PullRequestMemory>(10_000);
  private readonly pullByHead = new WeightedLru<number>(10_000);
  /** The verdict this process published for each pull request, by repository and head commit. */
  private readonly verdicts = new WeightedLru<Map<number, VerdictAtHead>>(10_000, (m) => m.size);
  /** What this app's check run on a commit recorded last (fingerprint, covered items), by repository, commit and binding. */
  private readonly markers = new WeightedLru<CheckMarkers>(20_000, (m) => 1 + (m.covers?.length ?? 0) / 50);
  private readonly queues = new Map<string, Promise<void>>();
  /** The judgement of each of the last `MAX_DELIVERIES` webhook deliveries, by delivery id (in flight, or done). */
  private readonly deliveries = new Map<string, Promise<unknown>>();

  /** The parse worker, clock and timer of judgements' budgets (tests replace them). */
  readonly budget: BudgetHooks;
  /** The clock (ms since the epoch): injected by tests, never slept on. */
  readonly now: () => number;

  constructor(snapshots = new GitHubSnapshotCache(), parses = new ParseCache(20_000), budget: BudgetHooks = {}, now: () => number = Date.now) {
    this.snapshots = snapshots;
    this.parses = parses;
    this.budget = budget;
    this.now = now;
  }

  /**
   * The memory of a pull request, refreshed with what an event or the API just said about it, unless that
   * is older than what the memory has (deliveries arrive out of order): a `synchronize` delivered after a
   * later one does not take the pull request back to its earlier head. `info.headSha === headSha` then
   * tells whether a head is the pull request's latest known one. `judgedHead`: the head about to be judged,
   * which may be an older one (a re-run), remembered as this pull request's too.
   */
  rememberPull(repo: RepoCoordinates, info: PullRequestInfo, judgedHead = info.headSha): PullRequestMemory {
    const key = pullKey(repo, info.number);
    const known = this.pulls.get(key);
    // Updated in place: judgements of two heads of one pull request run at the same time, and each must
    // see what the other did (the team asked, the label set) and which head is the latest.
    if (known && !isOlder(info, known.info)) known.info = info;
    const memory: PullRequestMemory = known ?? { info, reviewSettled: new Set(), teamRequested: false, label: null, override: null, seenAt: new Map() };
    // An event carrying a head proves it was pushed before now; the first such time is the tightest.
    if (!memory.seenAt.has(info.headSha)) memory.seenAt.set(info.headSha, this.now());
    this.pulls.set(key, memory);
    this.pullByHead.set(headKey(repo, info.headSha), info.number);
    if (judgedHead !== info.headSha) this.pullByHead.set(headKey(repo, judgedHead), info.number);
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
   * The markers this app last published on a commit for a pull request and its base branch (`binding`;
   * null: a merge group), if it remembers them.
   */
  checkMarkers(repo: RepoCoordinates, sha: string, binding: Binding | null): CheckMarkers | undefined {
    return this.markers.get(markersKey(repo, sha, binding));
  }

  rememberCheckMarkers(repo: RepoCoordinates, sha: string, markers: CheckMarkers): void {
    this.markers.set(markersKey(repo, sha, markers.binding), markers);
  }

  /** The verdicts this process published at a head commit, one per pull request (the latest). */
  verdictsAt(repo: RepoCoordinates, headSha: string): VerdictAtHead[] {
    return [...(this.verdicts.get(headKey(repo, headSha))?.values() ?? [])];
  }

  rememberVerdict(repo: RepoCoordinates, headSha: string, verdict: VerdictAtHead): void {
    const key = headKey(repo, headSha);
    const known = new Map(this.verdicts.get(key) ?? []);
    known.set(verdict.pull, verdict);
    this.verdicts.set(key, known);
  }

  /** Work started by webhooks and not finished yet, waiting or running (see `background`). */
  private readonly running = new Set<Promise<void>>();
  /** Tasks waiting for one of the `MAX_RUNNING` places. */
  private readonly queued: (() => void)[] = [];
  private active = 0;

  /**
   * Starts `task` (as soon as fewer than `MAX_RUNNING` tasks run) and returns at once: a webhook is
   * acknowledged when it arrives, and handled after, so that a slow judgement never makes GitHub give up on
   * the delivery (it waits 10 s) and other deliveries are answered meanwhile. The bound keeps a burst of
   * deliveries from holding hundreds of judgements in memory at once. What `task` throws is logged: nobody
   * is left to answer to.
   */
  background(task: () => Promise<void>, log: { error(details: object, message: string): void }): void {
    const running: Promise<void> = this.place()
      .then(task)
      .catch((error: unknown) => log.error({ err: error }, "netpol-guard failed to handle a webhook"))
      .finally(() => {
        this.running.delete(running);
        this.active--;
        this.queued.shift()?.();
      });
    this.running.add(running);
  }

  /** Resolves when the task may run. */
  private place(): Promise<void> {
    if (this.active < MAX_RUNNING) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.queued.push(() => {
        this.active++;
        resolve();
      }),
    );
  }

  /** Resolves when no work started by `background` is left, including work started while waiting (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /**
   * Runs `task` once per webhook delivery: GitHub redelivers with the same delivery id, and a redelivery,
   * or the same delivery arriving twice at once, gets the first one's result instead of a second check run.
   * A delivery whose result `failed` says is a failure is forgotten, so that redelivering it tries again.
   */
  async oncePerDelivery<T>(deliveryId: string, task: () => Promise<T>, failed: (result: T) => boolean): Promise<T> {
    const known = this.deliveries.get(deliveryId) as Promise<T> | undefined;
    if (known) return known;
    const running = task();
    this.deliveries.set(deliveryId, running);
    // A Map iterates in insertion order: the first key is the oldest delivery.
    if (this.deliveries.size > MAX_DELIVERIES) this.deliveries.delete(this.deliveries.keys().next().value!);
    try {
      const result = await running;
      if (failed(result) && this.deliveries.get(deliveryId) === running) this.deliveries.delete(deliveryId);
      return result;
    } catch (error) {
      if (this.deliveries.get(deliveryId) === running) this.deliveries.delete(deliveryId);
      throw error;
    }
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

/** Webhooks handled at once; the others wait their turn (already acknowledged). */
const MAX_RUNNING = 8;

/** Deliveries remembered for `oncePerDelivery`: GitHub redelivers within hours, not thousands of events later. */
const MAX_DELIVERIES = 10_000;

/** Whether GitHub says `info` is from before `known` (unknown times are never older). */
function isOlder(info: PullRequestInfo, known: PullRequestInfo): boolean {
  if (!info.updatedAt || !known.updatedAt) return false;
  const at = Date.parse(info.updatedAt);
  const knownAt = Date.parse(known.updatedAt);
  return Number.isFinite(at) && Number.isFinite(knownAt) && at < knownAt;
}

function pullKey(repo: RepoCoordinates, number: number): string {
  return `${repo.owner.toLowerCase()}/${repo.repo.toLowerCase()}#${number}`;
}

function markersKey(repo: RepoCoordinates, sha: string, binding: Binding | null): string {
  return `${headKey(repo, sha)}${binding === null ? "" : `#${binding.pull}:${binding.baseRef}`}`;
}

function headKey(repo: RepoCoordinates, headSha: string): string {
  return `${repo.owner.toLowerCase()}/${repo.repo.toLowerCase()}@${headSha}`;
}

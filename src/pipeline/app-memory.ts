/**
 * What the app remembers between events, in memory and bounded: the read cache (trees, blobs, configs)
 * and what it already did on each pull request, so that a re-run or a duplicate
 * delivery reads nothing and posts nothing twice. Lost on restart, which costs reads, never correctness:
 * the review marker on GitHub is the durable record.
 *
 * What several replicas must agree on goes through `state` (see src/state/app-state.ts): the deliveries
 * handled, the lock of each head, and the small records other instances can use (the markers of check
 * runs, the verdicts published at a head, overrides). In this process alone unless `REDIS_URL` is set.
 */
import type { Binding, CheckMarkers, OverrideRecord } from "../model/check-markers.js";
import type { ChangeScope } from "../model/change-scope.js";
import type { RepoCoordinates } from "../github/github-client.js";
import type { BudgetHooks } from "../parse-pool/judge-within-budget.js";
import type { PullRequestInfo } from "../github/pull-requests.js";
import { GitHubSnapshotCache, WeightedLru } from "../github/github-snapshot-cache.js";
import type { VerdictAtHead } from "./strictest-at-head.js";
import type { AppState } from "../state/app-state.js";
import { createMemoryState } from "../state/create-memory-state.js";

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

/**
 * What the last published judgement of a pull request's head says about where its change acts (see
 * src/engine/change-scope.ts): a push to its base that provably leaves it alone skips it (rejudge-after-push.ts).
 */
export interface ScopeRecord {
  headSha: string;
  /** The base commit the judgement was against, or the tip of a push since then that was shown to leave it alone. */
  baseSha: string;
  /** The paths the change touches (watched files and the config). */
  paths: string[];
  scope: ChangeScope;
}

export class AppMemory {
  readonly snapshots: GitHubSnapshotCache;
  private readonly pulls = new WeightedLru<PullRequestMemory>(10_000);
  private readonly pullByHead = new WeightedLru<number>(10_000);
  /** The verdict this process published for each pull request, by repository and head commit. */
  private readonly verdicts = new WeightedLru<Map<number, VerdictAtHead>>(10_000, (m) => m.size);
  /** What this app's check run on a commit recorded last (fingerprint, covered items), by repository, commit and binding. */
  private readonly markers = new WeightedLru<CheckMarkers>(20_000, (m) => 1 + (m.covers?.length ?? 0) / 50);
  /** The judgement of each of the last `MAX_DELIVERIES` webhook deliveries, by delivery id (in flight, or done). */
  private readonly deliveries = new Map<string, Promise<unknown>>();

  /**
   * The judge workers, clock and timer of judgements' budgets (tests replace them). The engine's caches
   * (parsed files, judged refs) live in the judge workers, next to the models they hold.
   */
  readonly budget: BudgetHooks;
  /** The clock (ms since the epoch): injected by tests, never slept on. */
  readonly now: () => number;

  /** What replicas share (deliveries, locks, small records): this process's own unless `REDIS_URL` is set. */
  readonly state: AppState;
  /** Writes to `state` not finished yet: a write never holds a judgement up, but `idle` waits for it. */
  private readonly writes = new Set<Promise<void>>();

  constructor(
    snapshots = new GitHubSnapshotCache(),
    budget: BudgetHooks = {},
    now: () => number = Date.now,
    state: AppState = createMemoryState(now),
  ) {
    this.snapshots = snapshots;
    this.budget = budget;
    this.now = now;
    this.state = state;
  }

  /**
   * The memory of a pull request, refreshed with what an event or the API just said about it, unless that
   * is older than what the memory has (deliveries arrive out of order): a `synchronize` delivered after a
   * later one does not take the pull request back to its earlier head. `info.headSha === headSha` then
   * tells whether a head is the pull request's latest known one. `judgedHead`: the head about to be judged,
   * which may be an older one (a re-run), remembered as this pull request's too.
   */
  async rememberPull(repo: RepoCoordinates, info: PullRequestInfo, judgedHead = info.headSha): Promise<PullRequestMemory> {
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
    // An override another instance recorded for the head and base about to be judged.
    if (this.state.shared && !(memory.override?.headSha === judgedHead && memory.override.baseSha === info.baseSha)) {
      const recorded = (await this.state.recallFields(overrideKey(repo, info.number))).get(`${judgedHead}:${info.baseSha}`);
      if (recorded !== undefined) memory.override = { headSha: judgedHead, baseSha: info.baseSha, record: JSON.parse(recorded) as OverrideRecord | null };
    }
    return memory;
  }

  /** The override known for a head and base commit of a pull request (null record: none), as just published. */
  rememberOverride(repo: RepoCoordinates, pull: PullRequestMemory, override: NonNullable<PullRequestMemory["override"]>): void {
    pull.override = override;
    this.share(overrideKey(repo, pull.info.number), `${override.headSha}:${override.baseSha}`, JSON.stringify(override.record));
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
  async checkMarkers(repo: RepoCoordinates, sha: string, binding: Binding | null): Promise<CheckMarkers | undefined> {
    const known = this.markers.get(markersKey(repo, sha, binding));
    if (known !== undefined || !this.state.shared) return known;
    const recorded = (await this.state.recallFields(`markers:${headKey(repo, sha)}`)).get(bindingField(binding));
    return recorded === undefined ? undefined : (JSON.parse(recorded) as CheckMarkers);
  }

  rememberCheckMarkers(repo: RepoCoordinates, sha: string, markers: CheckMarkers): void {
    this.markers.set(markersKey(repo, sha, markers.binding), markers);
    this.share(`markers:${headKey(repo, sha)}`, bindingField(markers.binding), JSON.stringify(markers));
  }

  /** The verdicts published at a head commit, one per pull request (the latest), by this instance or another. */
  async verdictsAt(repo: RepoCoordinates, headSha: string): Promise<VerdictAtHead[]> {
    const key = headKey(repo, headSha);
    const known = new Map(this.verdicts.get(key) ?? []);
    if (this.state.shared) {
      for (const [pull, recorded] of await this.state.recallFields(`verdicts:${key}`)) {
        if (!known.has(Number(pull))) known.set(Number(pull), JSON.parse(recorded) as VerdictAtHead);
      }
    }
    return [...known.values()];
  }

  rememberVerdict(repo: RepoCoordinates, headSha: string, verdict: VerdictAtHead): void {
    const key = headKey(repo, headSha);
    const known = new Map(this.verdicts.get(key) ?? []);
    known.set(verdict.pull, verdict);
    this.verdicts.set(key, known);
    this.share(`verdicts:${key}`, String(verdict.pull), JSON.stringify(verdict));
  }

  /**
   * Where the change of a pull request's head acts, as its last published judgement found: in `state`,
   * shared by every instance when `REDIS_URL` is set, so that whichever replica receives the push can skip.
   */
  rememberScope(repo: RepoCoordinates, number: number, record: ScopeRecord): void {
    this.write(scopeKey(repo, number), record.headSha, JSON.stringify(record));
  }

  /** The scope recorded for a head of a pull request, if any (none: the pull request is judged again). */
  async scopeAt(repo: RepoCoordinates, number: number, headSha: string): Promise<ScopeRecord | undefined> {
    const recorded = (await this.state.recallFields(scopeKey(repo, number))).get(headSha);
    return recorded === undefined ? undefined : (JSON.parse(recorded) as ScopeRecord);
  }

  /**
   * Writes a record for other instances, without holding the judgement up. Commands on one Redis connection
   * run in the order they were sent, so a write sent before a lock's release is seen by the next holder.
   * The state logs a write that fails; the record is then this process's alone.
   */
  private share(key: string, field: string, value: string): void {
    if (this.state.shared) this.write(key, field, value);
  }

  /** Writes a record to `state` (in this process, or shared), tracked so that `idle` waits for it. */
  private write(key: string, field: string, value: string): void {
    const write = this.state.rememberField(key, field, value, RECORD_TTL_SECONDS).finally(() => this.writes.delete(write));
    this.writes.add(write);
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
    while (this.running.size > 0 || this.writes.size > 0) await Promise.allSettled([...this.running, ...this.writes]);
  }

  /**
   * Runs `task` once per webhook delivery: GitHub redelivers with the same delivery id, and a redelivery,
   * or the same delivery arriving twice at once, gets the first one's result instead of a second check run.
   * A delivery that another instance claimed (`state`) is not run here: `duplicate` is the result then.
   * A delivery whose result `failed` says is a failure is forgotten, so that redelivering it tries again.
   */
  async oncePerDelivery<T>(deliveryId: string, task: () => Promise<T>, failed: (result: T) => boolean, duplicate: () => T): Promise<T> {
    const known = this.deliveries.get(deliveryId) as Promise<T> | undefined;
    if (known) return known;
    let claimed = false;
    const running = (async () => {
      claimed = await this.state.claimDelivery(deliveryId, DELIVERY_TTL_SECONDS);
      return claimed ? task() : duplicate();
    })();
    // Set before any await: the same delivery arriving twice at once in this process finds it.
    this.deliveries.set(deliveryId, running);
    // A Map iterates in insertion order: the first key is the oldest delivery.
    if (this.deliveries.size > MAX_DELIVERIES) this.deliveries.delete(this.deliveries.keys().next().value!);
    const forget = async (): Promise<void> => {
      if (this.deliveries.get(deliveryId) === running) this.deliveries.delete(deliveryId);
      if (claimed) await this.state.releaseDelivery(deliveryId);
    };
    try {
      const result = await running;
      if (claimed && failed(result)) await forget();
      return result;
    } catch (error) {
      await forget();
      throw error;
    }
  }

  /**
   * Runs `task` after every earlier task with the same key, on this instance or another (`state`): two
   * deliveries of one event then never judge and post at the same time, and the second finds everything
   * the first did.
   */
  async serialize(key: string, task: () => Promise<void>): Promise<void> {
    await this.state.withLock(key, task);
  }
}

/** Webhooks handled at once; the others wait their turn (already acknowledged). */
const MAX_RUNNING = 8;

/** Deliveries remembered for `oncePerDelivery`: GitHub redelivers within hours, not thousands of events later. */
const MAX_DELIVERIES = 10_000;

/** How long a delivery id is claimed: GitHub's own redeliveries come within hours; a manual one later is judged again. */
const DELIVERY_TTL_SECONDS = 3 * 24 * 3600;

/** How long shared records live after their last write: a cache, whose miss costs a request, not a verdict. */
const RECORD_TTL_SECONDS = 7 * 24 * 3600;

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
  return `${headKey(repo, sha)}#${bindingField(binding)}`;
}

function bindingField(binding: Binding | null): string {
  return binding === null ? "" : `${binding.pull}:${binding.baseRef}`;
}

function scopeKey(repo: RepoCoordinates, number: number): string {
  return `scope:${pullKey(repo, number)}`;
}

function overrideKey(repo: RepoCoordinates, number: number): string {
  return `override:${pullKey(repo, number)}`;
}

function headKey(repo: RepoCoordinates, headSha: string): string {
  return `${repo.owner.toLowerCase()}/${repo.repo.toLowerCase()}@${headSha}`;
}

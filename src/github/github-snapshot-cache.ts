/**
 * What reading commits through the GitHub API has already cost, kept in memory so that it is not paid
 * again: the base of the next pull request, a re-run and a duplicate delivery read nothing. Every entry is
 * keyed by something immutable (a commit SHA, a blob SHA), so nothing here ever goes stale; it only gets
 * evicted, oldest first, when a budget is exceeded.
 */
import type { Ancestry } from "../snapshot/ref-reader.js";

/** A least-recently-used map bounded by the sum of its entries' weights. */
export class WeightedLru<V> {
  private readonly entries = new Map<string, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: V): void {
    const weight = Math.max(1, this.weigh(value));
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.total -= old.weight;
      this.entries.delete(key);
    }
    // An entry larger than the whole budget is not kept at all.
    if (weight > this.maxWeight) return;
    this.entries.set(key, { value, weight });
    this.total += weight;
    while (this.total > this.maxWeight) {
      const oldest = this.entries.keys().next().value as string;
      this.total -= this.entries.get(oldest)!.weight;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.total;
  }
}

/** One blob entry of a commit's recursive tree. */
export interface TreeBlob {
  path: string;
  /** `100644`, `100755`, `120000` (a symbolic link). */
  mode: string;
  sha: string;
  size: number;
}

/** A commit's recursive tree, reduced to its blobs. */
export interface TreeListing {
  /** GitHub cut the listing short: some files are missing from `blobs`. */
  truncated: boolean;
  blobs: TreeBlob[];
}

/** A blob as read: its text, or why it has none. */
export type BlobContent = { text: string } | { unreadable: string };

/** A config file as read at one commit: its text (null when absent), or why it could not be read. */
export type ConfigContent = { text: string | null } | { unreadable: string };

export interface GitHubSnapshotCacheLimits {
  /** Tree entries kept, over all commits. */
  treeEntries: number;
  /** Characters of blob text kept. */
  blobCharacters: number;
  /** Config files kept (one per commit). */
  configs: number;
}

export const DEFAULT_CACHE_LIMITS: GitHubSnapshotCacheLimits = {
  treeEntries: 250_000,
  blobCharacters: 64 * 1024 * 1024,
  configs: 2_000,
};

/**
 * Trees by repository and commit, blobs by blob SHA (content-addressed, so shared across repositories and
 * commits), config files by repository and commit.
 */
export class GitHubSnapshotCache {
  readonly trees: WeightedLru<TreeListing>;
  readonly blobs: WeightedLru<BlobContent>;
  readonly configs: WeightedLru<ConfigContent>;
  /** GraphQL node ids of the platform team and the label, by `nodeIdKey`. */
  readonly nodeIds: WeightedLru<string>;
  /** Where a head stands against a base, by both commits (`ancestryKey`). */
  readonly ancestries: WeightedLru<Ancestry>;

  constructor(limits: GitHubSnapshotCacheLimits = DEFAULT_CACHE_LIMITS) {
    this.trees = new WeightedLru(limits.treeEntries, (tree) => tree.blobs.length);
    this.blobs = new WeightedLru(limits.blobCharacters, (blob) => ("text" in blob ? blob.text.length : 64));
    this.configs = new WeightedLru(limits.configs);
    this.nodeIds = new WeightedLru(limits.configs);
    this.ancestries = new WeightedLru(limits.configs);
  }
}

/** The cache key of a team's (by slug) or a label's (by name) node id in a repository's organization. */
export function nodeIdKey(repo: { owner: string; repo: string }, kind: "team" | "label", name: string): string {
  return `${repo.owner.toLowerCase()}/${repo.repo.toLowerCase()} ${kind}:${name.toLowerCase()}`;
}

/** The cache key of a head's ancestry against a base: two commits, so it never goes stale. */
export function ancestryKey(repo: { owner: string; repo: string }, base: string, head: string): string {
  return `${commitKey(repo, base)}...${head}`;
}

/** The cache key of a commit of a repository. */
export function commitKey(repo: { owner: string; repo: string }, sha: string): string {
  return `${repo.owner.toLowerCase()}/${repo.repo.toLowerCase()}@${sha}`;
}

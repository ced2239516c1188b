import type { NetpolGuardConfig, PathFilter } from "../config/parse-config.js";
import type { SnapshotFile } from "../model/snapshot-file.js";

/** The config file at a ref: its text (null: absent, the defaults apply), or why it could not be read. */
export type ConfigRead = { text: string | null } | { unreadable: string };

/** The watched files of a ref, and why it could not be read in full (each sentence fails the change). */
export interface RefFiles {
  files: SnapshotFile[];
  problems: string[];
}

/**
 * Reads refs: a local git repository, a plain folder, or GitHub. Both methods take several refs (a change's
 * base and head) so that a reader can share the work between them: one request for both configs on GitHub,
 * the base's blobs reused for the head in git.
 */
/**
 * Where a head stands against a base: `behind` when the base's tip is not in the head's history, with the
 * commit they last shared (null when they share none).
 */
export type Ancestry = { behind: false } | { behind: true; mergeBase: string | null };

/**
 * The history of a reader's commits, to judge a change as merging it would make it: a pull request's head
 * that is behind its base is judged with its own changes composed onto the base's tip (see
 * judging/compose-onto-base.ts), not as the older tree it holds.
 */
export interface RefHistory {
  ancestry(base: string, head: string): Promise<Ancestry>;
  /** The blob id of every file at a commit, by path; null when the listing was cut short. */
  listBlobs(ref: string): Promise<Map<string, string> | null>;
}

export interface RefReader {
  /** The config file at each ref, in order. Throws only when the ref itself cannot be read. */
  readConfigs(refs: string[]): Promise<ConfigRead[]>;
  /** The files `filter` watches at each ref, in order; `config` is the one that judges (the base's). */
  readFiles(refs: string[], filter: PathFilter, config: NetpolGuardConfig): Promise<RefFiles[]>;
  /** Absent when the reader has no history (a plain folder): its head is judged as it is. */
  history?: RefHistory;
}

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
export interface RefReader {
  /** The config file at each ref, in order. Throws only when the ref itself cannot be read. */
  readConfigs(refs: string[]): Promise<ConfigRead[]>;
  /** The files `filter` watches at each ref, in order; `config` is the one that judges (the base's). */
  readFiles(refs: string[], filter: PathFilter, config: NetpolGuardConfig): Promise<RefFiles[]>;
}

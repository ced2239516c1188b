import { DiskParseStore } from "./disk-parse-store.js";
import { parserVersionKey } from "./parser-version-key.js";

/** A store preloaded for the next judgement of this thread (see `preloadDiskParseStore`). */
let preloaded: DiskParseStore | null = null;

/**
 * The store of `check --cache-dir DIR`, keyed by the installed parsers' version. Opened where the parsing
 * happens (the judge worker), which settles its writes and prunes it before answering (see run-judge-job.ts).
 * The store `preloadDiskParseStore` prepared for the same directory, if any, is taken (once).
 */
export function openDiskParseStore(dir: string): DiskParseStore {
  const ready = preloaded;
  preloaded = null;
  return ready?.dir === dir ? ready : new DiskParseStore(dir, { parserVersion: parserVersionKey() });
}

/**
 * Reads and decodes the store of `dir` ahead of the judgement that will open it (a judge worker, while the
 * thread that sends it the job reads git): see `DiskParseStore.preload`. Returns how many results it decoded.
 */
export function preloadDiskParseStore(dir: string): number {
  const store = new DiskParseStore(dir, { parserVersion: parserVersionKey() });
  preloaded = store;
  return store.preload();
}

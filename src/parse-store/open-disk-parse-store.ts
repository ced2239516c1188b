import { DiskParseStore } from "./disk-parse-store.js";
import { parserVersionKey } from "./parser-version-key.js";

/**
 * The store of `check --cache-dir DIR`, keyed by the installed parsers' version. Opened where the parsing
 * happens (the judge worker), which settles its writes and prunes it before answering (see run-judge-job.ts).
 */
export function openDiskParseStore(dir: string): DiskParseStore {
  return new DiskParseStore(dir, { parserVersion: parserVersionKey() });
}

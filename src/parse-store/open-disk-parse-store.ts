import { DiskParseStore } from "./disk-parse-store.js";
import { parserVersionKey } from "./parser-version-key.js";

/**
 * The store of `check --cache-dir DIR`, keyed by the installed parsers' version, pruned back under its bound
 * once the process has nothing else to do (after the judgement is printed, so pruning never delays it).
 */
export function openDiskParseStore(dir: string): DiskParseStore {
  const store = new DiskParseStore(dir, { parserVersion: parserVersionKey() });
  process.once("beforeExit", () => void store.prune());
  return store;
}

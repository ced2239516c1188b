import { createPathFilter, parseConfig, type NetpolGuardConfig } from "../config/parse-config.js";
import type { RefSnapshot } from "../snapshot/snapshot.js";
import { watchFlowsFile } from "../snapshot/watch-flows-file.js";
import { readFolderSnapshot, readGitSnapshot, readLocalConfig, resolveCommit, type GitSnapshotOptions } from "../snapshot/read-local-snapshot.js";

/** The config of a ref (or the working tree when `ref` is null). */
export async function loadConfig(repo: string, ref: string | null): Promise<{ config: NetpolGuardConfig; text: string | null }> {
  const text = await readLocalConfig(repo, ref === null ? null : await resolveCommit(repo, ref));
  return { config: parseConfig(text).config, text };
}

/** Reads a ref (or the working tree) with the watched globs of `config` (see `readGitSnapshot` for `options`). */
export async function loadSnapshot(repo: string, ref: string | null, config: NetpolGuardConfig, options?: GitSnapshotOptions): Promise<RefSnapshot> {
  const filter = watchFlowsFile(createPathFilter(config), config.observedFlows.path, false);
  return ref === null ? readFolderSnapshot(repo, filter) : readGitSnapshot(repo, ref, filter, options);
}

import { parseConfigFile, type ConfigFile } from "../config/parse-config-file.js";
import type { SnapshotFile } from "../model/snapshot-file.js";

/** The files of one ref and its parsed config file: what a snapshot reader's caller hands the engine. */
export interface SnapshotInput {
  files: SnapshotFile[];
  config: ConfigFile;
}

/** The engine's input for a ref read with its config file's text (a snapshot reader's result). */
export function snapshotInput(snapshot: { files: SnapshotFile[]; configText: string | null }): SnapshotInput {
  return { files: snapshot.files, config: parseConfigFile(snapshot.configText) };
}

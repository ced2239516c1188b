import { parseConfig, type NetpolGuardConfig } from "../config/parse-config.js";
import { CONFIG_PATH } from "../config/schema.js";
import { buildModel } from "./build-model.js";
import { judgeChange, judgeRef, type JudgedRef, type Judgement } from "./judge-change.js";
import { ParseCache, parseFiles, type SnapshotFile } from "./parse-files.js";

/** The files of one ref and its config text: what a snapshot reader hands the engine. */
export interface SnapshotInput {
  files: SnapshotFile[];
  configText: string | null;
}

/** Parses and models one ref under `config` (always the base ref's config). */
export function analyzeSnapshot(snapshot: SnapshotInput, config: NetpolGuardConfig, cache?: ParseCache): JudgedRef {
  return judgeRef(buildModel(parseFiles(snapshot.files, cache), config));
}

export interface JudgedChange {
  judgement: Judgement;
  config: NetpolGuardConfig;
  base: JudgedRef;
  head: JudgedRef;
}

/**
 * Judges a change between two snapshots, with the rules of the base: its config decides what is read and
 * how; the head's config is only validated. Requires `initTerraformParser()` to have completed.
 */
export function judgeSnapshots(base: SnapshotInput, head: SnapshotInput, cache: ParseCache = new ParseCache()): JudgedChange {
  const { config } = parseConfig(base.configText, CONFIG_PATH);
  const baseRef = analyzeSnapshot(base, config, cache);
  const headRef = analyzeSnapshot(head, config, cache);
  const judgement = judgeChange(baseRef, headRef, { file: CONFIG_PATH, base: base.configText, head: head.configText });
  return { judgement, config, base: baseRef, head: headRef };
}

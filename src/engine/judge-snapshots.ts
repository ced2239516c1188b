import type { NetpolGuardConfig } from "../config/schema.js";
import { buildModel } from "./build-model.js";
import { deriveRef } from "./derive-ref.js";
import { canonicalJson } from "../model/canonical-json.js";
import { digestOf } from "../model/digest.js";
import { judgeChange, type Judgement } from "./judge-change.js";
import { judgeRef, type JudgedRef } from "./judged-ref.js";
import { ParseCache, parseFiles, parseJobs, type ParseJob } from "./parse-files.js";
import type { SnapshotFile } from "../model/snapshot-file.js";
import type { ObservedFlows } from "../flows/flow-summary.js";
import { loadTerraformParser, type TerraformParser } from "../parsers/terraform/load-terraform-parser.js";
import type { SnapshotInput } from "./snapshot-input.js";

export { snapshotInput, type SnapshotInput } from "./snapshot-input.js";

/**
 * Judged refs and changes kept: the base of the next pull request and a re-run reuse them whole. A judged
 * ref of a 30,000-service repository holds a few hundred MiB, and a change holds its two refs, so few are
 * kept: the latest changes (re-runs and duplicate deliveries come right after) and the refs they use.
 */
const REFS_KEPT = 3;
const CHANGES_KEPT = 2;

/**
 * The last key of each list of files, with the config it was worked out under: a judgement asks for the
 * keys of its two refs twice (what to parse, then the judgement), and at 30,000 files each costs a sort.
 */
const keysOf = new WeakMap<SnapshotFile[], { config: NetpolGuardConfig; key: string }>();

/** What a ref's model depends on: its files (by digest) and the config that reads them. */
function snapshotKey(snapshot: { files: SnapshotFile[] }, config: NetpolGuardConfig): string {
  const known = keysOf.get(snapshot.files);
  if (known?.config === config) return known.key;
  const files = snapshot.files.map((f) => `${f.path}\u0000${f.kind}\u0000${f.digest}\u0000${f.unreadable ?? ""}`);
  // Snapshot readers list files in order already: sorting is then only checking.
  if (!isSorted(files)) files.sort();
  const key = digestOf(`${canonicalJson(config)}\u0001${files.join("\u0001")}`);
  keysOf.set(snapshot.files, { config, key });
  return key;
}

/** Whether `list` is in the order `sort()` gives it. */
function isSorted(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1]! > list[i]!) return false;
  return true;
}

/**
 * Parses and models one ref under `config` (always the base ref's config). With `basis`, a judged ref under
 * the same config (the base of the change), the model is derived from it when the differences allow
 * (derive-ref.ts), which gives the same result as building it in full.
 */
export async function analyzeSnapshot(
  snapshot: { files: SnapshotFile[] },
  config: NetpolGuardConfig,
  cache?: ParseCache,
  basis?: JudgedRef,
): Promise<JudgedRef> {
  const parser = await loadTerraformParser();
  return analyzeKeyed(parser, snapshot, cache ? snapshotKey(snapshot, config) : "", config, cache, basis);
}

function analyzeKeyed(
  parser: TerraformParser,
  snapshot: { files: SnapshotFile[] },
  key: string,
  config: NetpolGuardConfig,
  cache?: ParseCache,
  basis?: JudgedRef,
): JudgedRef {
  const build = (): JudgedRef => {
    const parses = cache ?? new ParseCache();
    const parsed = parseFiles(snapshot.files, parser, parses);
    const derived = basis ? deriveRef(basis, parsed, config) : null;
    if (derived !== null && typeof derived !== "string") return derived;
    const built = judgeRef(buildModel(parsed, config, parses.memo));
    built.notDerived = derived;
    return built;
  };
  return cache ? cache.derive("ref", key, build, REFS_KEPT) : build();
}

/**
 * The parsing `judgeSnapshots(base, head, cache)` would do: every file not parsed yet of a ref not judged
 * yet, each once. Parsed first elsewhere (a worker thread, under a budget), they cost the judgement nothing.
 */
export function jobsToParse(base: SnapshotInput, head: SnapshotInput, cache: ParseCache): ParseJob[] {
  const { config } = base.config;
  const jobs = new Map<string, ParseJob>();
  for (const snapshot of [base, head]) {
    if (cache.hasDerived("ref", snapshotKey(snapshot, config))) continue;
    for (const job of parseJobs(snapshot.files)) if (!cache.has(job)) jobs.set(`${job.kind}\u0000${job.path}\u0000${job.digest}`, job);
  }
  return [...jobs.values()];
}

export interface JudgedChange {
  judgement: Judgement;
  config: NetpolGuardConfig;
  base: JudgedRef;
  head: JudgedRef;
  /** The observed flows the change was judged against, when they were read (see add-observed-flows.ts). */
  flows?: ObservedFlows;
}

/**
 * Judges a change between two snapshots, with the rules of the base: its config decides what is read and
 * how; the head's config is only validated. Loads the Terraform parser on first use (see
 * load-terraform-parser.ts). `incremental: false` builds the head in full even where it could be derived
 * from the base (for tests).
 */
export async function judgeSnapshots(
  base: SnapshotInput,
  head: SnapshotInput,
  cache: ParseCache = new ParseCache(),
  options: { incremental?: boolean } = {},
): Promise<JudgedChange> {
  const parser = await loadTerraformParser();
  const { config } = base.config;
  const keys = { base: snapshotKey(base, config), head: snapshotKey(head, config) };
  const key = `${keys.base}|${keys.head}|${digestOf(base.config.text ?? "")}|${digestOf(head.config.text ?? "")}`;
  const incremental = options.incremental ?? true;
  const change = cache.derive("change", key, () => judgeUncached(parser, base, head, keys, config, cache, incremental), CHANGES_KEPT);
  // A copy, so that a caller who adjusts the verdict (an approval, an override) never edits the cache.
  return { ...change, judgement: { ...change.judgement } };
}

function judgeUncached(
  parser: TerraformParser,
  base: SnapshotInput,
  head: SnapshotInput,
  keys: { base: string; head: string },
  config: NetpolGuardConfig,
  cache: ParseCache,
  incremental: boolean,
): JudgedChange {
  const baseRef = analyzeKeyed(parser, base, keys.base, config, cache);
  // The head is derived from the base when the change allows (the same result as building it in full).
  const headRef = analyzeKeyed(parser, head, keys.head, config, cache, incremental ? baseRef : undefined);
  const judgement = judgeChange(baseRef, headRef, { base: base.config, head: head.config });
  return { judgement, config, base: baseRef, head: headRef };
}

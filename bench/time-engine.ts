/**
 * Times the engine's three situations on a generated repository, parses already cached:
 * cold (nothing derived yet), next push (the base's judged ref cached, a new head), re-run (same change).
 * `npx tsx bench/time-engine.ts [--services 30000] [--seed 1]`
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createPathFilter, parseConfig } from "../src/config/parse-config.js";
import { judgeSnapshots, snapshotInput } from "../src/engine/judge-snapshots.js";
import { ParseCache, parseFiles } from "../src/engine/parse-files.js";
import { readGitSnapshot, readLocalConfig, resolveCommit } from "../src/snapshot/read-local-snapshot.js";
import { ensureRepo } from "./measure.js";
import { loadTerraformParser } from "../src/parsers/terraform/load-terraform-parser.js";

const parser = await loadTerraformParser();

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { services: { type: "string", default: "30000" }, seed: { type: "string", default: "1" }, profile: { type: "boolean" } } });
const repo = ensureRepo(Number(values.seed), Number(values.services), join(root, ".bench"));
const configText = await readLocalConfig(repo.dir, await resolveCommit(repo.dir, repo.base));
const filter = createPathFilter(parseConfig(configText).config);
const base = snapshotInput(await readGitSnapshot(repo.dir, repo.base, filter));
const head = snapshotInput(await readGitSnapshot(repo.dir, repo.head, filter));
const parsesOnly = (): ParseCache => {
  const cache = new ParseCache();
  parseFiles(base.files, parser, cache);
  parseFiles(head.files, parser, cache);
  return cache;
};
const time = async (f: () => Promise<unknown>): Promise<number> => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};
const cache = parsesOnly();
const cold = await time(() => judgeSnapshots(base, head, cache));
const rerun = await time(() => judgeSnapshots(base, head, cache));
const pushCache = parsesOnly();
await judgeSnapshots(base, base, pushCache);
const push = await time(() => judgeSnapshots(base, head, pushCache));
console.log(JSON.stringify({ services: Number(values.services), coldMs: Math.round(cold), nextPushMs: Math.round(push), rerunMs: Math.round(rerun) }));

if (values.profile) {
  const { Session } = await import("node:inspector/promises");
  const { summarise } = await import("./profile-summary.js");
  const profiled = parsesOnly();
  await judgeSnapshots(base, base, profiled);
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  await judgeSnapshots(base, head, profiled);
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  for (const c of summarise(profile as Parameters<typeof summarise>[0]).sort((a, b) => b.selfMs - a.selfMs).slice(0, 25)) {
    console.log(`${c.selfMs.toFixed(0).padStart(8)} ${c.totalMs.toFixed(0).padStart(8)}  ${c.name}`);
  }
}

/**
 * Profiles the engine alone (judgeSnapshots with every parse already cached) on a generated repository,
 * and prints where its time goes. `npx tsx bench/profile-engine.ts [--services 30000] [--seed 1] [--top 40]
 * [--shape company-roots|service-roots]` Writes .bench/profiles/engine-<services>.cpuprofile (open it in Chrome DevTools or VS Code).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createPathFilter, parseConfig } from "../src/config/parse-config.js";
import { judgeSnapshots, snapshotInput } from "../src/engine/judge-snapshots.js";
import { ParseCache, parseFiles } from "../src/engine/parse-files.js";
import { readGitSnapshot, readLocalConfig, resolveCommit } from "../src/snapshot/read-local-snapshot.js";
import { REPO_SHAPES, type RepoShape } from "./generate-repo.js";
import { ensureRepo } from "./measure.js";
import { summarise } from "./profile-summary.js";
import { loadTerraformParser } from "../src/parsers/terraform/load-terraform-parser.js";

const parser = await loadTerraformParser();

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    services: { type: "string", default: "30000" },
    seed: { type: "string", default: "1" },
    top: { type: "string", default: "40" },
    shape: { type: "string", default: "company-roots" },
  },
});
const services = Number(values.services);
if (!REPO_SHAPES.includes(values.shape as RepoShape)) throw new Error(`--shape must be one of ${REPO_SHAPES.join(", ")}`);
const repo = ensureRepo(Number(values.seed), services, join(root, ".bench"), values.shape as RepoShape);
const configText = await readLocalConfig(repo.dir, await resolveCommit(repo.dir, repo.base));
const filter = createPathFilter(parseConfig(configText).config);
const base = snapshotInput(await readGitSnapshot(repo.dir, repo.base, filter));
const head = snapshotInput(await readGitSnapshot(repo.dir, repo.head, filter));
// Parses cached, nothing derived: judged refs and changes are cached too, so a second judgement of the same
// change would profile a cache hit. One unprofiled run warms the code (JIT), on its own cache.
const parsed = (): ParseCache => {
  const c = new ParseCache();
  parseFiles(base.files, parser, c);
  parseFiles(head.files, parser, c);
  return c;
};
await judgeSnapshots(base, head, parsed());
const cache = parsed();

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 200 });
await session.post("Profiler.start");
const t = performance.now();
await judgeSnapshots(base, head, cache);
const elapsed = performance.now() - t;
const { profile } = await session.post("Profiler.stop");
session.disconnect();

const out = join(root, ".bench", "profiles", `engine-${values.shape === "company-roots" ? "" : `${values.shape}-`}${services}.cpuprofile`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(profile));
console.log(`judgeSnapshots, ${services} services, warm parse cache: ${elapsed.toFixed(0)} ms (profiled); profile in ${out}\n`);
console.log("   self ms   total ms  function");
for (const c of summarise(profile as Parameters<typeof summarise>[0])
  .sort((a, b) => b.totalMs - a.totalMs)
  .filter((c) => c.name.includes("src/") || c.name.startsWith("(garbage"))
  .slice(0, Number(values.top))) {
  console.log(`${c.selfMs.toFixed(0).padStart(10)} ${c.totalMs.toFixed(0).padStart(10)}  ${c.name}`);
}

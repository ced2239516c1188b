/**
 * Times the engine on a generated repository, every file already parsed (the parse is not the engine's):
 * cold (base built in full, head derived or built, the change judged: what `check` does after parsing), the
 * next push (the base judged before, a new head) and a re-run (the same change, cached), as medians of
 * `--runs` runs, each with a fresh memo of what the engine derives from the parse results. It also prints a
 * digest of the judgement, so that two versions of the engine can be held to the same result on a large
 * repository.
 * `npx tsx bench/time-engine.ts [--services 30000] [--shape company-roots|service-roots] [--seed 1] [--runs 5]
 * [--profile]` (`--profile`: one more cold run under the CPU profiler, its heaviest functions printed and the
 * profile written to .bench/profiles/).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createPathFilter, parseConfig } from "../src/config/parse-config.js";
import { buildModel } from "../src/engine/build-model.js";
import { deriveRef } from "../src/engine/derive-ref.js";
import { findingsAt } from "../src/engine/findings-at.js";
import { judgeChange } from "../src/engine/judge-change.js";
import { judgeRef, type JudgedRef } from "../src/engine/judged-ref.js";
import { judgeSnapshots, snapshotInput } from "../src/engine/judge-snapshots.js";
import { ParseCache, parseFiles, type ParsedFiles } from "../src/engine/parse-files.js";
import { ParseMemo } from "../src/engine/parse-memo.js";
import { canonicalJson } from "../src/model/canonical-json.js";
import { digestOf } from "../src/model/digest.js";
import { loadTerraformParser } from "../src/parsers/terraform/load-terraform-parser.js";
import { readGitSnapshot, readLocalConfig, resolveCommit } from "../src/snapshot/read-local-snapshot.js";
import { REPO_SHAPES, type RepoShape } from "./generate-repo.js";
import { ensureRepo } from "./measure.js";
import { summarise } from "./profile-summary.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const parser = await loadTerraformParser();
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    services: { type: "string", default: "30000" },
    seed: { type: "string", default: "1" },
    shape: { type: "string", default: "company-roots" },
    runs: { type: "string", default: "5" },
    profile: { type: "boolean" },
    top: { type: "string", default: "30" },
  },
});
const shape = values.shape as RepoShape;
if (!REPO_SHAPES.includes(shape)) throw new Error(`--shape must be one of ${REPO_SHAPES.join(", ")}`);
const services = Number(values.services);
const repo = ensureRepo(Number(values.seed), services, join(root, ".bench"), shape);
const configText = await readLocalConfig(repo.dir, await resolveCommit(repo.dir, repo.base));
const filter = createPathFilter(parseConfig(configText).config);
const base = snapshotInput(await readGitSnapshot(repo.dir, repo.base, filter));
const head = snapshotInput(await readGitSnapshot(repo.dir, repo.head, filter));
const { config } = base.config;
const configs = { base: base.config, head: head.config };

// Parsed once: every run below starts from the same parse results and a fresh memo.
const parses = new ParseCache();
const parsed: { base: ParsedFiles; head: ParsedFiles } = {
  base: parseFiles(base.files, parser, parses),
  head: parseFiles(head.files, parser, parses),
};

/** The base built in full, as judgeSnapshots builds it. */
const buildBase = (memo: ParseMemo): JudgedRef => judgeRef(buildModel(parsed.base, config, memo));
/** The head derived from the base when it can be, as judgeSnapshots does. */
const buildHead = (baseRef: JudgedRef, memo: ParseMemo): JudgedRef => {
  const derived = deriveRef(baseRef, parsed.head, config);
  return typeof derived === "string" ? judgeRef(buildModel(parsed.head, config, memo)) : derived;
};

const time = (f: () => void): number => {
  gc();
  const t = performance.now();
  f();
  return performance.now() - t;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

const runs = Math.max(1, Number(values.runs));
const cold: number[] = [];
const push: number[] = [];
const phases: Record<string, number[]> = { "buildModel (base)": [], "head (derived or built)": [], "findingsAt (base)": [], "judgeChange (rest)": [] };
let digest = "";
for (let i = 0; i < runs + 1; i++) {
  // A judged ref holds WeakRefs to the one it was derived from, and their targets live until the current
  // job ends: each run starts in a job of its own, or every run's refs would stay in memory.
  await new Promise((resolve) => setImmediate(resolve));
  // The first run warms the code (JIT) and is not counted.
  const memo = new ParseMemo();
  let baseRef: JudgedRef | null = null;
  let headRef: JudgedRef | null = null;
  const parts = {
    "buildModel (base)": time(() => void (baseRef = buildBase(memo))),
    "head (derived or built)": time(() => void (headRef = buildHead(baseRef!, memo))),
    "findingsAt (base)": time(() => void findingsAt(baseRef!)),
    "judgeChange (rest)": 0,
  };
  let judgement: unknown = null;
  parts["judgeChange (rest)"] = time(() => void (judgement = judgeChange(baseRef!, headRef!, configs)));
  digest = digestOf(canonicalJson(judgement));
  if (i > 0) {
    for (const [k, v] of Object.entries(parts)) phases[k]!.push(v);
    cold.push(Object.values(parts).reduce((a, b) => a + b, 0));
  }
  // The next push: the base judged (findings included) before, the head derived and the change judged.
  const pushMemo = new ParseMemo();
  const judgedBase = buildBase(pushMemo);
  findingsAt(judgedBase);
  const p = time(() => void judgeChange(judgedBase, buildHead(judgedBase, pushMemo), configs));
  if (i > 0) push.push(p);
}
// A re-run: the judged change is cached.
const cache = new ParseCache();
parseFiles(base.files, parser, cache);
parseFiles(head.files, parser, cache);
await judgeSnapshots(base, head, cache);
const rerun: number[] = [];
for (let i = 0; i < runs; i++) {
  gc();
  const t = performance.now();
  await judgeSnapshots(base, head, cache);
  rerun.push(performance.now() - t);
}
const fromSnapshots = await judgeSnapshots(base, head, new ParseCache());
if (digestOf(canonicalJson(fromSnapshots.judgement)) !== digest) throw new Error("the phases above judged otherwise than judgeSnapshots");

console.log(
  JSON.stringify({
    shape,
    services,
    runs,
    coldMs: Math.round(median(cold)),
    phasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(median(v))])),
    nextPushMs: Math.round(median(push)),
    rerunMs: Number(median(rerun).toFixed(1)),
    cold: cold.map(Math.round),
    nextPush: push.map(Math.round),
    judgement: digest,
  }),
);

if (values.profile) {
  const { Session } = await import("node:inspector/promises");
  const memo = new ParseMemo();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  const baseRef = buildBase(memo);
  judgeChange(baseRef, buildHead(baseRef, memo), configs);
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  const out = join(root, ".bench", "profiles", `engine-cold-${shape}-${services}.cpuprofile`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(profile));
  console.log(`profile of one cold run: ${out}\n   self ms   total ms  function`);
  for (const c of summarise(profile as Parameters<typeof summarise>[0]).sort((a, b) => b.selfMs - a.selfMs).slice(0, Number(values.top))) {
    console.log(`${c.selfMs.toFixed(0).padStart(10)} ${c.totalMs.toFixed(0).padStart(10)}  ${c.name}`);
  }
}

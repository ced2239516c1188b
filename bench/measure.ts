/**
 * The measurements of one repository size: the parse floor, the engine's own work on top of it, the
 * `check` command from a cold start, a warm re-judge, and the app's GitHub API requests.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve as resolvePath } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createPathFilter, parseConfig } from "../src/config/parse-config.js";
import { buildModel } from "../src/engine/build-model.js";
import { diffConnectivity } from "../src/engine/diff-connectivity.js";
import { findingsAt } from "../src/engine/findings-at.js";
import { judgeRef } from "../src/engine/judged-ref.js";
import { judgeSnapshots, snapshotInput, type JudgedChange, type SnapshotInput } from "../src/engine/judge-snapshots.js";
import { ParseCache, parseFiles } from "../src/engine/parse-files.js";
import type { SnapshotFile } from "../src/model/snapshot-file.js";
import { readGitSnapshot, readLocalConfig, resolveCommit } from "../src/snapshot/read-local-snapshot.js";
import { countAppRequests, type AppRequestCounts } from "./app-requests.js";
import { generateRepo, GENERATOR_VERSION, type GeneratedRepo, type RepoShape } from "./generate-repo.js";
import { loadTerraformParser } from "../src/parsers/terraform/load-terraform-parser.js";

const parser = await loadTerraformParser();

export interface CheckRun {
  wallMs: number;
  /** User + system CPU time of the process and its children (git), when /usr/bin/time reports it. */
  cpuMs: number | null;
  /** Peak resident set size of the process (the largest of its tree), in bytes; null when not measurable. */
  peakRssBytes: number | null;
  exitCode: number;
}

export interface SizeResult {
  services: number;
  companies: number;
  /** Watched files at the head of the pull request. */
  files: number;
  /** Their total size in bytes (UTF-8). */
  bytes: number;
  /** Read both refs through `readGitSnapshot` and parse every distinct file once (median over runs). */
  floorMs: number;
  floorReadMs: number;
  floorParseMs: number;
  /** Of floorParseMs, the Terraform parser's share (the rest is Kubernetes YAML). */
  floorTerraformMs: number;
  /** `judgeSnapshots` with a cache that already holds every parse: hierarchy, evaluation, diff (median). */
  engineMs: number;
  ratio: number;
  /** `node lib/cli.js check`, median wall time over runs; null when lib/ is not available or not asked for. */
  check: { wallMs: number; cpuMs: number | null; minWallMs: number; peakRssBytes: number | null; exitCode: number; runs: number } | null;
  /**
   * `check --cache-dir` with the directory a first run filled (a CI runner that restored it): median wall
   * time; null when `check` is not run.
   */
  cachedCheck: { wallMs: number; cpuMs: number | null; peakRssBytes: number | null } | null;
  /** Judging the next push: the base judged before, the head new. */
  warmMs: number;
  /** Judging the same head again. */
  rerunMs: number;
  api: AppRequestCounts | null;
  conclusion: JudgedChange["judgement"]["conclusion"];
  judgement: JudgedChange["judgement"];
  /** Where the engine's time goes, one pass (ms). */
  breakdown: Record<string, number>;
}

export interface MeasureOptions {
  /** Repetitions of the in-process floor/engine measurement and of `check` (medians are reported). */
  runs: number;
  /** Path to the built CLI (lib/cli.js), or null to skip the `check` columns. */
  cli: string | null;
  /** Also ask for the app's API request counts. */
  api?: boolean;
  log?: (line: string) => void;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function now(): number {
  return performance.now();
}

/**
 * Collects the garbage left by what ran before, so that an in-process phase is charged with its own work and
 * the collections its own allocations cause, not with the debt of the phase before it (the floor leaves
 * hundreds of MiB of garbage at 30,000 services). The collector is exposed at run time for the benchmark.
 */
const collectGarbage: () => void = (() => {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
})();

/**
 * The generated repository for (seed, services), from the cache directory when it was generated before
 * (keyed by seed, size and generator version); generated into a temporary folder and renamed otherwise.
 */
export function ensureRepo(seed: number, services: number, cacheRoot: string, shape: RepoShape = "company-roots"): GeneratedRepo {
  // The first shape keeps the key it had before there were two, so its cached repositories stay valid.
  const key = `seed-${seed}-${shape === "company-roots" ? "services" : shape}-${services}-v${GENERATOR_VERSION}`;
  const home = resolvePath(cacheRoot, key);
  const meta = join(home, "meta.json");
  if (existsSync(meta) && existsSync(join(home, "repo", ".git"))) {
    // The recorded directory may be stale (the cache was moved): the repository is where the cache is.
    const cached = JSON.parse(readFileSync(meta, "utf8")) as Omit<GeneratedRepo, "shape"> & { shape?: RepoShape };
    return { ...cached, shape, dir: join(home, "repo") };
  }
  const staging = resolvePath(cacheRoot, `${key}.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const generated = generateRepo({ seed, services, shape, dir: join(staging, "repo") });
  rmSync(home, { recursive: true, force: true });
  renameSync(staging, home);
  // A git repository survives the rename; only the recorded directory changes.
  const repo: GeneratedRepo = { ...generated, dir: join(home, "repo") };
  writeFileSync(meta, JSON.stringify(repo, null, 2) + "\n");
  return repo;
}

interface Snapshots {
  base: SnapshotInput;
  head: SnapshotInput;
}

/** The floor: read both refs as `check` does and parse every distinct file once. */
async function floorOnce(repo: GeneratedRepo): Promise<{ readMs: number; parseMs: number; terraformMs: number; snapshots: Snapshots; cache: ParseCache }> {
  const t0 = now();
  const baseCommit = await resolveCommit(repo.dir, repo.base);
  const configText = await readLocalConfig(repo.dir, baseCommit);
  const filter = createPathFilter(parseConfig(configText).config);
  const base = await readGitSnapshot(repo.dir, repo.base, filter);
  const head = await readGitSnapshot(repo.dir, repo.head, filter, { known: base });
  const t1 = now();
  // Every distinct file once: the head's unchanged files are cache hits, as in judgeSnapshots. Terraform
  // first, then Kubernetes, to tell the two parsers' shares apart (parseFiles is per file or directory).
  const cache = new ParseCache();
  const terraform = (f: SnapshotFile): boolean => f.kind === "terraform";
  parseFiles(base.files.filter(terraform), parser, cache);
  parseFiles(head.files.filter(terraform), parser, cache);
  const t2 = now();
  parseFiles(base.files, parser, cache);
  parseFiles(head.files, parser, cache);
  const t3 = now();
  return {
    readMs: t1 - t0,
    parseMs: t3 - t1,
    terraformMs: t2 - t1,
    snapshots: { base: snapshotInput(base), head: snapshotInput(head) },
    cache,
  };
}

/** One pass through the engine's phases, timed separately (the phases judgeSnapshots runs, in its order). */
function engineBreakdown(snapshots: Snapshots, cache: ParseCache): Record<string, number> {
  const out: Record<string, number> = {};
  const time = <T>(name: string, f: () => T): T => {
    const t = now();
    const value = f();
    out[name] = (out[name] ?? 0) + (now() - t);
    return value;
  };
  const { config } = snapshots.base.config;
  const parsedBase = time("parseFiles (cached)", () => parseFiles(snapshots.base.files, parser, cache));
  const parsedHead = time("parseFiles (cached)", () => parseFiles(snapshots.head.files, parser, cache));
  const base = judgeRef(time("buildModel", () => buildModel(parsedBase, config, cache.memo)));
  const head = judgeRef(time("buildModel", () => buildModel(parsedHead, config, cache.memo)));
  time("findingsAt (rules, not-isolated)", () => findingsAt(base));
  time("findingsAt (rules, not-isolated)", () => findingsAt(head));
  time("diffConnectivity", () => diffConnectivity(base, head));
  return out;
}

/** Spawns `node lib/cli.js check ...`, under /usr/bin/time -v when present, for wall time and peak RSS. */
export async function runCheck(repo: GeneratedRepo, cli: string, extra: string[] = []): Promise<CheckRun> {
  return spawnCli(cli, ["check", "--repo", repo.dir, "--base", repo.base, "--head", repo.head, "--format", "json", ...extra]);
}

/** Spawns `node lib/cli.js ARGS...`, under /usr/bin/time -v when present; throws on exit code 2. */
export async function spawnCli(cli: string, cliArgs: string[]): Promise<CheckRun> {
  const args = [cli, ...cliArgs];
  const useTime = existsSync("/usr/bin/time");
  let command: string;
  let argv: string[];
  if (useTime) {
    command = "/usr/bin/time";
    argv = ["-v", process.execPath, ...args];
  } else {
    // Fallback: the process reports its own peak RSS on exit.
    command = process.execPath;
    const script =
      `process.on("exit", () => process.stderr.write("\\nBENCH_MAXRSS_KB=" + process.resourceUsage().maxRSS + "\\n"));` +
      `process.argv.splice(1, 1); await import(${JSON.stringify(new URL(`file://${cli}`).href)});`;
    argv = ["--input-type=module", "-e", script, "placeholder", ...args.slice(1)];
  }
  const started = now();
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? -1));
  });
  const wallMs = now() - started;
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
  const cpuMs = useTime && user && system ? (Number(user) + Number(system)) * 1000 : null;
  const kb = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] : /BENCH_MAXRSS_KB=(\d+)/.exec(stderr)?.[1];
  if (exitCode === 2 || exitCode < 0) {
    throw new Error(`netpol-guard ${cliArgs[0]} failed (exit ${exitCode}):\n${stderr.slice(0, 2000)}`);
  }
  void stdout;
  return { wallMs, cpuMs, peakRssBytes: kb ? Number(kb) * 1024 : null, exitCode };
}

/** Measures one generated repository. */
export async function measureRepo(repo: GeneratedRepo, options: MeasureOptions): Promise<SizeResult> {
  const log = options.log ?? (() => {});
  const runs = Math.max(1, options.runs);

  const floors: { read: number; parse: number; terraform: number }[] = [];
  const engines: number[] = [];
  let last: { snapshots: Snapshots; cache: ParseCache; change: JudgedChange } | null = null;
  for (let i = 0; i < runs; i++) {
    last = null; // let the previous run's caches go before measuring again
    collectGarbage();
    const floor = await floorOnce(repo);
    floors.push({ read: floor.readMs, parse: floor.parseMs, terraform: floor.terraformMs });
    collectGarbage();
    const t = now();
    const change = await judgeSnapshots(floor.snapshots.base, floor.snapshots.head, floor.cache);
    engines.push(now() - t);
    last = { snapshots: floor.snapshots, cache: floor.cache, change };
    log(`  run ${i + 1}/${runs}: read ${floor.readMs.toFixed(0)} ms, parse ${floor.parseMs.toFixed(0)} ms (terraform ${floor.terraformMs.toFixed(0)} ms), engine ${engines[i]!.toFixed(0)} ms`);
  }
  const { snapshots, cache, change } = last!;

  // The next push: a cache that has judged the base (as the app has, from earlier pull requests) and
  // parsed nothing of the head; the head's changed files are parsed, its model built, the change judged.
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    const pushCache = new ParseCache();
    await judgeSnapshots(snapshots.base, snapshots.base, pushCache);
    collectGarbage();
    const t = now();
    await judgeSnapshots(snapshots.base, snapshots.head, pushCache);
    warm.push(now() - t);
  }
  log(`  warm re-judge (next push): ${warm.map((w) => w.toFixed(0)).join(", ")} ms`);
  // A re-run of the same head: the judged change itself is cached.
  const reruns: number[] = [];
  for (let i = 0; i < 3; i++) {
    collectGarbage();
    const t = now();
    await judgeSnapshots(snapshots.base, snapshots.head, cache);
    reruns.push(now() - t);
  }
  log(`  re-run of the same head: ${reruns.map((w) => w.toFixed(1)).join(", ")} ms`);
  collectGarbage();
  const breakdown = engineBreakdown(snapshots, cache);
  log(`  engine breakdown: ${Object.entries(breakdown).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join("; ")}`);

  let check: SizeResult["check"] = null;
  if (options.cli) {
    const checks: CheckRun[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await runCheck(repo, options.cli);
      checks.push(run);
      log(`  check ${i + 1}/${runs}: ${run.wallMs.toFixed(0)} ms wall, ${run.cpuMs === null ? "?" : run.cpuMs.toFixed(0)} ms CPU, peak RSS ${run.peakRssBytes === null ? "?" : (run.peakRssBytes / 2 ** 20).toFixed(0) + " MiB"}, exit ${run.exitCode}`);
    }
    const peaks = checks.map((c) => c.peakRssBytes).filter((p): p is number => p !== null);
    check = {
      wallMs: median(checks.map((c) => c.wallMs)),
      minWallMs: Math.min(...checks.map((c) => c.wallMs)),
      cpuMs: checks.every((c) => c.cpuMs !== null) ? median(checks.map((c) => c.cpuMs!)) : null,
      peakRssBytes: peaks.length > 0 ? Math.max(...peaks) : null,
      exitCode: checks[0]!.exitCode,
      runs: checks.length,
    };
  }

  // The parse cache a CI runner restores: one run fills a fresh directory, the next ones find every file.
  let cachedCheck: SizeResult["cachedCheck"] = null;
  if (options.cli) {
    const cacheDir = mkdtempSync(join(tmpdir(), "netpol-guard-bench-cache-"));
    try {
      await runCheck(repo, options.cli, ["--cache-dir", cacheDir]);
      const warmChecks: CheckRun[] = [];
      for (let i = 0; i < runs; i++) warmChecks.push(await runCheck(repo, options.cli, ["--cache-dir", cacheDir]));
      log(`  check --cache-dir (warm): ${warmChecks.map((c) => c.wallMs.toFixed(0)).join(", ")} ms wall`);
      const peaks = warmChecks.map((c) => c.peakRssBytes).filter((p): p is number => p !== null);
      cachedCheck = {
        wallMs: median(warmChecks.map((c) => c.wallMs)),
        cpuMs: warmChecks.every((c) => c.cpuMs !== null) ? median(warmChecks.map((c) => c.cpuMs!)) : null,
        peakRssBytes: peaks.length > 0 ? Math.max(...peaks) : null,
      };
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }

  const api = options.api === false ? null : await countAppRequests(repo);
  // The run with the median total, so that its parts add up to it.
  const floor = [...floors].sort((a, b) => a.read + a.parse - (b.read + b.parse))[Math.floor((floors.length - 1) / 2)]!;
  const floorMs = floor.read + floor.parse;
  const engineMs = median(engines);
  const headFiles = snapshots.head.files;
  return {
    services: repo.services,
    companies: repo.companies,
    files: headFiles.length,
    bytes: headFiles.reduce((sum, f) => sum + (f.text === null ? 0 : Buffer.byteLength(f.text, "utf8")), 0),
    floorMs,
    floorReadMs: floor.read,
    floorParseMs: floor.parse,
    floorTerraformMs: floor.terraform,
    engineMs,
    ratio: engineMs / floorMs,
    check,
    cachedCheck,
    warmMs: median(warm),
    rerunMs: median(reruns),
    api,
    conclusion: change.judgement.conclusion,
    judgement: change.judgement,
    breakdown,
  };
}

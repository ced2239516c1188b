/**
 * The parse results kept on disk (`check --cache-dir`): a run that finds every result there parses nothing
 * and judges exactly as a cold run; a damaged entry is a miss; the directory stays under its bound; and a
 * result of other parsers is never read.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { crc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRepo, type GeneratedRepo } from "../../../bench/generate-repo.js";
import { runCli } from "../../../src/cli/run-cli.js";
import { createPathFilter, parseConfig } from "../../../src/config/parse-config.js";
import { judgeSnapshots, snapshotInput, type SnapshotInput } from "../../../src/engine/judge-snapshots.js";
import { ParseCache, parseJobs, runParseJob, type ParseKey, type ParseResult, type ParseStore } from "../../../src/engine/parse-files.js";
import { DiskParseStore } from "../../../src/parse-store/disk-parse-store.js";
import { parserVersionKey } from "../../../src/parse-store/parser-version-key.js";
import { PARSER_VERSION } from "../../../src/parsers/parser-version.js";
import { loadTerraformParser } from "../../../src/parsers/terraform/load-terraform-parser.js";
import { renderCheckJson } from "../../../src/report/render-json.js";
import { readGitSnapshot, readLocalConfig, resolveCommit } from "../../../src/snapshot/read-local-snapshot.js";

const parser = await loadTerraformParser();

/** A store that counts what it was asked and what it gave back. */
class CountingStore implements ParseStore {
  hits = 0;
  misses = 0;
  puts = 0;
  constructor(readonly inner: DiskParseStore) {}
  get(key: ParseKey): ParseResult | undefined {
    const found = this.inner.get(key);
    if (found === undefined) this.misses++;
    else this.hits++;
    return found;
  }
  put(key: ParseKey, result: ParseResult): void {
    this.puts++;
    this.inner.put(key, result);
  }
}

/** The pack files of a store directory. */
function packs(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".pack"))
    .map((name) => join(dir, name));
}

/** The entries a store over `dir` finds there. */
function entryCount(dir: string): number {
  return new DiskParseStore(dir, { parserVersion: "test" }).size;
}

/** Where each entry of a pack is, read from its header and index (the layout disk-parse-store.ts writes). */
function layoutOf(pack: Buffer): { indexStart: number; indexLength: number; dataStart: number; rows: [string, number, number, number, number][] } {
  const indexStart = pack.indexOf(10) + 1 + 8;
  const indexLength = pack.readUInt32LE(indexStart - 8);
  const { entries: rows } = JSON.parse(pack.subarray(indexStart, indexStart + indexLength).toString("utf8")) as { entries: [string, number, number, number, number][] };
  return { indexStart, indexLength, dataStart: indexStart + indexLength, rows };
}

describe("DiskParseStore", () => {
  const work = mkdtempSync(join(tmpdir(), "netpol-guard-parse-store-"));
  let repo: GeneratedRepo;
  let base: SnapshotInput;
  let head: SnapshotInput;

  beforeAll(async () => {
    repo = generateRepo({ seed: 4, services: 40, shape: "service-roots", dir: join(work, "repo") });
    const filter = createPathFilter(parseConfig(await readLocalConfig(repo.dir, await resolveCommit(repo.dir, repo.base))).config);
    const baseRef = await readGitSnapshot(repo.dir, repo.base, filter);
    base = snapshotInput(baseRef);
    head = snapshotInput(await readGitSnapshot(repo.dir, repo.head, filter, { known: baseRef }));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("gives a warm run every result, parses nothing, and the same judgement as a cold one", async () => {
    const dir = join(work, "warm");
    const alone = await judgeSnapshots(base, head, new ParseCache());
    const coldStore = new CountingStore(new DiskParseStore(dir, { parserVersion: "test" }));
    const cold = await judgeSnapshots(base, head, new ParseCache(undefined, coldStore));
    await coldStore.inner.settle();
    const distinct = new Set([...parseJobs(base.files), ...parseJobs(head.files)].map((j) => `${j.kind}|${j.path}|${j.digest}`)).size;
    expect(coldStore.puts).toBe(distinct);
    expect(packs(dir)).toHaveLength(1);
    expect(entryCount(dir)).toBe(distinct);

    const warmStore = new CountingStore(new DiskParseStore(dir, { parserVersion: "test" }));
    const warm = await judgeSnapshots(base, head, new ParseCache(undefined, warmStore));
    expect([warmStore.hits, warmStore.misses, warmStore.puts]).toEqual([distinct, 0, 0]);
    expect(renderCheckJson(warm.judgement)).toBe(renderCheckJson(alone.judgement));
    expect(renderCheckJson(cold.judgement)).toBe(renderCheckJson(alone.judgement));
    expect(warm.judgement.conclusion).toBe("failure");
  });

  it("answers `has` from the store, so that no worker parses a stored result again", async () => {
    const dir = join(work, "has");
    const job = parseJobs(base.files).find((j) => j.kind === "terraform")!;
    const first = new DiskParseStore(dir, { parserVersion: "test" });
    runParseJob(job, new ParseCache(undefined, first), parser);
    await first.settle();
    const cache = new ParseCache(undefined, new DiskParseStore(dir, { parserVersion: "test" }));
    expect(cache.has(job)).toBe(true);
    expect(new ParseCache(undefined, new DiskParseStore(join(work, "empty"), { parserVersion: "test" })).has(job)).toBe(false);
  });

  it("ignores a damaged entry (cut short, a flipped byte, another key's bytes) and a damaged pack, and parses again", async () => {
    const dir = join(work, "corrupt");
    const jobs = parseJobs(base.files).slice(0, 5);
    const store = new DiskParseStore(dir, { parserVersion: "test" });
    const cache = new ParseCache(undefined, store);
    const show = (result: unknown): string => JSON.stringify(result, (_, v: unknown) => (v instanceof Map ? [...v] : v));
    const expected = jobs.map((job) => show(runParseJob(job, cache, parser)));
    await store.settle();
    const [file] = packs(dir) as [string];
    const original = readFileSync(file);
    const { indexStart, indexLength, dataStart, rows } = layoutOf(original);
    const row = (job: (typeof jobs)[number]): [string, number, number, number, number] => rows.find(([id]) => id === `${job.kind}\u0000${job.path}\u0000${job.digest}`)!;
    // In the order of their bytes: the last is the one the pack is cut short inside.
    const [pointedAt, flipped, elsewhere, whole, cut] = [...jobs].sort((a, b) => row(a)[1] - row(b)[1]) as [(typeof jobs)[number], (typeof jobs)[number], (typeof jobs)[number], (typeof jobs)[number], (typeof jobs)[number]];
    const damaged = Buffer.from(original);
    // A flipped bit inside one entry.
    damaged[dataStart + row(flipped)[1] + 2]! ^= 0x20;
    // An index row that points at another entry's bytes, under a valid index checksum.
    const index = JSON.parse(original.subarray(indexStart, indexStart + indexLength).toString("utf8")) as { entries: [string, number, number, number, number][] };
    const moved = index.entries.find(([id]) => id === row(elsewhere)[0])!;
    const target = row(pointedAt);
    [moved[1], moved[2], moved[3]] = [target[1], target[2], target[3]];
    const newIndex = Buffer.from(JSON.stringify(index), "utf8");
    const header = Buffer.alloc(8);
    header.writeUInt32LE(newIndex.length, 0);
    header.writeUInt32LE(crc32(newIndex), 4);
    // The pack cut short inside the last entry of the data.
    const last = row(cut);
    const body = damaged.subarray(dataStart, dataStart + last[1] + Math.floor(last[2] / 2));
    writeFileSync(file, Buffer.concat([original.subarray(0, indexStart - 8), header, newIndex, body]));

    const again = new CountingStore(new DiskParseStore(dir, { parserVersion: "test" }));
    const missing = new Set([flipped, elsewhere, cut]);
    expect(missing.has(pointedAt) || missing.has(whole)).toBe(false);
    for (const job of jobs) expect(again.get(job) === undefined).toBe(missing.has(job));
    const reparsed = new ParseCache(undefined, again);
    expect(jobs.map((job) => show(runParseJob(job, reparsed, parser)))).toEqual(expected);
    expect(again.puts).toBe(missing.size);
    await again.inner.settle();
    // The next pack has every entry whole again, and the damaged pack is gone.
    expect(packs(dir)).toHaveLength(1);
    expect(packs(dir)[0]).not.toBe(file);
    const after = new CountingStore(new DiskParseStore(dir, { parserVersion: "test" }));
    for (const job of jobs) expect(show(after.get(job))).toBe(expected[jobs.indexOf(job)]);

    // A damaged index, or a file that is not a pack at all: every entry of it is a miss.
    const [good] = packs(dir) as [string];
    const badIndex = readFileSync(good);
    badIndex[layoutOf(badIndex).indexStart + 5]! ^= 0x01;
    writeFileSync(good, badIndex);
    writeFileSync(join(dir, `${basename(good).split("-")[0]}-garbage.pack`), "not a pack");
    const none = new DiskParseStore(dir, { parserVersion: "test" });
    for (const job of jobs) expect(none.get(job)).toBeUndefined();
    // The run that parses them again writes a pack, and the unreadable ones go.
    const rewritten = new DiskParseStore(dir, { parserVersion: "test" });
    jobs.forEach((job) => runParseJob(job, new ParseCache(undefined, rewritten), parser));
    await rewritten.prune();
    expect(packs(dir)).toHaveLength(1);
    expect(entryCount(dir)).toBe(jobs.length);
  });

  it("is a store that misses where the directory cannot be made, and still judges", async () => {
    const file = join(work, "a-file");
    writeFileSync(file, "not a directory");
    const store = new CountingStore(new DiskParseStore(join(file, "cache"), { parserVersion: "test" }));
    const judged = await judgeSnapshots(base, head, new ParseCache(undefined, store));
    await store.inner.prune();
    expect(store.hits).toBe(0);
    expect(store.puts).toBeGreaterThan(0);
    expect(renderCheckJson(judged.judgement)).toBe(renderCheckJson((await judgeSnapshots(base, head, new ParseCache())).judgement));
  });

  it("never reads a result stored under another parser version", async () => {
    const dir = join(work, "versions");
    const job = parseJobs(base.files)[0]!;
    const old = new DiskParseStore(dir, { parserVersion: "1+hcl-1.2.0+yaml-2.9.1" });
    runParseJob(job, new ParseCache(undefined, old), parser);
    await old.settle();
    expect(new DiskParseStore(dir, { parserVersion: "2+hcl-1.2.0+yaml-2.9.1" }).get(job)).toBeUndefined();
    expect(new DiskParseStore(dir, { parserVersion: "1+hcl-1.2.0+yaml-2.9.1" }).get(job)).toBeDefined();
    expect(parserVersionKey()).toMatch(new RegExp(`^${PARSER_VERSION}\\+hcl-\\d+\\.\\d+\\.\\d+\\+yaml-\\d+\\.\\d+\\.\\d+$`));
  });

  it("prunes the directory back under its bound, keeping what this process used", async () => {
    const dir = join(work, "bound");
    const jobs = parseJobs(base.files);
    const filler = new DiskParseStore(dir, { parserVersion: "test" });
    const fillCache = new ParseCache(undefined, filler);
    for (const job of jobs) runParseJob(job, fillCache, parser);
    await filler.settle();
    const [full] = packs(dir) as [string];
    const maxBytes = Math.floor(statSync(full).size / 3);

    const store = new DiskParseStore(dir, { parserVersion: "test", maxBytes });
    const kept = jobs.slice(-3);
    for (const job of kept) expect(store.get(job)).toBeDefined();
    // A run that wrote nothing leaves the directory alone; one that wrote prunes it.
    await store.prune();
    expect(packs(dir)).toEqual([full]);
    const added = parseJobs(head.files).find((j) => !jobs.some((b) => b.digest === j.digest))!;
    runParseJob(added, new ParseCache(undefined, store), parser);
    await store.prune();
    const after = packs(dir);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(full);
    expect(statSync(after[0]!).size).toBeLessThanOrEqual(maxBytes);
    expect(entryCount(dir)).toBeGreaterThan(kept.length + 1);
    expect(entryCount(dir)).toBeLessThan(jobs.length);
    const fresh = new DiskParseStore(dir, { parserVersion: "test" });
    for (const job of [...kept, added]) expect(fresh.get(job)).toBeDefined();
  });

  it("removes what its first layout (one file per result) left, when it writes, and nothing else", async () => {
    const dir = join(work, "first-layout");
    const entry = "ab".repeat(31);
    mkdirSync(join(dir, "3f"), { recursive: true });
    mkdirSync(join(dir, "c0"), { recursive: true });
    writeFileSync(join(dir, "3f", entry), "an old result");
    writeFileSync(join(dir, "3f", `${entry}.4242-0a1b2c3d.tmp`), "half an old result");
    writeFileSync(join(dir, "c0", entry), "an old result");
    writeFileSync(join(dir, "c0", "notes.txt"), "someone else's");
    mkdirSync(join(dir, "zz"));
    writeFileSync(join(dir, "zz", entry), "not a shard of the store");
    // Reading leaves the directory alone; the run that writes a pack clears the old layout.
    const store = new DiskParseStore(dir, { parserVersion: "test" });
    expect(store.get(parseJobs(base.files)[0]!)).toBeUndefined();
    await store.prune();
    expect(existsSync(join(dir, "3f", entry))).toBe(true);
    runParseJob(parseJobs(base.files)[0]!, new ParseCache(undefined, store), parser);
    await store.prune();
    expect(existsSync(join(dir, "3f"))).toBe(false);
    expect(readdirSync(join(dir, "c0"))).toEqual(["notes.txt"]);
    expect(readdirSync(join(dir, "zz"))).toEqual([entry]);
    expect(packs(dir)).toHaveLength(1);
  });

  it("merges the packs of runs that wrote at once, and leaves packs of other versions alone under the bound", async () => {
    const dir = join(work, "merge");
    const jobs = parseJobs(base.files).slice(0, 6);
    const first = new DiskParseStore(dir, { parserVersion: "test" });
    const second = new DiskParseStore(dir, { parserVersion: "test" });
    const other = new DiskParseStore(dir, { parserVersion: "other" });
    // Two runs that opened the directory before either wrote, each parsing half.
    expect([first.size, second.size]).toEqual([0, 0]);
    jobs.slice(0, 3).forEach((job) => runParseJob(job, new ParseCache(undefined, first), parser));
    jobs.slice(3).forEach((job) => runParseJob(job, new ParseCache(undefined, second), parser));
    runParseJob(jobs[0]!, new ParseCache(undefined, other), parser);
    await Promise.all([first.prune(), second.prune(), other.prune()]);
    expect(packs(dir)).toHaveLength(3);
    expect(entryCount(dir)).toBe(6);
    // The next run reads both, finds everything, and writes them as one pack.
    const next = new CountingStore(new DiskParseStore(dir, { parserVersion: "test" }));
    for (const job of jobs) expect(next.get(job)).toBeDefined();
    await next.inner.prune();
    expect(packs(dir)).toHaveLength(2);
    expect(entryCount(dir)).toBe(6);
    expect(new DiskParseStore(dir, { parserVersion: "other" }).size).toBe(1);
  });

  it("is what `check --cache-dir` uses: the same output and exit code, cold and warm", async () => {
    const dir = join(work, "cli");
    const run = async (extra: string[]): Promise<[number, string]> => {
      let out = "";
      const code = await runCli(["check", "--repo", repo.dir, "--base", repo.base, "--head", repo.head, "--format", "json", ...extra], {
        stdout: (t) => (out += t),
        stderr: () => {},
      });
      return [code, out];
    };
    const plain = await run([]);
    expect(plain[0]).toBe(1);
    expect(await run(["--cache-dir", dir])).toEqual(plain);
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    expect(await run(["--cache-dir", dir])).toEqual(plain);
  });
});

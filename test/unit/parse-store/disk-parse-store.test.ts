/**
 * The parse results kept on disk (`check --cache-dir`): a run that finds every result there parses nothing
 * and judges exactly as a cold run; a damaged entry is a miss; the directory stays under its bound; and a
 * result of other parsers is never read.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

/** Every entry file of a store directory. */
function entries(dir: string): string[] {
  return readdirSync(dir).flatMap((shard) => readdirSync(join(dir, shard)).map((name) => join(dir, shard, name)));
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
    expect(entries(dir)).toHaveLength(distinct);

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

  it("ignores a damaged entry (cut short, a flipped byte, garbage, another key's content) and parses again", async () => {
    const dir = join(work, "corrupt");
    const jobs = parseJobs(base.files).slice(0, 4);
    const store = new DiskParseStore(dir, { parserVersion: "test" });
    const cache = new ParseCache(undefined, store);
    const expected = jobs.map((job) => JSON.stringify(runParseJob(job, cache, parser), (_, v: unknown) => (v instanceof Map ? [...v] : v)));
    await store.settle();
    const files = entries(dir);
    expect(files).toHaveLength(4);
    const [a, b, c, d] = files as [string, string, string, string];
    const original = readFileSync(a);
    writeFileSync(a, original.subarray(0, 40));
    const flipped = readFileSync(b);
    flipped[flipped.length - 3]! ^= 0x20;
    writeFileSync(b, flipped);
    writeFileSync(c, "not an entry");
    // A whole, valid entry, but of another file: its key does not match the name it is found under.
    writeFileSync(d, original);

    const again = new CountingStore(new DiskParseStore(dir, { parserVersion: "test" }));
    for (const job of jobs) expect(again.get(job)).toBeUndefined();
    const reparsed = new ParseCache(undefined, again);
    const results = jobs.map((job) => JSON.stringify(runParseJob(job, reparsed, parser), (_, v: unknown) => (v instanceof Map ? [...v] : v)));
    expect(results).toEqual(expected);
    expect(again.puts).toBe(4);
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
    const total = entries(dir).reduce((sum, f) => sum + statSync(f).size, 0);
    const maxBytes = Math.floor(total / 3);

    const store = new DiskParseStore(dir, { parserVersion: "test", maxBytes });
    const kept = jobs.slice(0, 3);
    for (const job of kept) expect(store.get(job)).toBeDefined();
    // A run that wrote nothing leaves the directory alone; one that wrote prunes it.
    await store.prune();
    expect(entries(dir)).toHaveLength(jobs.length);
    const added = parseJobs(head.files).find((j) => !jobs.some((b) => b.digest === j.digest))!;
    runParseJob(added, new ParseCache(undefined, store), parser);
    await store.prune();
    const after = entries(dir);
    expect(after.reduce((sum, f) => sum + statSync(f).size, 0)).toBeLessThanOrEqual(maxBytes);
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThan(jobs.length);
    for (const job of [...kept, added]) expect(store.get(job)).toBeDefined();
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

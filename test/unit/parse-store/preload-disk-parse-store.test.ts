/**
 * A judge worker decodes the stored results ahead of its job (`check --cache-dir`, while git is read): the
 * ones the last run that wrote used, each handed over as `get` would give it, and the store taken once by
 * the judgement that opens the same directory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateRepo } from "../../../bench/generate-repo.js";
import { createPathFilter, parseConfig } from "../../../src/config/parse-config.js";
import { ParseCache, parseJobs, runParseJob } from "../../../src/engine/parse-files.js";
import { DiskParseStore } from "../../../src/parse-store/disk-parse-store.js";
import { openDiskParseStore, preloadDiskParseStore } from "../../../src/parse-store/open-disk-parse-store.js";
import { parserVersionKey } from "../../../src/parse-store/parser-version-key.js";
import { loadTerraformParser } from "../../../src/parsers/terraform/load-terraform-parser.js";
import { readGitSnapshot, readLocalConfig, resolveCommit } from "../../../src/snapshot/read-local-snapshot.js";

const parser = await loadTerraformParser();
const show = (result: unknown): string => JSON.stringify(result, (_, v: unknown) => (v instanceof Map ? [...v] : v));

describe("preloading a DiskParseStore", () => {
  const work = mkdtempSync(join(tmpdir(), "netpol-guard-preload-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("decodes ahead what the last writing run used, hands each over as get would, and the judgement's open takes it", async () => {
    const repo = generateRepo({ seed: 5, services: 20, shape: "service-roots", dir: join(work, "repo") });
    const filter = createPathFilter(parseConfig(await readLocalConfig(repo.dir, await resolveCommit(repo.dir, repo.base))).config);
    const jobs = parseJobs((await readGitSnapshot(repo.dir, repo.base, filter)).files).filter((j) => j.kind === "terraform");
    expect(jobs.length).toBeGreaterThan(6);
    const dir = join(work, "store");
    const version = parserVersionKey();
    // A first run parses every file; a later one uses only the first three (and writes, as it parsed one more).
    let clock = 1_000;
    const first = new DiskParseStore(dir, { parserVersion: version, now: () => clock });
    jobs.slice(0, -1).forEach((job) => runParseJob(job, new ParseCache(undefined, first), parser));
    await first.prune();
    clock = 2_000;
    const second = new DiskParseStore(dir, { parserVersion: version, now: () => clock });
    const recent = [...jobs.slice(0, 3), jobs.at(-1)!];
    const expected = new Map(recent.map((job) => [job, show(runParseJob(job, new ParseCache(undefined, second), parser))]));
    await second.prune();

    expect(preloadDiskParseStore(dir)).toBe(recent.length);
    const store = openDiskParseStore(dir);
    expect(openDiskParseStore(dir)).not.toBe(store);
    for (const job of recent) expect(show(store.get(job))).toBe(expected.get(job));
    // Asked again, or an older entry: decoded when asked, the same as without preloading.
    const plain = new DiskParseStore(dir, { parserVersion: version });
    for (const job of [recent[0]!, jobs[4]!]) expect(show(store.get(job))).toBe(show(plain.get(job)));
  });

  it("is not taken by a judgement of another directory", () => {
    preloadDiskParseStore(join(work, "one"));
    expect(openDiskParseStore(join(work, "two")).dir).toBe(join(work, "two"));
    expect(openDiskParseStore(join(work, "one")).dir).toBe(join(work, "one"));
  });
});

/**
 * The benchmark at a tiny size (30 services), so that it cannot rot: the generator, the in-process
 * measurements and the table run on every `npm test`. No timing is asserted; the `check` columns (a spawned
 * lib/cli.js) are left to `npm run bench`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countAppRequests } from "../../bench/app-requests.js";
import { generateRepo, type GeneratedRepo } from "../../bench/generate-repo.js";
import { measureRepo, type SizeResult } from "../../bench/measure.js";
import { COLUMNS, DOC_END, DOC_START, renderReport, renderTable, replaceBetweenMarkers } from "../../bench/table.js";

describe("benchmark smoke test (30 services)", () => {
  const dir = mkdtempSync(join(tmpdir(), "netpol-guard-bench-"));
  let repo: GeneratedRepo;
  let result: SizeResult;

  beforeAll(async () => {
    repo = generateRepo({ seed: 1, services: 30, dir: join(dir, "repo") });
    result = await measureRepo(repo, { runs: 1, cli: null });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("generates a git repository with a base and a pull request touching 5 services", () => {
    const git = (...args: string[]): string => execFileSync("git", ["-C", repo.dir, ...args], { encoding: "utf8" }).trim();
    expect(git("rev-parse", repo.base)).toBe(repo.baseSha);
    expect(git("rev-parse", repo.head)).toBe(repo.headSha);
    expect(git("rev-list", "--count", `${repo.base}..${repo.head}`)).toBe("1");
    const plan = repo.pullRequest;
    const touched = new Set([plan.crossing, plan.addsOwnCompany, plan.removesEntry, plan.changesRawPolicy, plan.addsRawPolicy].map((c) => c.service));
    expect(touched.size).toBe(5);
    expect(plan.crossing.company).not.toBe(plan.crossing.peerCompany);
    expect(git("diff", "--name-only", repo.base, repo.head).split("\n").sort()).toEqual(repo.changedPaths);
    expect(repo.companies).toBe(2);
  });

  it("is deterministic: the same seed and size give the same commits", () => {
    const again = generateRepo({ seed: 1, services: 30, dir: join(dir, "again") });
    expect([again.baseSha, again.headSha]).toEqual([repo.baseSha, repo.headSha]);
  });

  it("judges the pull request as a failure because of the crossing service, and only because of it", () => {
    expect(result.conclusion).toBe("failure");
    const errors = result.judgement.findings.filter((f) => f.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    for (const f of errors) {
      expect(f.rule).toBe("cross-vc-access");
      expect(f.namespace).toBe(repo.pullRequest.crossing.service);
      expect(f.peer).toBe(repo.pullRequest.crossing.peer);
      expect(f.file).toBe(repo.pullRequest.crossing.file);
    }
  });

  it("measures: files and bytes read, floor, engine and warm re-judge", () => {
    expect(result.services).toBe(30);
    expect(result.files).toBeGreaterThan(0);
    expect(result.bytes).toBeGreaterThan(0);
    expect(result.floorMs).toBeGreaterThan(0);
    expect(result.engineMs).toBeGreaterThan(0);
    expect(result.warmMs).toBeGreaterThan(0);
    expect(result.check).toBeNull();
  });

  it("prints one table row with the expected columns", async () => {
    const table = renderTable([result]).split("\n");
    expect(table).toHaveLength(3);
    const cells = (line: string): string[] => line.split("|").slice(1, -1).map((c) => c.trim());
    expect(cells(table[0]!)).toEqual([...COLUMNS]);
    const row = cells(table[2]!);
    expect(row).toHaveLength(COLUMNS.length);
    expect(row[0]).toBe("30");
    expect(Number(row[1]!.replace(/,/g, ""))).toBe(result.files);
    const api = row[COLUMNS.indexOf("API requests (first / re-run)")]!;
    expect(api).toMatch((await countAppRequests(repo)) === null ? /^n\/a$/ : /^\d+ \/ \d+$/);
  });

  it("writes the report between the markers of a document, and only there", () => {
    const doc = `# Performance\n\nintro\n\n${DOC_START}\nold table\n${DOC_END}\n\nanalysis\n`;
    const block = renderReport([result], { seed: 1, runs: 1, date: "2025-01-01", machine: "test machine" });
    const written = replaceBetweenMarkers(doc, block);
    expect(written.startsWith(`# Performance\n\nintro\n\n${DOC_START}\n`)).toBe(true);
    expect(written.endsWith(`${DOC_END}\n\nanalysis\n`)).toBe(true);
    expect(written).toContain(renderTable([result]));
    expect(written).not.toContain("old table");
    expect(replaceBetweenMarkers(written, block)).toBe(written);
  });
});

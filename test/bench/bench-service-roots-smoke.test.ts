/**
 * The benchmark's second shape (one Terraform root per service, issue 17's layout) at a tiny size, so that
 * it cannot rot: the generator writes one `main.tf` per service, every tenth service has a raw policy with
 * an HNC tree-label selector, the pull request fails on its crossing only, and the budget renders. No
 * timing is asserted.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRepo, type GeneratedRepo } from "../../bench/generate-repo.js";
import { measureRepo, type SizeResult } from "../../bench/measure.js";
import { renderServiceRootsBudget } from "../../bench/table.js";

describe("benchmark smoke test, service-roots shape (40 services)", () => {
  const dir = mkdtempSync(join(tmpdir(), "netpol-guard-bench-roots-"));
  let repo: GeneratedRepo;
  let result: SizeResult;
  const git = (...args: string[]): string => execFileSync("git", ["-C", repo.dir, ...args], { encoding: "utf8" }).trim();

  beforeAll(async () => {
    repo = generateRepo({ seed: 2, services: 40, shape: "service-roots", dir: join(dir, "repo") });
    result = await measureRepo(repo, { runs: 1, cli: null, api: false });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives every service a directory and a main.tf of its own, and every tenth a tree-label policy", () => {
    const files = git("ls-tree", "-r", "--name-only", repo.base).split("\n");
    const roots = files.filter((f) => /^terraform\/services\/[^/]+\/[^/]+\/[^/]+\/main\.tf$/.test(f));
    expect(roots).toHaveLength(40);
    expect(files.filter((f) => f.startsWith("terraform/services/") && !roots.includes(f))).toEqual([]);
    expect(repo.shape).toBe("service-roots");
    expect(repo.companies).toBe(2);
    expect(repo.rawPolicyServices).toBe(4);
    for (const path of files.filter((f) => f.startsWith("kubernetes/services/"))) {
      expect(git("show", `${repo.base}:${path}`)).toMatch(/\.tree\.hnc\.x-k8s\.io\/depth/);
    }
    const root = git("show", `${repo.base}:${roots[0]}`);
    expect(root).toContain("locals {");
    expect(root).toContain("service_company = local.company");
  });

  it("edits 5 services in the pull request and fails on the crossing only", () => {
    expect(git("diff", "--name-only", repo.base, repo.head).split("\n").sort()).toEqual(repo.changedPaths);
    expect(repo.changedPaths).toHaveLength(5);
    expect(repo.pullRequest.crossing.file).toMatch(/\/main\.tf$/);
    expect(result.conclusion).toBe("failure");
    const errors = result.judgement.findings.filter((f) => f.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    for (const f of errors) {
      expect(f.rule).toBe("cross-vc-access");
      expect(f.namespace).toBe(repo.pullRequest.crossing.service);
      expect(f.file).toBe(repo.pullRequest.crossing.file);
    }
  });

  it("renders issue 17's budget from `check` figures, and nothing without them", () => {
    expect(renderServiceRootsBudget([result])).toBe("");
    const check = { wallMs: 6000, minWallMs: 6000, cpuMs: null, peakRssBytes: 500 * 2 ** 20, exitCode: 1, runs: 1 };
    const big = { ...result, services: 30_000, check, cachedCheck: { wallMs: 1500, cpuMs: null, peakRssBytes: null } };
    const budget = renderServiceRootsBudget([big]);
    expect(budget).toContain("| `check` wall, 30,000 services, cold | < 5 s | 6.00 s | **missed** (1.2x the target) |");
    expect(budget).toContain("| `check` peak memory, 30,000 services | < 600 MiB | 500.0 MiB | met |");
    expect(budget).toContain("| `check --cache-dir` wall, 30,000 services, restored cache | < 2 s | 1.50 s | met |");
    expect(result.cachedCheck).toBeNull();
  });
});

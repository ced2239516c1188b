/**
 * `check` as a user runs it, compiled, on a repository large enough for the parse workers (more than 4 MiB
 * of watched text): it must judge exactly as the engine does in one thread, and exit when a ref cannot be
 * read while the workers are already running. Under vitest the sources have no compiled worker, so the
 * suite compiles the CLI into node_modules/.cache (where the dependencies still resolve) and spawns it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRepo, type GeneratedRepo } from "../bench/generate-repo.js";
import { runCli } from "../src/cli/run-cli.js";

const root = join(import.meta.dirname, "..");
const outDir = join(root, "node_modules", ".cache", "netpol-guard-cli-test");
const work = mkdtempSync(join(tmpdir(), "netpol-guard-cli-workers-"));
const HANG_GUARD_MS = 240_000;

function run(command: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    // Killed after four minutes: a CLI that does not exit fails the test instead of hanging the suite. A
    // hang guard, far above the work (tsc took over a minute on the two-core machine under load).
    execFile(command, args, { cwd: root, maxBuffer: 64 * 1024 * 1024, timeout: HANG_GUARD_MS }, (error, out, err) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, out, err });
    });
  });
}

describe.skipIf(availableParallelism() < 2)("check with parse workers (compiled CLI, 8,000 services)", () => {
  let repo: GeneratedRepo;

  beforeAll(async () => {
    rmSync(outDir, { recursive: true, force: true });
    const build = await run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json"), "--outDir", outDir]);
    expect(build.code, build.out + build.err).toBe(0);
    repo = generateRepo({ seed: 3, services: 8000, dir: join(work, "repo") });
  }, 2 * HANG_GUARD_MS);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("parses in worker threads and judges exactly as the engine does in one thread", async () => {
    const args = ["check", "--repo", repo.dir, "--base", repo.base, "--head", repo.head, "--format", "json"];
    const spawned = await run(process.execPath, [join(outDir, "cli.js"), ...args, "--timings"]);
    let out = "";
    const code = await runCli(args, { stdout: (t) => (out += t), stderr: () => {} });

    expect(spawned.code).toBe(1);
    expect(code).toBe(1);
    expect(spawned.out).toBe(out);
    // The timings line says the workers did the parsing.
    const match = /(\d+) files parsed in (\d+) worker threads/.exec(spawned.err);
    expect(match, spawned.err).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThan(1000);
    expect(Number(match![2])).toBe(Math.min(4, availableParallelism()));
  }, 2 * HANG_GUARD_MS);

  it("exits with a git error when the head cannot be read, the workers already started on the base", async () => {
    const spawned = await run(process.execPath, [join(outDir, "cli.js"), "check", "--repo", repo.dir, "--base", repo.base, "--head", "no-such-branch"]);
    expect(spawned.code).toBe(2);
    expect(spawned.err).toContain("no-such-branch is not a commit");
  }, 2 * HANG_GUARD_MS);
});

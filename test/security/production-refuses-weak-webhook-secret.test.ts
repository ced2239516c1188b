/**
 * A webhook secret anyone knows lets anyone forge deliveries (a `/netpol override` "by" a platform member).
 * The production entry, started as its own process the way `npm start` starts it, must exit non-zero with a
 * one-line reason before serving anything; with a strong secret it goes on to Probot (which then stops on
 * the missing App ID, proving the check let it through without opening a port).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ENTRY = join(ROOT, "src", "start.ts");
const TSX = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
// An empty working directory: no developer's .env is read, and the test can write its own.
const CWD = mkdtempSync(join(tmpdir(), "netpol-guard-start-"));

afterAll(() => rmSync(CWD, { recursive: true, force: true }));

interface Exit {
  code: number | null;
  stderr: string;
}

/** Starts the entry with only `env` (and PATH), and resolves when the process has exited. */
function start(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", TSX, ENTRY], { cwd: CWD, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stderr });
    });
  });
}

describe("npm start in production", () => {
  it("runs the production entry, and is what the image runs, in production", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe("node ./lib/start.js");
    const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^CMD \["npm", "start"\]$/m);
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production\b/m);
  });

  // Which secrets are refused is pinned by test/unit/startup/check-webhook-secret.test.ts; one process each
  // costs seconds on a shared machine, so the process is started for the empty secret only.
  it("exits non-zero with one line of reason on an empty secret", async () => {
    const exit = await start({ NODE_ENV: "production", WEBHOOK_SECRET: "", APP_ID: "1", PRIVATE_KEY: "unused" });
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim().split("\n")).toHaveLength(1);
    expect(exit.stderr).toMatch(/^netpol-guard: refusing to start with NODE_ENV=production: WEBHOOK_SECRET is empty/);
  });

  it("reads the secret from .env as Probot does, its values winning over the environment", async () => {
    writeFileSync(join(CWD, ".env"), "WEBHOOK_SECRET=\n");
    try {
      const exit = await start({ NODE_ENV: "production", WEBHOOK_SECRET: "a".repeat(40), APP_ID: "1", PRIVATE_KEY: "unused" });
      expect(exit.code).toBe(1);
      expect(exit.stderr).toMatch(/WEBHOOK_SECRET is empty/);
    } finally {
      rmSync(join(CWD, ".env"));
    }
  });

  it("lets a strong secret through to Probot", async () => {
    const exit = await start({ NODE_ENV: "production", WEBHOOK_SECRET: "a".repeat(40) });
    expect(exit.code).toBe(1);
    expect(exit.stderr).not.toMatch(/WEBHOOK_SECRET/);
    expect(exit.stderr).toMatch(/^netpol-guard: could not start: App ID is missing/);
  });
});

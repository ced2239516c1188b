#!/usr/bin/env node
// Builds a throwaway git repository from examples/infra-repo (the base) and examples/pull-request (the
// files the pull request adds or replaces, plus .deleted), then runs `netpol-guard check` on it.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "lib", "cli.js");
if (!existsSync(cli)) {
  console.error("netpol-guard is not built: run `npm ci` (or `npm run build`) first.");
  process.exit(2);
}
const repo = mkdtempSync(join(tmpdir(), "netpol-guard-demo-"));
const git = (...args) =>
  execFileSync("git", ["-C", repo, "-c", "user.name=demo", "-c", "user.email=demo@example.invalid", "-c", "commit.gpgsign=false", ...args], { stdio: "pipe" });
try {
  git("init", "-q", "-b", "main");
  cpSync(join(root, "examples", "infra-repo"), repo, { recursive: true });
  git("add", "-A");
  git("commit", "-q", "-m", "base: the infra repository");
  git("checkout", "-q", "-b", "pull-request");
  const pr = join(root, "examples", "pull-request");
  cpSync(pr, repo, { recursive: true, filter: (src) => !src.endsWith(".deleted") });
  const deleted = join(pr, ".deleted");
  if (existsSync(deleted)) {
    for (const path of readFileSync(deleted, "utf8").split("\n").map((l) => l.trim()).filter(Boolean)) {
      rmSync(join(repo, path), { force: true });
    }
  }
  git("add", "-A");
  git("commit", "-q", "-m", "the pull request");
  const format = process.argv[2] ?? "text";
  console.log(`$ netpol-guard check --repo ${repo} --base main --head pull-request --format ${format}\n`);
  const result = spawnSync(process.execPath, [cli, "check", "--repo", repo, "--base", "main", "--head", "pull-request", "--format", format], {
    stdio: "inherit",
  });
  const code = result.status ?? 2;
  const meaning = { 0: "success", 1: "failure", 3: "action required" }[code] ?? "error";
  console.log(`\nExit code ${code} (${meaning}). The demo shows a failing pull request on purpose.`);
  // The demo succeeded if the check ran and judged; its verdict is the point, not a failure of the demo.
  process.exit(code === 2 ? 2 : 0);
} finally {
  rmSync(repo, { recursive: true, force: true });
}

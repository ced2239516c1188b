/**
 * `check` on a head that is behind its base: judged as merging it gives (the head's changes since the
 * merge base composed onto the base's tip), through the same local git history as a CI runner has.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/run-cli.js";
import { BASE, CLEAN_HEAD, SERVICE_2_WIDENED, TEAM_B_MOVED, type FileMap } from "./helpers/infra-repo.js";

const dir = mkdtempSync(join(tmpdir(), "netpol-guard-merge-"));
const git = (...args: string[]): string =>
  execFileSync("git", ["-C", dir, "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", ...args], { encoding: "utf8" }).trim();

/** Commits exactly `files` (every other file removed) on the branch checked out. */
function commit(files: FileMap, message: string): string {
  git("rm", "-r", "-q", "--ignore-unmatch", ".");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git("add", "-A");
  git("commit", "-q", "--allow-empty", "-m", message);
  return git("rev-parse", "HEAD");
}

git("init", "-q", "-b", "main");
const mergeBase = commit(BASE, "base");
git("checkout", "-q", "-b", "feature");
commit(CLEAN_HEAD, "service-1 talks to service-3");
git("checkout", "-q", "-b", "widened", "main");
commit(SERVICE_2_WIDENED, "service-2 talks to service-3");
git("checkout", "-q", "main");
commit(TEAM_B_MOVED, "the platform moves team-b to company-y");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function check(base: string, head: string, format = "json"): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await runCli(["check", "--repo", dir, "--base", base, "--head", head, "--format", format], { stdout: (t) => (out += t), stderr: () => undefined });
  return { code, out };
}

const findings = (out: string): string[] => (JSON.parse(out) as { findings: { rule: string; file: string; line: number }[] }).findings.map((f) => `${f.rule} ${f.file}:${f.line}`);

describe("check on a head behind its base", () => {
  it("judges the merge: a crossing that only the merge makes fails, at the head's line", async () => {
    const { code, out } = await check("main", "feature");
    expect(code).toBe(1);
    expect(findings(out)).toEqual(["cross-vc-access terraform/services/company-x/team-a.tf:11"]);
    const text = await check("main", "feature", "text");
    expect(text.out).toContain("merged onto the base's tip main");
    expect(text.out).toContain(`branch point ${mergeBase.slice(0, 7)}`);
  });

  it("the same change, rebased onto the base, is judged alike and says nothing of a merge", async () => {
    git("checkout", "-q", "-b", "rebased", "main");
    git("checkout", "-q", "feature", "--", "terraform/services/company-x/team-a.tf");
    git("commit", "-q", "-m", "rebased");
    git("checkout", "-q", "main");
    const { code, out } = await check("main", "rebased");
    expect(code).toBe(1);
    expect(findings(out)).toEqual(["cross-vc-access terraform/services/company-x/team-a.tf:11"]);
    expect((await check("main", "rebased", "text")).out).not.toContain("merged onto");
  });

  it("a file both sides changed since the merge base fails with behind-base, naming both commits", async () => {
    const { code, out } = await check("widened", "feature");
    expect(code).toBe(1);
    const json = JSON.parse(out) as { findings: { rule: string; file: string; line: number; message: string }[] };
    expect(json.findings.map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual(["behind-base terraform/services/company-x/team-a.tf:1"]);
    expect(json.findings[0]!.message).toContain(mergeBase.slice(0, 7));
    expect(json.findings[0]!.message).toContain("merge the base widened into it");
  });

  it("a base behind its head (the usual pull request) is judged as the head's tree", async () => {
    const { code, out } = await check(mergeBase, "feature");
    expect(code).toBe(0);
    expect(findings(out)).toEqual([]);
  });
});

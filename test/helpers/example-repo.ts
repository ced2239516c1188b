import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const EXAMPLES = join(import.meta.dirname, "..", "..", "examples");

/** A git repository made of the bundled example: `main` is the base, `pull-request` the PR. */
export function createExampleRepo(): { dir: string; git: (...args: string[]) => string; commitFiles: (files: Record<string, string>, message: string) => void; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "netpol-guard-test-"));
  const git = (...args: string[]): string =>
    execFileSync("git", ["-C", dir, "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", ...args], {
      encoding: "utf8",
    });
  git("init", "-q", "-b", "main");
  cpSync(join(EXAMPLES, "infra-repo"), dir, { recursive: true });
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  git("checkout", "-q", "-b", "pull-request");
  cpSync(join(EXAMPLES, "pull-request"), dir, { recursive: true, filter: (src) => !src.endsWith(".deleted") });
  const deleted = join(EXAMPLES, "pull-request", ".deleted");
  if (existsSync(deleted)) {
    for (const path of readFileSync(deleted, "utf8").split("\n").map((l) => l.trim()).filter(Boolean)) rmSync(join(dir, path), { force: true });
  }
  git("add", "-A");
  git("commit", "-q", "-m", "pull request");
  git("checkout", "-q", "main");
  const commitFiles = (files: Record<string, string>, message: string): void => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    git("add", "-A");
    git("commit", "-q", "-m", message);
  };
  return { dir, git, commitFiles, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

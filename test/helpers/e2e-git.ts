/**
 * A real git repository on disk for the stand-in GitHub: commits written in one `git fast-import`, objects
 * read back with `git cat-file` and `git ls-tree`, diffs with `git diff`. Everything read is cached by
 * object id (immutable), so a burst of requests costs few processes.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Repository path -> content. */
export type FileMap = Record<string, string>;

export interface TreeEntry {
  path: string;
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  /** Bytes, for blobs. */
  size?: number;
}

export interface GitObject {
  type: "blob" | "tree" | "commit" | "tag";
  sha: string;
  bytes: Buffer;
}

export interface DiffFile {
  filename: string;
  status: "added" | "removed" | "modified";
  additions: number;
  deletions: number;
  /** The hunks, as GitHub's `patch` (no file headers); absent for a binary file. */
  patch?: string;
  /** The blob at the head, or null when removed. */
  sha: string | null;
}

const SHA = /^[0-9a-f]{40}$/;

export class GitRepo {
  readonly dir: string;
  private readonly objects = new Map<string, GitObject | null>();
  private readonly trees = new Map<string, { sha: string; entries: TreeEntry[] } | null>();
  private readonly diffs = new Map<string, DiffFile[]>();
  private nextMark = 1;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "netpol-guard-e2e-"));
    this.git(["init", "-q", "--bare"]);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private git(args: string[], input?: string | Buffer): Buffer {
    return execFileSync("git", ["-C", this.dir, "-c", "core.quotepath=off", ...args], {
      input,
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, GIT_AUTHOR_NAME: "e2e", GIT_AUTHOR_EMAIL: "e2e@example.invalid", GIT_COMMITTER_NAME: "e2e", GIT_COMMITTER_EMAIL: "e2e@example.invalid" },
    });
  }

  /**
   * Writes commits, each the full snapshot `files` on top of `parent` (a SHA, or the name of an earlier
   * commit of the same call), in one process; returns name -> commit SHA.
   */
  commitAll(commits: { name: string; files: FileMap; parent?: string }[]): Record<string, string> {
    const chunks: Buffer[] = [];
    const marks = new Map<string, number>();
    const data = (text: string | Buffer): void => {
      const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, "utf8");
      chunks.push(Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from("\n"));
    };
    let time = 1_700_000_000;
    for (const commit of commits) {
      const mark = this.nextMark++;
      marks.set(commit.name, mark);
      chunks.push(Buffer.from(`commit refs/e2e/${commit.name}\nmark :${mark}\ncommitter e2e <e2e@example.invalid> ${time++} +0000\n`));
      data(commit.name);
      if (commit.parent !== undefined) {
        const parentMark = marks.get(commit.parent);
        chunks.push(Buffer.from(`from ${parentMark !== undefined ? `:${parentMark}` : commit.parent}\n`));
      }
      chunks.push(Buffer.from("deleteall\n"));
      for (const [path, text] of Object.entries(commit.files)) {
        chunks.push(Buffer.from(`M 100644 inline ${path}\n`));
        data(text);
      }
      chunks.push(Buffer.from("\n"));
    }
    this.git(["fast-import", "--quiet", "--force"], Buffer.concat(chunks));
    const names = commits.map((c) => c.name);
    const shas = this.git(["rev-parse", ...names.map((n) => `refs/e2e/${n}`)]).toString("utf8").trim().split("\n");
    return Object.fromEntries(names.map((name, i) => [name, shas[i]!]));
  }

  /**
   * GitHub's comparison of two commits, as git computes it: the merge base and how many commits each side
   * has that the other lacks (null when one of them is unknown or they share no history).
   */
  compare(base: string, head: string): { mergeBase: string; aheadBy: number; behindBy: number } | null {
    if (this.object(base)?.type !== "commit" || this.object(head)?.type !== "commit") return null;
    let mergeBase: string;
    try {
      mergeBase = this.git(["merge-base", base, head]).toString("utf8").trim();
    } catch {
      return null;
    }
    const [behindBy, aheadBy] = this.git(["rev-list", "--left-right", "--count", `${base}...${head}`]).toString("utf8").trim().split(/\s+/).map(Number) as [number, number];
    return { mergeBase, aheadBy, behindBy };
  }

  /** Objects by id (one `cat-file --batch` for those not cached); null for an unknown id. */
  objectsById(shas: string[]): Map<string, GitObject | null> {
    const missing = [...new Set(shas)].filter((sha) => !this.objects.has(sha));
    const valid = missing.filter((sha) => SHA.test(sha));
    for (const sha of missing) if (!SHA.test(sha)) this.objects.set(sha, null);
    if (valid.length > 0) {
      const out = this.git(["cat-file", "--batch"], valid.join("\n") + "\n");
      let offset = 0;
      for (const sha of valid) {
        const newline = out.indexOf(0x0a, offset);
        const header = out.subarray(offset, newline).toString("utf8");
        offset = newline + 1;
        if (header.endsWith(" missing")) {
          this.objects.set(sha, null);
          continue;
        }
        const [oid, type, size] = header.split(" ");
        const bytes = Buffer.from(out.subarray(offset, offset + Number(size)));
        offset += Number(size) + 1;
        this.objects.set(sha, { type: type as GitObject["type"], sha: oid!, bytes });
      }
    }
    return new Map(shas.map((sha) => [sha, this.objects.get(sha) ?? null]));
  }

  /** The gzip'd tarball `git archive` makes of a commit (`export-ignore` and `export-subst` applied). */
  archive(sha: string, prefix: string): Buffer {
    return this.git(["archive", "--format=tar.gz", `--prefix=${prefix}`, sha]);
  }

  object(sha: string): GitObject | null {
    return this.objectsById([sha]).get(sha) ?? null;
  }

  /** `<commit>:<path>` -> the object there, or null. */
  objectAt(expression: string): GitObject | null {
    const colon = expression.indexOf(":");
    if (colon < 0) return this.object(expression);
    const commit = expression.slice(0, colon);
    const path = expression.slice(colon + 1);
    if (!SHA.test(commit)) return null;
    const tree = this.recursiveTree(commit);
    const entry = tree?.entries.find((e) => e.path === path);
    return entry ? this.object(entry.sha) : null;
  }

  /** The recursive tree of a commit (or tree), with sizes; null when unknown. */
  recursiveTree(sha: string): { sha: string; entries: TreeEntry[] } | null {
    if (this.trees.has(sha)) return this.trees.get(sha)!;
    let result: { sha: string; entries: TreeEntry[] } | null = null;
    if (SHA.test(sha) && this.object(sha) !== null) {
      const treeSha = this.git(["rev-parse", `${sha}^{tree}`]).toString("utf8").trim();
      const out = this.git(["ls-tree", "-r", "-t", "-l", "-z", sha]).toString("utf8");
      const entries: TreeEntry[] = [];
      for (const line of out.split("\0")) {
        if (line === "") continue;
        const tab = line.indexOf("\t");
        const [mode, type, oid, size] = line.slice(0, tab).split(/\s+/);
        const entry: TreeEntry = { path: line.slice(tab + 1), mode: mode!, type: type as TreeEntry["type"], sha: oid! };
        if (type === "blob") entry.size = Number(size);
        entries.push(entry);
      }
      result = { sha: treeSha, entries };
    }
    this.trees.set(sha, result);
    return result;
  }

  /** The files that differ between two commits, with GitHub-style patches. */
  diff(base: string, head: string): DiffFile[] {
    const key = `${base}..${head}`;
    const cached = this.diffs.get(key);
    if (cached) return cached;
    const out = this.git(["diff", "--no-color", "--no-renames", "--no-ext-diff", "-U3", base, head]).toString("utf8");
    const files: DiffFile[] = [];
    const headTree = new Map((this.recursiveTree(head)?.entries ?? []).map((e) => [e.path, e.sha]));
    for (const section of out.split(/^diff --git /m).slice(1)) {
      const lines = section.split("\n");
      const minus = lines.find((l) => l.startsWith("--- "));
      const plus = lines.find((l) => l.startsWith("+++ "));
      const header = lines[0]!;
      const fromHeader = / b\/(.*)$/.exec(header)?.[1] ?? header;
      const filename = plus && plus !== "+++ /dev/null" ? plus.slice(6) : minus && minus !== "--- /dev/null" ? minus.slice(6) : fromHeader;
      const status: DiffFile["status"] = lines.some((l) => l.startsWith("new file mode")) ? "added" : lines.some((l) => l.startsWith("deleted file mode")) ? "removed" : "modified";
      const firstHunk = lines.findIndex((l) => l.startsWith("@@"));
      const hunks = firstHunk < 0 ? [] : lines.slice(firstHunk);
      while (hunks.length > 0 && hunks.at(-1) === "") hunks.pop();
      const file: DiffFile = {
        filename,
        status,
        additions: hunks.filter((l) => l.startsWith("+")).length,
        deletions: hunks.filter((l) => l.startsWith("-")).length,
        sha: status === "removed" ? null : (headTree.get(filename) ?? null),
      };
      if (hunks.length > 0) file.patch = hunks.join("\n");
      files.push(file);
    }
    files.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
    this.diffs.set(key, files);
    return files;
  }
}

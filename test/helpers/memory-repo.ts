/**
 * A repository held in memory for the fake GitHub (fake-github.ts): commits are file maps named by the
 * test, their SHAs derived from the name, blobs from their content as git computes them. A file may be a
 * stand-in for one too large to ever be fetched (`{ size }`): it is listed in the tree, never served. It
 * answers what `GitRepo` (e2e-git.ts) answers, without a git process; it does not know diffs, so review
 * lines are not checked against one (a test refuses them with `GitHubMock.publishMutation`).
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { Header } from "tar";
import type { GitObject, RepoStore, TreeEntry } from "./e2e-git.js";

/** A file's content, or a stand-in for a file too large to ever be fetched. */
export type RepoFile = string | { size: number };
export type RepoFiles = Record<string, RepoFile>;

/** How the archive of a commit differs from its files (`.gitattributes`'s export-ignore and export-subst, symbolic links). */
export interface ArchiveOptions {
  /** Files left out (`export-ignore`). */
  omit?: string[];
  /** Files whose archived content differs (`export-subst`). */
  alter?: Record<string, string>;
  /** Paths archived as symbolic links (to their content). */
  links?: string[];
}

/** The git object id of a blob with this content. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** A stable fake SHA of a commit this repository does not hold, named by a test. */
export function commitSha(name: string): string {
  return createHash("sha1").update(`commit ${name}`).digest("hex");
}

/**
 * The SHA of a commit with this name and these files. Like git's, it depends on the content: two test files
 * that each name a commit "base" with different files get different SHAs, so a cache keyed by commit that
 * outlives one file (the fast project shares modules between files) never answers for the other's.
 */
function contentSha(name: string, files: RepoFiles): string {
  const hash = createHash("sha1").update(`commit ${name}\0`);
  for (const path of Object.keys(files).sort()) hash.update(`${path}\0${fileSha(path, files[path]!)}\0`);
  return hash.digest("hex");
}

function fileSha(path: string, file: RepoFile): string {
  return typeof file === "string" ? blobSha(file) : createHash("sha1").update(`big ${path} ${file.size}`).digest("hex");
}

/** A gzip'd tar of `entries` under `prefix` (ending in `/`), as GitHub's archives are laid out. */
function tarGz(prefix: string, entries: { path: string; content: string; link: boolean }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.link ? "" : entry.content, "utf8");
    const header = new Header({
      path: `${prefix}${entry.path}`,
      mode: entry.link ? 0o777 : 0o644,
      size: body.length,
      type: entry.link ? "SymbolicLink" : "File",
      ...(entry.link ? { linkpath: entry.content.trim() || "elsewhere" } : {}),
      mtime: new Date(0),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

export class MemoryRepo implements RepoStore {
  private readonly commits = new Map<string, RepoFiles>();
  /** Commit SHA -> the name the test gave it. */
  readonly names = new Map<string, string>();
  private readonly blobs = new Map<string, string>();
  /** Commit SHA -> how its archive differs from its files. */
  readonly archiveOptions = new Map<string, ArchiveOptions>();
  /**
   * Heads behind a base, by `base...head`, with their merge base (null: no common history). Any other head
   * is one commit ahead of its base, as a pull request's usually is.
   */
  readonly mergeBases = new Map<string, string | null>();

  /** Commit name -> the SHA of the last commit added with that name. */
  private readonly shas = new Map<string, string>();

  /** Adds a commit with these files; returns its SHA. */
  commit(name: string, files: RepoFiles): string {
    const sha = contentSha(name, files);
    this.commits.set(sha, files);
    this.names.set(sha, name);
    this.shas.set(name, sha);
    for (const [path, file] of Object.entries(files)) if (typeof file === "string") this.blobs.set(fileSha(path, file), file);
    return sha;
  }

  /** The blob SHA of a file of a commit added with `commit(name, ...)`. */
  shaOf(name: string, path: string): string {
    const file = this.commits.get(this.shaOfCommit(name))?.[path];
    if (file === undefined) throw new Error(`no ${path} in ${name}`);
    return fileSha(path, file);
  }

  /** The SHA of the commit last added with this name, or the SHA of a commit it does not hold. */
  shaOfCommit(name: string): string {
    return this.shas.get(name) ?? commitSha(name);
  }

  /** The files of a commit added with `commit`, or undefined. */
  files(sha: string): RepoFiles | undefined {
    return this.commits.get(sha);
  }

  object(sha: string): GitObject | null {
    if (this.commits.has(sha)) return { type: "commit", sha, bytes: Buffer.alloc(0) };
    const text = this.blobs.get(sha);
    return text === undefined ? null : { type: "blob", sha, bytes: Buffer.from(text, "utf8") };
  }

  objectAt(expression: string): GitObject | null {
    const colon = expression.indexOf(":");
    if (colon < 0) return this.object(expression);
    const file = this.commits.get(expression.slice(0, colon))?.[expression.slice(colon + 1)];
    return typeof file === "string" ? { type: "blob", sha: blobSha(file), bytes: Buffer.from(file, "utf8") } : null;
  }

  /** The files of a commit, and a tree entry for each directory on their paths (the commit's SHA stands for the tree's). */
  recursiveTree(sha: string): { sha: string; entries: TreeEntry[] } | null {
    const files = this.commits.get(sha);
    if (!files) return null;
    const directories = new Set<string>();
    const entries: TreeEntry[] = [];
    for (const [path, file] of Object.entries(files)) {
      const parts = path.split("/");
      for (let i = 1; i < parts.length; i++) directories.add(parts.slice(0, i).join("/"));
      entries.push({ path, mode: "100644", type: "blob", sha: fileSha(path, file), size: typeof file === "string" ? Buffer.byteLength(file) : file.size });
    }
    for (const path of directories) entries.push({ path, mode: "040000", type: "tree", sha: commitSha(`dir ${sha} ${path}`) });
    return { sha, entries };
  }

  archive(sha: string, prefix: string): Buffer {
    const options = this.archiveOptions.get(sha) ?? {};
    const entries: { path: string; content: string; link: boolean }[] = [];
    for (const [path, file] of Object.entries(this.commits.get(sha) ?? {})) {
      if (options.omit?.includes(path) || typeof file !== "string") continue;
      entries.push({ path, content: options.alter?.[path] ?? file, link: options.links?.includes(path) ?? false });
    }
    return tarGz(prefix, entries);
  }

  diff(): null {
    return null;
  }

  compare(base: string, head: string): { mergeBase: string; aheadBy: number; behindBy: number } | null {
    if (!this.commits.has(base) || !this.commits.has(head)) return null;
    const key = `${base}...${head}`;
    if (!this.mergeBases.has(key)) return { mergeBase: base, aheadBy: 1, behindBy: 0 };
    const mergeBase = this.mergeBases.get(key)!;
    return mergeBase === null ? null : { mergeBase, aheadBy: 1, behindBy: 1 };
  }
}

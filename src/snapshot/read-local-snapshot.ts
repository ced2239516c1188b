import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { promisify } from "node:util";
import type { PathFilter } from "../config/parse-config.js";
import { CONFIG_PATH } from "../config/schema.js";
import type { SnapshotFile } from "../model/snapshot-file.js";
import { BlobStream } from "./blob-stream.js";
import type { Ancestry } from "./ref-reader.js";
import { GitError } from "./git-error.js";
import { decodeFile, MAX_FILE_BYTES, type RefSnapshot } from "./snapshot.js";

const run = promisify(execFile);

export { GitError };

async function git(repo: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run("git", ["-C", repo, ...args], { maxBuffer: 1024 * 1024 * 1024, encoding: "utf8" });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new GitError(stderr || (error as Error).message);
  }
}

/** Resolves a ref to a commit SHA, or fails with a message naming the ref. */
export async function resolveCommit(repo: string, ref: string): Promise<string> {
  try {
    return (await git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).trim();
  } catch {
    throw new GitError(`${ref} is not a commit in ${repo}`);
  }
}

/**
 * Where `head` stands against `base` in a local repository: behind when the base's tip is not one of its
 * ancestors, with their merge base (null: no common history).
 */
export async function localAncestry(repo: string, base: string, head: string): Promise<Ancestry> {
  const [baseSha, headSha] = await Promise.all([resolveCommit(repo, base), resolveCommit(repo, head)]);
  return ancestryOfCommits(repo, baseSha, headSha);
}

/** `localAncestry` of two commits already resolved (full SHAs). */
export async function ancestryOfCommits(repo: string, baseSha: string, headSha: string): Promise<Ancestry> {
  let mergeBase: string | null;
  try {
    mergeBase = (await run("git", ["-C", repo, "merge-base", baseSha, headSha], { encoding: "utf8" })).stdout.trim();
  } catch (error) {
    // `git merge-base` exits 1, saying nothing, when the commits share no history.
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    if (code !== 1 || stderr?.trim()) throw new GitError(stderr?.trim() || (error as Error).message);
    mergeBase = null;
  }
  return mergeBase === baseSha ? { behind: false } : { behind: true, mergeBase };
}

/** The blob id of every file of a commit, by path (links included: their blob is their target). */
export async function listLocalBlobs(repo: string, ref: string): Promise<Map<string, string>> {
  const commit = await resolveCommit(repo, ref);
  const listing = await git(repo, ["ls-tree", "-r", "-z", "--full-tree", commit]);
  const blobs = new Map<string, string>();
  for (const entry of listing.split("\0")) {
    const tab = entry.indexOf("\t");
    if (tab < 0) continue;
    const [, type, sha] = entry.slice(0, tab).split(/\s+/) as [string, string, string];
    if (type === "blob") blobs.set(entry.slice(tab + 1), sha);
  }
  return blobs;
}

/** Reads many blobs through one `git cat-file --batch` process of their own. */
async function readBlobs(repo: string, shas: string[]): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>();
  if (shas.length === 0) return result;
  const stream = new BlobStream(repo);
  try {
    const bytes = await Promise.all(stream.read(shas));
    shas.forEach((sha, i) => result.set(sha, bytes[i]!));
    return result;
  } finally {
    stream.close();
  }
}

function toSnapshotFile(path: string, kind: SnapshotFile["kind"], digest: string, bytes: Buffer | null, unreadable?: string): SnapshotFile {
  if (bytes === null) return { path, kind, text: null, digest, unreadable: unreadable ?? "unreadable" };
  const decoded = decodeFile(bytes);
  return "text" in decoded
    ? { path, kind, text: decoded.text, digest }
    : { path, kind, text: null, digest, unreadable: decoded.unreadable };
}

/**
 * The kind of a symbolic link: its own path's, or, when the link could stand for a directory of watched
 * files (kubectl and Terraform follow links, netpol-guard does not), the kind of a file inside it. Null when
 * neither is watched.
 */
function linkKind(filter: PathFilter, path: string): SnapshotFile["kind"] | null {
  const own = filter.kind(path);
  if (own !== null) return own;
  for (const probe of ["x.yaml", "x.yml", "x.json", "x.tf"]) {
    const inside = filter.kind(`${path}/${probe}`);
    if (inside !== null) return inside;
  }
  return null;
}

/** The config file's text at a ref (null when absent), read before the watched globs are known; or, with `path`, another file's (the observed flows). */
export async function readLocalConfig(repo: string, ref: string | null, path: string = CONFIG_PATH): Promise<string | null> {
  if (ref === null) {
    try {
      return await readFile(join(repo, path), "utf8");
    } catch {
      return null;
    }
  }
  const listing = await git(repo, ["ls-tree", "-z", ref, "--", path]);
  const sha = listing.split("\t")[0]?.split(" ")[2];
  if (!sha) return null;
  return configTextOf((await readBlobs(repo, [sha])).get(sha)!);
}

export interface GitSnapshotOptions {
  /** Another ref read before (typically the base): the blobs it holds are not read again. */
  known?: RefSnapshot;
  /** Told the size of the watched files to read, as soon as the tree is listed (before they are read). */
  onListed?: (bytes: number) => void;
  /**
   * The `git cat-file --batch` stream to read blobs through, shared by the refs of one change and closed by
   * the caller; without it, the read starts one of its own (while the tree is listed) and closes it.
   */
  blobs?: BlobStream;
  /**
   * The ref already resolved, and its tree's listing already asked of git (`listGitTree`): a caller reading
   * several refs starts every listing at once instead of one after the other.
   */
  listed?: { commit: string; listing: Promise<string> };
}

/** `git ls-tree` of a commit's whole tree, with sizes, as `readGitSnapshot` reads it. */
export function listGitTree(repo: string, commit: string): Promise<string> {
  return git(repo, ["ls-tree", "-r", "-l", "-z", "--full-tree", commit]);
}

/** A stream for `readGitSnapshot`'s `blobs`: one process for the blobs of every ref read with it. */
export function openBlobStream(repo: string): BlobStream {
  return new BlobStream(repo);
}

/**
 * Reads the watched files of a commit from a local git repository. A pull request's head shares almost
 * every blob with its base: with `options.known`, those are taken from it.
 */
export async function readGitSnapshot(repo: string, ref: string, filter: PathFilter, options: GitSnapshotOptions = {}): Promise<RefSnapshot> {
  // Started before the listing, so that git is ready to answer when the blobs are known.
  const blobs = options.blobs ?? new BlobStream(repo);
  try {
    return await readThrough(repo, ref, filter, options, blobs);
  } finally {
    if (!options.blobs) blobs.close();
  }
}

async function readThrough(repo: string, ref: string, filter: PathFilter, options: GitSnapshotOptions, blobs: BlobStream): Promise<RefSnapshot> {
  const { known, onListed } = options;
  const commit = options.listed?.commit ?? (await resolveCommit(repo, ref));
  const listing = await (options.listed?.listing ?? listGitTree(repo, commit));
  const files: SnapshotFile[] = [];
  const wanted: { path: string; kind: SnapshotFile["kind"]; sha: string }[] = [];
  let configSha: string | null = null;
  let bytes = 0;
  // Each entry is `<mode> SP <type> SP <sha> SP* <size> TAB <path> NUL`: read by position, not by splitting.
  for (let at = 0; at < listing.length; ) {
    let end = listing.indexOf("\0", at);
    if (end < 0) end = listing.length;
    const tab = listing.indexOf("\t", at);
    const entryAt = at;
    at = end + 1;
    if (tab < 0 || tab > end) continue;
    const modeEnd = listing.indexOf(" ", entryAt);
    const typeEnd = listing.indexOf(" ", modeEnd + 1);
    const shaEnd = listing.indexOf(" ", typeEnd + 1);
    if (listing.slice(modeEnd + 1, typeEnd) !== "blob") continue;
    const mode = listing.slice(entryAt, modeEnd);
    const sha = listing.slice(typeEnd + 1, shaEnd);
    const size = listing.slice(shaEnd + 1, tab).trim();
    const path = listing.slice(tab + 1, end);
    // The config is in the listing already: no second listing to find it.
    if (path === CONFIG_PATH) configSha = sha;
    const kind = mode === "120000" ? linkKind(filter, path) : filter.kind(path);
    if (kind === null) continue;
    if (mode === "120000") files.push(toSnapshotFile(path, kind, sha, null, "it is a symbolic link, which netpol-guard does not follow"));
    else if (Number(size) > MAX_FILE_BYTES) files.push(toSnapshotFile(path, kind, sha, null, `it is ${size} bytes, over the 1 MiB limit`));
    else {
      wanted.push({ path, kind, sha });
      bytes += Number(size);
    }
  }
  onListed?.(bytes);
  const read = new Map<string, SnapshotFile>();
  // Only decoded text: an unreadable file's reason may depend on its tree entry (a link), not on the blob.
  for (const file of known?.files ?? []) if (file.text !== null) read.set(file.digest, file);
  const missing = [...new Set(wanted.filter((w) => !read.has(w.sha)).map((w) => w.sha))];
  // Everything is asked for at once; each blob is decoded as it arrives, while git sends the next ones.
  const arriving = blobs.read(configSha === null ? missing : [...missing, configSha]);
  const byBlob = new Map<string, Promise<Buffer>>(missing.map((sha, i) => [sha, arriving[i]!]));
  const config = configSha === null ? null : arriving[missing.length]!;
  // Every promise is awaited below; a failure of one must not also surface as an unhandled rejection.
  for (const promise of arriving) promise.catch(() => undefined);
  for (const w of wanted) {
    const same = read.get(w.sha);
    files.push(same ? { ...same, path: w.path, kind: w.kind } : toSnapshotFile(w.path, w.kind, w.sha, await byBlob.get(w.sha)!));
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const configText = config === null ? null : configTextOf(await config);
  return { label: commit, files, configText };
}

/** The config file's text, or null when it is not text. */
export function configTextOf(bytes: Buffer): string | null {
  const decoded = decodeFile(bytes);
  return "text" in decoded ? decoded.text : null;
}

/** The git blob id of some bytes. */
function blobDigest(bytes: Buffer): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** The git blob id of a file too large to hold in memory, read in chunks. */
async function streamedBlobDigest(full: string, size: number): Promise<string> {
  const hash = createHash("sha1").update(`blob ${size}\0`);
  for await (const chunk of createReadStream(full)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Reads the watched files of a plain folder (or a git work tree as it is on disk). */
export async function readFolderSnapshot(root: string, filter: PathFilter): Promise<RefSnapshot> {
  const files: SnapshotFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === ".git" || entry.name === "node_modules") continue;
      const full = join(dir, entry.name);
      const path = relative(root, full).split(sep).join("/");
      if (entry.isDirectory()) {
        await walk(full);
        continue;
      }
      const kind = entry.isSymbolicLink() ? linkKind(filter, path) : filter.kind(path);
      if (kind === null) continue;
      const stat = await lstat(full);
      // Digests as git computes them (a link's blob is its target): what is not read is still identified by
      // its content, so a later change of it is a change.
      if (stat.isSymbolicLink()) {
        const target = Buffer.from(await readlink(full));
        files.push(toSnapshotFile(path, kind, blobDigest(target), null, "it is a symbolic link, which netpol-guard does not follow"));
      } else if (stat.isFile()) {
        if (stat.size > MAX_FILE_BYTES) {
          files.push(toSnapshotFile(path, kind, await streamedBlobDigest(full, stat.size), null, `it is ${stat.size} bytes, over the 1 MiB limit`));
          continue;
        }
        const bytes = await readFile(full);
        files.push(toSnapshotFile(path, kind, blobDigest(bytes), bytes));
      }
    }
  };
  await walk(root);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { label: "working tree", files, configText: await readLocalConfig(root, null) };
}

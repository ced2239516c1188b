/**
 * Reads the watched files of commits through the GitHub API, in a number of requests that does not grow
 * with the repository:
 * - one `GET git/trees/{sha}?recursive=1` per commit, which lists every path with its blob SHA and size;
 * - when one commit has hundreds of watched files not cached (a process that never read a large
 *   repository), its tarball (`GET tarball/{sha}`, one request), each file taken only when its bytes hash
 *   to the tree's blob SHA (see read-tarball.ts);
 * - one GraphQL query that fetches the text of every other watched blob of all the commits at once (the
 *   base and the head of a pull request share most blobs), split only past `blobsPerQuery` blobs or
 *   `bytesPerQuery` bytes; the node ids of the platform team and the label, when not known yet, ride on it
 *   (request-batching.ts decides what rides on which request);
 * - a `GET git/blobs/{sha}` for the rare file GraphQL cannot return faithfully (cut short, or not UTF-8),
 *   at most `singleBlobFetches` of them.
 * Trees are cached by commit and blobs by blob SHA, so a re-run, and the base of the next pull request,
 * read nothing. The tarball is read only when it saves queries: it holds the whole repository.
 *
 * What cannot be read is data, never an exception: a file over 1 MiB, binary, or a link is an unreadable
 * `SnapshotFile` (the engine makes it a finding); a tree GitHub cut short or over the limits below is a
 * problem of the commit (the pipeline makes it a failing finding). API failures do throw; a tarball that
 * cannot be read is not a failure (its files are read by GraphQL).
 */
import type { PathFilter } from "../config/parse-config.js";
import type { SnapshotFile } from "../model/snapshot-file.js";
import { httpStatus, type GitHubClient, type RepoCoordinates } from "./github-client.js";
import {
  commitKey,
  type BlobContent,
  type GitHubSnapshotCache,
  type TreeBlob,
  type TreeListing,
} from "./github-snapshot-cache.js";
import { readTarball } from "./read-tarball.js";
import { lookupOnQuery, NO_LOOKUP, pendingLookups, rememberNodeIds, type NodeIdLookup } from "./request-batching.js";
import { decodeFile, MAX_FILE_BYTES } from "../snapshot/snapshot.js";

/** Bounds on what one commit may make the app read. Past them, the commit fails closed. */
export interface ReadLimits {
  /** Watched files read per commit. */
  watchedFiles: number;
  /** Bytes of watched files read per commit. */
  watchedBytes: number;
  /** Blobs per GraphQL query. */
  blobsPerQuery: number;
  /** Bytes (as the tree reports them) per GraphQL query. */
  bytesPerQuery: number;
  /** Blobs fetched one by one over REST, per call. */
  singleBlobFetches: number;
  /**
   * Uncached watched blobs of one commit from which its tarball is read instead (one request however many),
   * the rest by GraphQL; more than one query's worth by default.
   */
  tarballFrom: number;
}

// Sized for the largest estates the engine is built for (30,000 services are about 5,500 watched files and
// 18 MiB): a limit a real repository reaches would fail every one of its pull requests.
export const DEFAULT_READ_LIMITS: ReadLimits = {
  watchedFiles: 50_000,
  watchedBytes: 256 * 1024 * 1024,
  blobsPerQuery: 250,
  bytesPerQuery: 8 * 1024 * 1024,
  singleBlobFetches: 10,
  tarballFrom: 251,
};

/** Room over the tree's total size for the files of its tarball (`export-subst` can grow a file). */
const TARBALL_SLACK_BYTES = 1024 * 1024;

/** The watched files of one commit, and what kept some of them from being read. */
export interface CommitFiles {
  sha: string;
  files: SnapshotFile[];
  /** Sentences saying why the commit could not be read in full; each fails the check. */
  problems: string[];
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export function assertSha(sha: string): void {
  if (!SHA.test(sha)) throw new Error(`${JSON.stringify(sha)} is not a git object id`);
}

/**
 * GitHub no longer has a commit the change names (404): its branch was deleted or force-pushed while the
 * app was reading it. Keeps the status, so the failure still reads as an HTTP 404.
 */
export class CommitGoneError extends Error {
  readonly status = 404;
  constructor(repo: RepoCoordinates, sha: string, cause: unknown) {
    super(
      `commit ${sha} is no longer in ${repo.owner}/${repo.repo} (GitHub answered 404 Not Found): its branch was probably deleted or force-pushed while netpol-guard was reading it`,
      { cause },
    );
    this.name = "CommitGoneError";
  }
}

/** The recursive tree of a commit: one request, none when cached. */
export async function readTree(octokit: GitHubClient, repo: RepoCoordinates, sha: string, cache: GitHubSnapshotCache): Promise<TreeListing> {
  assertSha(sha);
  const key = commitKey(repo, sha);
  const cached = cache.trees.get(key);
  if (cached) return cached;
  const { data } = await octokit.rest.git.getTree({ ...repo, tree_sha: sha, recursive: "1" }).catch((error: unknown) => {
    throw httpStatus(error) === 404 ? new CommitGoneError(repo, sha, error) : error;
  });
  const blobs: TreeBlob[] = [];
  for (const entry of data.tree) {
    // Submodules (`commit`) and directories carry no file of this repository.
    if (entry.type !== "blob" || entry.path === undefined || entry.sha === undefined) continue;
    blobs.push({ path: entry.path, mode: entry.mode ?? "100644", sha: entry.sha, size: entry.size ?? 0 });
  }
  blobs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const listing: TreeListing = { truncated: data.truncated, blobs };
  cache.trees.set(key, listing);
  return listing;
}

interface WantedFile {
  path: string;
  kind: SnapshotFile["kind"];
  sha: string;
  size: number;
}

function unreadableFile(path: string, kind: SnapshotFile["kind"], digest: string, reason: string): SnapshotFile {
  return { path, kind, text: null, digest, unreadable: reason };
}

function describeBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${n} bytes`;
}

/** Picks the watched blobs of one tree and says what cannot be read before any blob is fetched. */
function selectWatched(sha: string, tree: TreeListing, filter: PathFilter, limits: ReadLimits): { wanted: WantedFile[]; files: SnapshotFile[]; problems: string[] } {
  const problems: string[] = [];
  const files: SnapshotFile[] = [];
  const wanted: WantedFile[] = [];
  if (tree.truncated) {
    problems.push(
      `The file tree of commit ${sha} is larger than GitHub lists in one response (it came back truncated), so some watched files may be missing from what was judged.`,
    );
  }
  const watched = tree.blobs.filter((blob) => filter.kind(blob.path) !== null);
  if (watched.length > limits.watchedFiles) {
    problems.push(
      `Commit ${sha} has ${watched.length} watched files, more than the ${limits.watchedFiles} netpol-guard reads; only the first ${limits.watchedFiles} (by path) were judged. Narrow the \`kubernetes\` and \`terraform\` globs, or add \`ignore\` globs, in the base branch's config.`,
    );
  }
  let bytes = 0;
  let overBudget = 0;
  for (const blob of watched.slice(0, limits.watchedFiles)) {
    const kind = filter.kind(blob.path)!;
    if (blob.mode === "120000") {
      files.push(unreadableFile(blob.path, kind, blob.sha, "it is a symbolic link, which netpol-guard does not follow"));
    } else if (blob.size > MAX_FILE_BYTES) {
      files.push(unreadableFile(blob.path, kind, blob.sha, `it is ${describeBytes(blob.size)}, over the 1 MiB limit`));
    } else if (bytes + blob.size > limits.watchedBytes) {
      overBudget++;
    } else {
      bytes += blob.size;
      wanted.push({ path: blob.path, kind, sha: blob.sha, size: blob.size });
    }
  }
  if (overBudget > 0) {
    problems.push(
      `The watched files of commit ${sha} add up to more than ${describeBytes(limits.watchedBytes)}; ${overBudget} of them were not read. Narrow the globs, or add \`ignore\` globs, in the base branch's config.`,
    );
  }
  return { wanted, files, problems };
}

export interface GraphqlBlob {
  byteSize: number;
  isBinary: boolean | null;
  isTruncated: boolean;
  text: string | null;
}

export const BLOB_FIELDS = "... on Blob { byteSize isBinary isTruncated text }";

/**
 * Caches a blob GraphQL returned, when its text is the blob: false when only its bytes can tell (cut short,
 * or decoded with replacement characters: a length that disagrees with the blob's size).
 */
export function cacheGraphqlBlob(cache: GitHubSnapshotCache, sha: string, found: GraphqlBlob): boolean {
  if (found.isBinary) {
    cache.blobs.set(sha, { unreadable: "it is binary" });
    return true;
  }
  if (found.text === null || found.isTruncated || Buffer.byteLength(found.text, "utf8") !== found.byteSize) return false;
  cache.blobs.set(sha, fromBytes(Buffer.from(found.text, "utf8")));
  return true;
}

/** The node ids a blob query may carry; a user's repository has no team. */
interface IdFields {
  owner?: { team?: { id: string } | null } | null;
  label?: { id: string } | null;
}

/**
 * The query that fetches `count` blobs by object id, as variables `$o0`, `$o1`, ..., and the node ids of
 * `lookup` (variables `$team`, `$label`).
 */
export function blobQuery(count: number, lookup: { team: boolean; label: boolean } = { team: false, label: false }): string {
  const definitions = Array.from({ length: count }, (_, i) => `, $o${i}: GitObjectID!`).join("");
  const fields = Array.from({ length: count }, (_, i) => ` b${i}: object(oid: $o${i}) { ${BLOB_FIELDS} }`).join("");
  const team = lookup.team ? " owner { ... on Organization { team(slug: $team) { id } } }" : "";
  const label = lookup.label ? " label(name: $label) { id }" : "";
  const variables = `${lookup.team ? ", $team: String!" : ""}${lookup.label ? ", $label: String!" : ""}`;
  return `query netpolGuardBlobs($owner: String!, $name: String!${variables}${definitions}) { repository(owner: $owner, name: $name) {${team}${label}${fields} } }`;
}

/**
 * The contents of `files` of commit `sha` read from its tarball (`GET tarball/{ref}`: one API request;
 * GitHub redirects the download to its archive host), those whose bytes are the tree's blob. An archive that
 * cannot be read, or is larger than `maxBytes` of files, is dropped whole: its files are read by GraphQL.
 */
async function fetchFromTarball(octokit: GitHubClient, repo: RepoCoordinates, sha: string, files: WantedFile[], maxBytes: number): Promise<Map<string, BlobContent>> {
  const wanted = new Map(files.map((file) => [file.path, file.sha]));
  const contents = new Map<string, BlobContent>();
  let found: Map<string, Uint8Array>;
  try {
    const response = await octokit.request("GET /repos/{owner}/{repo}/tarball/{ref}", { ...repo, ref: sha, request: { parseSuccessResponseBody: false } });
    found = await readTarball(response.data as unknown as AsyncIterable<Uint8Array>, wanted, maxBytes);
  } catch {
    return contents;
  }
  for (const file of files) {
    const bytes = found.get(file.path);
    if (bytes !== undefined) contents.set(file.sha, fromBytes(bytes));
  }
  return contents;
}

/** Splits the blobs to fetch into queries bounded by count and by bytes. */
function chunk(blobs: WantedFile[], limits: ReadLimits): WantedFile[][] {
  const chunks: WantedFile[][] = [];
  let current: WantedFile[] = [];
  let bytes = 0;
  for (const blob of blobs) {
    if (current.length > 0 && (current.length >= limits.blobsPerQuery || bytes + blob.size > limits.bytesPerQuery)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(blob);
    bytes += blob.size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function fromBytes(bytes: Uint8Array): BlobContent {
  const decoded = decodeFile(bytes);
  return "text" in decoded ? { text: decoded.text } : { unreadable: decoded.unreadable };
}

async function fetchBlobBytes(octokit: GitHubClient, repo: RepoCoordinates, sha: string): Promise<BlobContent> {
  const { data } = await octokit.rest.git.getBlob({ ...repo, file_sha: sha });
  if (data.encoding !== "base64") return { unreadable: `GitHub returned it as ${data.encoding}` };
  return fromBytes(Buffer.from(data.content, "base64"));
}

/** Fetches the blobs not in the cache and caches them. */
async function fetchBlobs(
  octokit: GitHubClient,
  repo: RepoCoordinates,
  needed: WantedFile[],
  cache: GitHubSnapshotCache,
  limits: ReadLimits,
  lookup: NodeIdLookup,
): Promise<void> {
  const oneByOne: WantedFile[] = [];
  for (const [index, part] of chunk(needed, limits).entries()) {
    const ids = lookupOnQuery(index, lookup);
    const variables: Record<string, string> = { owner: repo.owner, name: repo.repo };
    if (ids.team !== null) variables.team = ids.team;
    if (ids.label !== null) variables.label = ids.label;
    part.forEach((blob, i) => {
      variables[`o${i}`] = blob.sha;
    });
    const query = blobQuery(part.length, { team: ids.team !== null, label: ids.label !== null });
    const data = await octokit.graphql<{ repository: (Record<string, GraphqlBlob | null> & IdFields) | null }>(query, variables);
    if (!data.repository) throw new Error(`GitHub did not return repository ${repo.owner}/${repo.repo}`);
    rememberNodeIds(repo, cache, ids, { team: data.repository.owner?.team?.id, label: data.repository.label?.id });
    part.forEach((blob, i) => {
      const found = data.repository![`b${i}`];
      if (!found) throw new Error(`GitHub did not return blob ${blob.sha} (${blob.path})`);
      if (!cacheGraphqlBlob(cache, blob.sha, found)) oneByOne.push(blob);
    });
  }
  for (const [i, blob] of oneByOne.entries()) {
    if (i >= limits.singleBlobFetches) {
      cache.blobs.set(blob.sha, {
        unreadable: `it had to be fetched on its own, and more than ${limits.singleBlobFetches} files of this change did`,
      });
      continue;
    }
    cache.blobs.set(blob.sha, await fetchBlobBytes(octokit, repo, blob.sha));
  }
}

/**
 * The watched files of each commit, from its tree: the blobs are fetched together, in as few requests as
 * the limits allow, and none that is cached.
 */
export async function readWatchedFiles(
  octokit: GitHubClient,
  repo: RepoCoordinates,
  commits: { sha: string; tree: TreeListing }[],
  filter: PathFilter,
  cache: GitHubSnapshotCache,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  lookup: NodeIdLookup = NO_LOOKUP,
): Promise<CommitFiles[]> {
  const selected = commits.map(({ sha, tree }) => ({ sha, ...selectWatched(sha, tree, filter, limits) }));
  const needed = new Map<string, WantedFile>();
  for (const commit of selected) {
    for (const file of commit.wanted) if (!cache.blobs.has(file.sha)) needed.set(file.sha, file);
  }
  // Held here as well as in the cache: a cache smaller than one change must not lose what was just read.
  const fetched = new Map<string, BlobContent>();
  if (needed.size > 0) {
    const list = [...needed.values()];
    // A commit with hundreds of files not read yet: its tarball in one request, each file checked against
    // the tree's blob SHA; whatever it does not hold faithfully, and the other commits' files, by GraphQL.
    // The commit missing the most (the last one, the head, when they tie: the base's own few go by GraphQL).
    const [largest] = selected
      .map((commit) => ({ commit, missing: commit.wanted.filter((file) => needed.has(file.sha)) }))
      .reverse()
      .sort((a, b) => b.missing.length - a.missing.length);
    if (largest && largest.missing.length >= limits.tarballFrom) {
      const tree = commits.find((c) => c.sha === largest.commit.sha)!.tree;
      const treeBytes = tree.blobs.reduce((sum, blob) => sum + blob.size, 0);
      for (const [sha, content] of await fetchFromTarball(octokit, repo, largest.commit.sha, largest.missing, treeBytes + TARBALL_SLACK_BYTES)) {
        fetched.set(sha, content);
        cache.blobs.set(sha, content);
      }
    }
    const rest = list.filter((file) => !fetched.has(file.sha));
    // Node ids only ride on a query sent anyway: without one, what needs them goes over REST.
    if (rest.length > 0) {
      await fetchBlobs(octokit, repo, rest, cache, limits, pendingLookups(repo, lookup, cache));
      for (const file of rest) {
        const content = cache.blobs.get(file.sha);
        if (content) fetched.set(file.sha, content);
      }
    }
  }
  return selected.map(({ sha, wanted, files, problems }) => {
    const all = [...files];
    for (const file of wanted) {
      const content = fetched.get(file.sha) ?? cache.blobs.get(file.sha);
      if (content === undefined) {
        all.push(unreadableFile(file.path, file.kind, file.sha, "it was evicted from the cache before it could be judged"));
      } else if ("text" in content) {
        all.push({ path: file.path, kind: file.kind, text: content.text, digest: file.sha });
      } else {
        all.push(unreadableFile(file.path, file.kind, file.sha, content.unreadable));
      }
    }
    all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { sha, files: all, problems };
  });
}

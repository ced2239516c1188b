import { makeFinding, type Finding } from "../model/finding.js";
import { parseManifestFile } from "../parsers/kubernetes/parse-manifest-file.js";
import type { TerraformParser } from "../parsers/terraform/load-terraform-parser.js";
import { parseTerraformFile, resolveTerraformDirectory, type TerraformFileResult } from "../parsers/terraform/parse-terraform.js";
import type { ManifestFileResult, Problem, TerraformResult } from "../model/types.js";
import type { SnapshotFile } from "../model/snapshot-file.js";
import { ParseMemo } from "./parse-memo.js";

export interface ParsedFiles {
  manifests: ManifestFileResult[];
  terraform: TerraformResult[];
  findings: Finding[];
  /** path -> digest, for every watched file of the ref. */
  digests: Map<string, string>;
  /** path -> text, for suggestions that quote a line. */
  texts: Map<string, string>;
}

/** What identifies one file's parse result: the parser that read it, its path and its content digest. */
export type ParseKey = Pick<ParseJob, "kind" | "path" | "digest">;

/**
 * A second level below the in-memory cache, injected by the caller (a directory that outlives the process,
 * see src/parse-store/). `get` gives undefined for anything it cannot give back exactly as it was put (a
 * miss, a damaged entry); `put` may drop what it cannot keep. Neither throws.
 */
export interface ParseStore {
  get(key: ParseKey): ParseResult | undefined;
  put(key: ParseKey, result: ParseResult): void;
}

/**
 * Parse results keyed by path and content digest, and what is derived from them (generated kit policies,
 * whole judged refs and judged changes), so that the base of the next pull request, a re-run and an
 * unchanged file at the head cost nothing. Every map is bounded and least-recently-used goes first.
 */
export class ParseCache {
  private readonly manifests = new Map<string, ManifestFileResult>();
  private readonly terraformFiles = new Map<string, TerraformFileResult>();
  private readonly terraform = new Map<string, TerraformResult>();
  private readonly derived = new Map<string, Map<string, unknown>>();
  /** Jobs `has` found nowhere in the store. */
  private readonly storeMisses = new Set<string>();
  /**
   * `.tf` files (path and digest) whose directory was put together in another thread, which sent the
   * directory's result only: `has` counts them as parsed, and a file's own result is parsed here only if a
   * directory ever needs it (another ref that changes one of its neighbours).
   */
  private readonly parsedElsewhere = new Set<string>();
  /** What the engine derives from the parse results this cache hands out, remembered per result. */
  readonly memo = new ParseMemo();
  /** `store`: where results parsed in an earlier process are looked for, and new ones kept. */
  constructor(
    private maxEntries = 200_000,
    private readonly store?: ParseStore,
  ) {}

  /**
   * Raises the bound (never lowers it) so that one judgement of `files` files fits: every result of a
   * judgement is alive while it is judged anyway, and a bound below it would drop the first results before
   * the last are in, so that they are parsed again (a 30,000-service repository in a cache of 20,000).
   */
  fit(files: number): void {
    if (files > this.maxEntries) this.maxEntries = files;
  }

  manifest(path: string, digest: string, parse: () => ManifestFileResult): ManifestFileResult {
    return remember(this.manifests, `${path}\u0000${digest}`, this.throughStore({ kind: "manifest", path, digest }, parse), this.maxEntries);
  }

  /** One `.tf` file, read on its own (what does not depend on the other files of its directory). */
  terraformFile(path: string, digest: string, parse: () => TerraformFileResult): TerraformFileResult {
    return remember(this.terraformFiles, `${path}\u0000${digest}`, this.throughStore({ kind: "terraform", path, digest }, parse), this.maxEntries);
  }

  /** `parse`, preceded by a look in the store and followed by keeping its result there. */
  private throughStore<T extends ParseResult>(key: ParseKey, parse: () => T): () => T {
    const store = this.store;
    if (!store) return parse;
    return () => {
      const stored = store.get(key) as T | undefined;
      if (stored !== undefined) return stored;
      const result = parse();
      store.put(key, result);
      return result;
    };
  }

  /**
   * A Terraform directory put together elsewhere (a parse thread), from its files parsed there: kept as if
   * `runTerraformDirectory` had made it here. Only for a cache without a store (a store keeps each file's
   * own result, which this does not have).
   */
  putDirectory(directory: TerraformDirectoryJob, result: TerraformResult): void {
    remember(this.terraform, directory.key, () => result, this.maxEntries);
    if (this.parsedElsewhere.size + directory.files.length > this.maxEntries) this.parsedElsewhere.clear();
    for (const file of directory.files) this.parsedElsewhere.add(`${file.path}\u0000${file.digest}`);
  }

  /** Whether results are also kept in a store, which wants each file's own result. */
  get storing(): boolean {
    return this.store !== undefined;
  }

  /** A Terraform directory, put together from its files (see `parseFiles`). */
  terraformDirectory(key: string, parse: () => TerraformResult): TerraformResult {
    return remember(this.terraform, key, parse, this.maxEntries);
  }

  /**
   * A value derived from parsed input, under a key that names everything it depends on; each `kind` has its
   * own bound (whole judged refs are large, generated policies small).
   */
  derive<T>(kind: string, key: string, compute: () => T, maxEntries = this.maxEntries): T {
    let map = this.derived.get(kind);
    if (!map) this.derived.set(kind, (map = new Map()));
    return remember(map as Map<string, T>, key, compute, maxEntries);
  }

  /** Whether a value derived under this kind and key is cached (without refreshing it). */
  hasDerived(kind: string, key: string): boolean {
    return this.derived.get(kind)?.has(key) ?? false;
  }

  /**
   * Whether a job's result is already cached, in memory or in the store (a result found in the store is
   * loaded into memory, so that no worker parses it again).
   */
  has(job: ParseJob): boolean {
    const map = job.kind === "manifest" ? this.manifests : this.terraformFiles;
    const key = `${job.path}\u0000${job.digest}`;
    if (map.has(key)) return true;
    if (job.kind === "terraform" && this.parsedElsewhere.has(key)) return true;
    if (!this.store) return false;
    // The pool asks again and again while a directory's files are parsed: the store is asked once.
    const missKey = `${job.kind}\u0000${key}`;
    if (this.storeMisses.has(missKey)) return false;
    const stored = this.store.get(job);
    if (stored === undefined) {
      if (this.storeMisses.size >= this.maxEntries) this.storeMisses.clear();
      this.storeMisses.add(missKey);
      return false;
    }
    remember(map as Map<string, ParseResult>, key, () => stored, this.maxEntries);
    return true;
  }

  /** Stores a result parsed elsewhere (a worker thread). */
  put(job: ParseJob, result: ParseResult): void {
    // The pool sends only what `has` found nowhere, the store included: no second look there.
    const map = job.kind === "manifest" ? this.manifests : this.terraformFiles;
    remember(map as Map<string, ParseResult>, `${job.path}\u0000${job.digest}`, () => result, this.maxEntries);
    this.store?.put(job, result);
  }

  get size(): number {
    let derived = 0;
    for (const map of this.derived.values()) derived += map.size;
    return this.manifests.size + this.terraformFiles.size + this.terraform.size + derived;
  }
}

function remember<T>(map: Map<string, T>, key: string, compute: () => T, maxEntries: number): T {
  const hit = map.get(key);
  if (hit !== undefined) {
    // Refresh: the base of a busy repository is hit on every pull request and must not age out.
    map.delete(key);
    map.set(key, hit);
    return hit;
  }
  const value = compute();
  map.set(key, value);
  if (map.size > maxEntries) map.delete(map.keys().next().value!);
  return value;
}

/**
 * The identity of a parser problem: rule, file and message, without line numbers. A file that does not parse
 * is unknown content, so its identity also holds the file's `digest` when given: once such a file is on the
 * base, any later change of it is a new finding, not a pre-existing one.
 */
export function problemToFinding(problem: Problem, digest?: string): Finding {
  const stable = problem.message.replace(/\b(line|column|col)\s*\d+/gi, "$1");
  const content = problem.rule === "parse-error" && digest !== undefined ? `|${digest}` : "";
  return makeFinding({
    rule: problem.rule,
    severity: problem.severity,
    location: problem.location,
    namespace: problem.namespace ?? null,
    message: problem.message,
    key: `${problem.rule}|${problem.location.file}${content}|${stable}`,
  });
}

function directoryOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** One unit of parsing work: one readable file. */
export interface ParseJob {
  kind: "manifest" | "terraform";
  path: string;
  digest: string;
  text: string;
}

/** What a parse job produces. */
export type ParseResult = ManifestFileResult | TerraformFileResult;

/** The parsing work of a ref: each readable file (unreadable files take no work). */
export function parseJobs(files: SnapshotFile[]): ParseJob[] {
  const jobs: ParseJob[] = [];
  for (const file of files) {
    if (file.text === null) continue;
    jobs.push({ kind: file.kind === "kubernetes" ? "manifest" : "terraform", path: file.path, digest: file.digest, text: file.text });
  }
  return jobs;
}

/** Runs one job through the cache (parsing only on a miss). */
export function runParseJob(job: ParseJob, cache: ParseCache, parser: TerraformParser): ParseResult {
  return job.kind === "manifest"
    ? cache.manifest(job.path, job.digest, () => parseManifestFile(job.path, job.text))
    : cache.terraformFile(job.path, job.digest, () => parseTerraformFile(parser, job.path, job.text));
}

/** A Terraform directory of a ref: its readable files, sorted by path, and its cache key. */
export interface TerraformDirectoryJob {
  key: string;
  files: ParseJob[];
}

/** The Terraform directories among a ref's jobs, in the order they first appear. */
export function terraformDirectoryJobs(jobs: ParseJob[]): TerraformDirectoryJob[] {
  const byDirectory = new Map<string, ParseJob[]>();
  for (const job of jobs) {
    if (job.kind !== "terraform") continue;
    const dir = directoryOf(job.path);
    let list = byDirectory.get(dir);
    if (!list) byDirectory.set(dir, (list = []));
    list.push(job);
  }
  return [...byDirectory].map(([dir, files]) => {
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    return { key: `${dir}\u0000${files.map((f) => `${f.path}:${f.digest}`).join("\u0001")}`, files };
  });
}

/** A ref's parsing work: its jobs, and the Terraform directories among them. */
export interface ParseWork {
  jobs: ParseJob[];
  directories: TerraformDirectoryJob[];
}

const workOf = new WeakMap<SnapshotFile[], ParseWork>();

/**
 * `parseJobs` and `terraformDirectoryJobs` of a ref's files, worked out once per list of files: the parse
 * pool and the engine both ask for each ref, and at 30,000 directories each time costs a key per directory.
 * A list of files is never changed once read (the engine keys a ref by its list the same way).
 */
export function parseWork(files: SnapshotFile[]): ParseWork {
  let work = workOf.get(files);
  if (!work) {
    const jobs = parseJobs(files);
    work = { jobs, directories: terraformDirectoryJobs(jobs) };
    workOf.set(files, work);
  }
  return work;
}

/**
 * A Terraform directory through the cache: each file is parsed on its own (and cached by its digest); only
 * the cheap step that puts a directory's files together (its locals, the order of its modules) is redone
 * when one of them changes.
 */
export function runTerraformDirectory(directory: TerraformDirectoryJob, cache: ParseCache, parser: TerraformParser): TerraformResult {
  return cache.terraformDirectory(directory.key, () =>
    resolveTerraformDirectory(
      parser,
      directory.files,
      directory.files.map((file) => runParseJob(file, cache, parser) as TerraformFileResult),
    ),
  );
}

/**
 * Parses every watched file of a ref (`parser` from `loadTerraformParser()`). Never throws: what cannot be
 * read is a `parse-error` finding.
 */
export function parseFiles(files: SnapshotFile[], parser: TerraformParser, cache: ParseCache = new ParseCache()): ParsedFiles {
  const result: ParsedFiles = { manifests: [], terraform: [], findings: [], digests: new Map(), texts: new Map() };
  for (const file of files) {
    result.digests.set(file.path, file.digest);
    if (file.text !== null) {
      result.texts.set(file.path, file.text);
      continue;
    }
    result.findings.push(
      makeFinding({
        rule: "parse-error",
        severity: "error",
        location: { file: file.path, line: 1, endLine: 1 },
        namespace: null,
        message: `${file.path} was not read: ${file.unreadable ?? "unreadable"}. What it declares is unknown, so it cannot pass.`,
        // The digest (a blob, a link's target) stands for the content netpol-guard did not read.
        key: `parse-error|${file.path}|unreadable|${file.digest}`,
      }),
    );
  }
  const { jobs, directories } = parseWork(files);
  for (const job of jobs) if (job.kind === "manifest") result.manifests.push(runParseJob(job, cache, parser) as ManifestFileResult);
  result.terraform = directories.map((directory) => runTerraformDirectory(directory, cache, parser));
  const toFinding = (p: Problem): Finding => problemToFinding(p, result.digests.get(p.location.file));
  for (const m of result.manifests) for (const p of m.problems) result.findings.push(toFinding(p));
  for (const t of result.terraform) for (const p of t.problems) result.findings.push(toFinding(p));
  return result;
}

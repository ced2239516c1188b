import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { loadTerraformParser, type TerraformParser } from "../parsers/terraform/load-terraform-parser.js";
import { parseJobs, runTerraformDirectory, terraformDirectoryJobs, type ParseCache, type ParseJob, type ParseResult, type TerraformDirectoryJob } from "../engine/parse-files.js";
import type { SnapshotFile } from "../model/snapshot-file.js";
import { decodeTerraformFileResult } from "../parsers/terraform/terraform-wire.js";

/** Below this much text, starting workers costs more than it saves. */
const MIN_BYTES_FOR_WORKERS = 4 * 1024 * 1024;
/** About this much text per message to a worker: large enough to amortise a message, small enough to balance. */
const CHUNK_BYTES = 256 * 1024;
/** Messages a worker holds at once: the next is waiting while it parses one, so it never waits for this thread. */
const CHUNKS_IN_FLIGHT = 2;

/** What the pool needs of a worker thread (parse-worker.ts answers each batch with its results, in order). */
export interface ParseWorker {
  postMessage(jobs: ParseJob[]): void;
  on(event: "message", listener: (results: (ParseResult | string)[]) => void): unknown;
  once(event: "error" | "exit", listener: () => void): unknown;
  terminate(): Promise<number>;
}

/** The compiled worker (absent when running from sources: the engine then parses in this thread). */
const WORKER_FILE = new URL("./parse-worker.js", import.meta.url);

function jobBytes(job: ParseJob): number {
  return job.text.length;
}

function jobId(job: ParseJob): string {
  return `${job.kind}\u0000${job.path}\u0000${job.digest}`;
}

/**
 * Parses the files of one or more refs in worker threads and stores the results in a `ParseCache`, so that
 * the engine's own (single-threaded) parse finds everything cached. Parsing is most of a cold run on a large
 * repository. Refs are added as they are read: the workers start on the first ref while the next is still
 * being read. Every distinct job is parsed once; the workers take jobs largest first, so they finish
 * together, each from its own kind first (half of them Terraform, half YAML: a parser warms up in fewer
 * threads) and then from the other; each holds a second batch while it parses one, so it never waits for
 * this thread. Meanwhile this thread puts each Terraform directory together as soon as its files are
 * parsed. On a small repository (less than 4 MiB of text to parse), or where the compiled worker is not
 * available (running from sources), this does nothing and the engine parses as usual. Never fails the
 * run: what a failed worker did not parse is left to the engine.
 */
export class ParsePool {
  /** Jobs not yet sent, by kind, smallest first (the next to send is the last: the largest). */
  private readonly queues: Record<ParseJob["kind"], ParseJob[]> = { terraform: [], manifest: [] };
  /**
   * Terraform directories some of whose files are still being parsed: how many, and the directories each
   * file (by job id) is awaited by. A directory is looked at when its own files come back, never again and
   * again while others are parsed (30,000 one-file directories made that quadratic).
   */
  private readonly awaiting = new Map<TerraformDirectoryJob, number>();
  private readonly awaitedBy = new Map<string, TerraformDirectoryJob[]>();
  /** Terraform directories whose files are all parsed, to put together as soon as this thread has its parser. */
  private ready: TerraformDirectoryJob[] = [];
  /** Directories already awaited or put together (a ref's unchanged directories are the base's). */
  private readonly directoryKeys = new Set<string>();
  private readonly seen = new Set<string>();
  private queuedBytes = 0;
  private readonly workers: ParseWorker[] = [];
  private busy = 0;
  private readonly enabled: boolean;
  /** Workers are started once: if they all fail, the engine parses what they leave. */
  private startedOnce = false;
  /** Worker threads started, and files they parsed (for `check --timings`). */
  readonly stats = { workers: 0, files: 0 };
  private idle: (() => void) | null = null;
  private parser: TerraformParser | null = null;

  private readonly size: number;
  private readonly spawn: () => ParseWorker;
  private readonly minBytes: number;

  /**
   * `size`: workers (default: one per core, at most 4; fewer than 2 disables the pool). `spawn` and
   * `minBytes` replace the worker thread and the 4 MiB threshold (tests).
   */
  constructor(
    private readonly cache: ParseCache,
    options: { size?: number; spawn?: () => ParseWorker; minBytes?: number } = {},
  ) {
    this.size = options.size ?? Math.min(4, availableParallelism());
    this.spawn = options.spawn ?? (() => new Worker(WORKER_FILE));
    this.minBytes = options.minBytes ?? MIN_BYTES_FOR_WORKERS;
    this.enabled = this.size >= 2 && (options.spawn !== undefined || existsSync(fileURLToPath(WORKER_FILE)));
    if (this.enabled) {
      void loadTerraformParser().then(
        (parser) => {
          this.parser = parser;
          this.putDirectoriesTogether();
        },
        () => undefined,
      );
    }
  }

  /** Whether the workers were started (the text to parse was large enough, and the compiled worker is there). */
  get started(): boolean {
    return this.startedOnce;
  }

  /**
   * Starts the workers ahead of the work when a ref about to be read holds `bytes` of text to parse (they
   * take a while to load the parsers), if that is enough to be worth them.
   */
  expect(bytes: number): void {
    if (this.enabled && !this.startedOnce && bytes >= this.minBytes) this.start();
  }

  /** Queues the parsing work of a ref (what is already cached or queued is skipped) and starts it if it is large enough. */
  add(files: SnapshotFile[]): void {
    if (!this.enabled) return;
    const jobs = parseJobs(files);
    /** Jobs whose result is not in the cache yet (queued now or before). */
    const pending = new Set<string>();
    for (const job of jobs) {
      const id = jobId(job);
      if (this.seen.has(id)) {
        if (!this.cache.has(job)) pending.add(id);
        continue;
      }
      if (this.cache.has(job)) continue;
      this.seen.add(id);
      pending.add(id);
      this.queues[job.kind].push(job);
      this.queuedBytes += jobBytes(job);
    }
    for (const directory of terraformDirectoryJobs(jobs)) {
      if (this.directoryKeys.has(directory.key)) continue;
      this.directoryKeys.add(directory.key);
      const awaited = directory.files.map(jobId).filter((id) => pending.has(id));
      if (awaited.length === 0) {
        this.ready.push(directory);
        continue;
      }
      this.awaiting.set(directory, awaited.length);
      for (const id of awaited) {
        const list = this.awaitedBy.get(id);
        if (list) list.push(directory);
        else this.awaitedBy.set(id, [directory]);
      }
    }
    // Largest first (taken from the end): the small jobs last even out the workers' finishing times.
    for (const queue of Object.values(this.queues)) queue.sort((a, b) => jobBytes(a) - jobBytes(b));
    if (!this.startedOnce && this.queuedBytes >= this.minBytes) this.start();
    else for (const worker of this.workers) this.feed(worker);
  }

  /** Resolves when every queued job is parsed (or left to the engine), and stops the workers. */
  async finish(): Promise<void> {
    if (this.workers.length > 0 && (this.busy > 0 || this.queued() > 0)) {
      await new Promise<void>((resolve) => (this.idle = resolve));
    }
    this.close();
  }

  /** Stops the workers now, whatever is left (what they did not parse is left to the engine). */
  close(): void {
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
    this.clearQueues();
    this.awaiting.clear();
    this.awaitedBy.clear();
    this.directoryKeys.clear();
    this.ready = [];
    this.settle();
  }

  /** The batches sent to each worker and not answered yet, oldest first (a worker answers in order). */
  private readonly inFlight = new Map<ParseWorker, ParseJob[][]>();
  /** The kind each worker takes first. */
  private readonly preferred = new Map<ParseWorker, ParseJob["kind"]>();

  private queued(): number {
    return this.queues.terraform.length + this.queues.manifest.length;
  }

  private clearQueues(): void {
    this.queues.terraform.length = 0;
    this.queues.manifest.length = 0;
  }

  private start(): void {
    this.startedOnce = true;
    for (let i = 0; i < this.size; i++) {
      const worker = this.spawn();
      this.stats.workers++;
      this.workers.push(worker);
      this.inFlight.set(worker, []);
      this.preferred.set(worker, i % 2 === 0 ? "terraform" : "manifest");
      worker.on("message", (results: (ParseResult | string)[]) => {
        const jobs = this.inFlight.get(worker)?.shift();
        if (!jobs) return;
        this.stats.files += jobs.length;
        jobs.forEach((job, k) => {
          const result = results[k]!;
          this.cache.put(job, typeof result === "string" ? decodeTerraformFileResult(result, job.path) : result);
          this.parsed(jobId(job));
        });
        this.busy--;
        this.feed(worker);
        this.putDirectoriesTogether();
      });
      const fail = (): void => {
        // Its jobs are left to the engine; the others go on.
        const index = this.workers.indexOf(worker);
        if (index >= 0) this.workers.splice(index, 1);
        this.busy -= this.inFlight.get(worker)?.length ?? 0;
        this.inFlight.delete(worker);
        if (this.workers.length === 0) this.clearQueues();
        this.settle();
      };
      worker.once("error", fail);
      worker.once("exit", fail);
      this.feed(worker);
    }
  }

  /** A job's result is in the cache: the directories that awaited only it are ready. */
  private parsed(id: string): void {
    const directories = this.awaitedBy.get(id);
    if (!directories) return;
    this.awaitedBy.delete(id);
    for (const directory of directories) {
      const left = this.awaiting.get(directory)! - 1;
      if (left > 0) {
        this.awaiting.set(directory, left);
        continue;
      }
      this.awaiting.delete(directory);
      this.ready.push(directory);
    }
  }

  private putDirectoriesTogether(): void {
    // Until this thread has its own parser (a directory may need parsing whole), the engine does it later.
    const parser = this.parser;
    if (this.workers.length === 0 || !parser) return;
    const ready = this.ready;
    this.ready = [];
    for (const directory of ready) runTerraformDirectory(directory, this.cache, parser);
  }

  /** Tops up a worker's batches, or settles when there is nothing left. */
  private feed(worker: ParseWorker): void {
    const inFlight = this.inFlight.get(worker);
    if (!inFlight) return;
    while (inFlight.length < CHUNKS_IN_FLIGHT && this.queued() > 0) {
      const first = this.preferred.get(worker)!;
      const queue = this.queues[first].length > 0 ? this.queues[first] : this.queues[first === "terraform" ? "manifest" : "terraform"];
      const chunk: ParseJob[] = [];
      let bytes = 0;
      while (queue.length > 0 && (chunk.length === 0 || bytes < CHUNK_BYTES)) {
        const job = queue.pop()!;
        chunk.push(job);
        bytes += jobBytes(job);
      }
      inFlight.push(chunk);
      this.busy++;
      worker.postMessage(chunk);
    }
    this.settle();
  }

  private settle(): void {
    if (this.busy === 0 && (this.queued() === 0 || this.workers.length === 0) && this.idle) {
      const resolve = this.idle;
      this.idle = null;
      resolve();
    }
  }
}

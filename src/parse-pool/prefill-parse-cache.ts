import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import {
  parseJobs,
  runTerraformDirectory,
  terraformDirectoryJobs,
  type ParseCache,
  type ParseJob,
  type ParseResult,
  type SnapshotFile,
  type TerraformDirectoryJob,
} from "../engine/parse-files.js";
import { decodeTerraformFileResult } from "./terraform-wire.js";

/** Below this much text, starting workers costs more than it saves. */
const MIN_BYTES_FOR_WORKERS = 4 * 1024 * 1024;
/** About this much text per message to a worker: large enough to amortise a message, small enough to balance. */
const CHUNK_BYTES = 256 * 1024;

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
 * being read. Every distinct job is parsed once; the workers take jobs, largest first, from one queue, so
 * they finish together. Meanwhile this thread puts each Terraform directory together as soon as its files
 * are parsed. On a small repository (less than 4 MiB of text to parse), or where the compiled
 * worker is not available (running from sources), this does nothing and the engine parses as usual. Never
 * fails the run: what a failed worker did not parse is left to the engine.
 */
export class ParsePool {
  private readonly queue: ParseJob[] = [];
  /** Terraform directories some of whose files are still being parsed. */
  private directories: TerraformDirectoryJob[] = [];
  private readonly seen = new Set<string>();
  private queuedBytes = 0;
  private readonly workers: Worker[] = [];
  private busy = 0;
  private readonly enabled: boolean;
  private idle: (() => void) | null = null;

  constructor(
    private readonly cache: ParseCache,
    private readonly size = Math.min(4, availableParallelism()),
  ) {
    this.enabled = size >= 2 && existsSync(fileURLToPath(WORKER_FILE));
  }

  /** Queues the parsing work of a ref (what is already cached or queued is skipped) and starts it if it is large enough. */
  add(files: SnapshotFile[]): void {
    if (!this.enabled) return;
    const added: ParseJob[] = [];
    const jobs = parseJobs(files);
    this.directories.push(...terraformDirectoryJobs(jobs));
    for (const job of jobs) {
      const id = jobId(job);
      if (this.seen.has(id) || this.cache.has(job)) continue;
      this.seen.add(id);
      added.push(job);
      this.queuedBytes += jobBytes(job);
    }
    // Largest first: the small jobs at the end of the queue even out the workers' finishing times.
    this.queue.push(...added);
    this.queue.sort((a, b) => jobBytes(b) - jobBytes(a));
    if (this.workers.length === 0 && this.queuedBytes >= MIN_BYTES_FOR_WORKERS) this.start();
    else for (const worker of this.workers) if (!this.isBusy(worker)) this.feed(worker);
  }

  /** Resolves when every queued job is parsed (or left to the engine), and stops the workers. */
  async finish(): Promise<void> {
    if (this.workers.length > 0 && (this.busy > 0 || this.queue.length > 0)) {
      await new Promise<void>((resolve) => (this.idle = resolve));
    }
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
    this.queue.length = 0;
    this.directories = [];
  }

  private readonly inFlight = new Map<Worker, ParseJob[]>();

  private isBusy(worker: Worker): boolean {
    return this.inFlight.has(worker);
  }

  private start(): void {
    for (let i = 0; i < this.size; i++) {
      const worker = new Worker(WORKER_FILE);
      this.workers.push(worker);
      worker.on("message", (results: (ParseResult | string)[]) => {
        const jobs = this.inFlight.get(worker);
        if (!jobs) return;
        jobs.forEach((job, k) => {
          const result = results[k]!;
          this.cache.put(job, typeof result === "string" ? decodeTerraformFileResult(result, job.path) : result);
        });
        this.release(worker);
        this.feed(worker);
        this.putDirectoriesTogether();
      });
      const fail = (): void => {
        // Its jobs are left to the engine; the others go on.
        const index = this.workers.indexOf(worker);
        if (index >= 0) this.workers.splice(index, 1);
        if (this.inFlight.has(worker)) this.release(worker);
        if (this.workers.length === 0) this.queue.length = 0;
        this.settle();
      };
      worker.once("error", fail);
      worker.once("exit", fail);
      this.feed(worker);
    }
  }

  private putDirectoriesTogether(): void {
    if (this.workers.length === 0) return;
    this.directories = this.directories.filter((directory) => {
      if (!directory.files.every((file) => this.cache.has(file))) return true;
      runTerraformDirectory(directory, this.cache);
      return false;
    });
  }

  private release(worker: Worker): void {
    this.inFlight.delete(worker);
    this.busy--;
  }

  /** Gives a free worker its next chunk of jobs, or settles when there is nothing left. */
  private feed(worker: Worker): void {
    if (this.queue.length === 0) {
      this.settle();
      return;
    }
    const chunk: ParseJob[] = [];
    let bytes = 0;
    while (this.queue.length > 0 && (chunk.length === 0 || bytes < CHUNK_BYTES)) {
      const job = this.queue.shift()!;
      chunk.push(job);
      bytes += jobBytes(job);
    }
    this.inFlight.set(worker, chunk);
    this.busy++;
    worker.postMessage(chunk);
  }

  private settle(): void {
    if (this.busy === 0 && (this.queue.length === 0 || this.workers.length === 0) && this.idle) {
      const resolve = this.idle;
      this.idle = null;
      resolve();
    }
  }
}

/** Parses the files of the given refs in worker threads into `cache` (see `ParsePool`). */
export async function prefillParseCache(snapshots: SnapshotFile[][], cache: ParseCache, workers?: number): Promise<void> {
  const pool = new ParsePool(cache, workers);
  for (const files of snapshots) pool.add(files);
  await pool.finish();
}

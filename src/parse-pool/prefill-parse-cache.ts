import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { loadTerraformParser, type TerraformParser } from "../parsers/terraform/load-terraform-parser.js";
import { parseWork, runTerraformDirectory, type ParseCache, type ParseJob, type ParseResult, type TerraformDirectoryJob } from "../engine/parse-files.js";
import type { SnapshotFile } from "../model/snapshot-file.js";
import { decodeTerraformFileResult, decodeTerraformResult } from "../parsers/terraform/terraform-wire.js";
import { taskBytes, type ParseAnswer, type ParseTask } from "./parse-task.js";

/** Below this much text, starting workers costs more than it saves. */
const MIN_BYTES_FOR_WORKERS = 4 * 1024 * 1024;
/** About this much text per message to a worker: large enough to amortise a message, small enough to balance. */
const CHUNK_BYTES = 256 * 1024;
/** Messages a worker holds at once: the next is waiting while it parses one, so it never waits for this thread. */
const CHUNKS_IN_FLIGHT = 2;

/** What the pool needs of a worker thread (parse-worker.ts answers each batch with its results, in order). */
export interface ParseWorker {
  postMessage(tasks: ParseTask[]): void;
  on(event: "message", listener: (answers: ParseAnswer[]) => void): unknown;
  once(event: "error" | "exit", listener: () => void): unknown;
  terminate(): Promise<number>;
}

/** The compiled worker (absent when running from sources: the engine then parses in this thread). */
const WORKER_FILE = new URL("./parse-worker.js", import.meta.url);

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
 * this thread. A Terraform directory none of whose files is parsed yet goes to one worker whole, which puts
 * it together and sends back the directory's result only (this thread would otherwise decode each file's
 * result and put the directory together itself: most of its time in a parse of one-file directories);
 * the files of other directories go one by one, and this thread puts each of those directories together as
 * soon as its files are parsed. On a small repository (less than 4 MiB of text to parse), or where the compiled worker is not
 * available (running from sources), this does nothing and the engine parses as usual. Never fails the
 * run: what a failed worker did not parse is left to the engine.
 */
export class ParsePool {
  /** Tasks not yet sent, by kind, smallest first (the next to send is the last: the largest). */
  private readonly queues: Record<ParseJob["kind"], ParseTask[]> = { terraform: [], manifest: [] };
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
    const { jobs, directories } = parseWork(files);
    /** Jobs whose result is not in the cache yet (queued now or before). */
    const pending = new Set<string>();
    /** Terraform files first seen now: queued whole with their directory, or else one by one. */
    const fresh = new Map<string, ParseJob>();
    for (const job of jobs) {
      const id = jobId(job);
      if (this.seen.has(id)) {
        if (!this.cache.has(job)) pending.add(id);
        continue;
      }
      if (this.cache.has(job)) continue;
      this.seen.add(id);
      pending.add(id);
      if (job.kind === "terraform") fresh.set(id, job);
      else this.enqueue(job);
    }
    for (const directory of directories) {
      if (this.directoryKeys.has(directory.key)) continue;
      this.directoryKeys.add(directory.key);
      const ids = directory.files.map(jobId);
      // A store keeps each file's own result, which a directory's task does not send back.
      if (!this.cache.storing && ids.every((id) => fresh.has(id))) {
        for (const id of ids) fresh.delete(id);
        this.enqueue({ kind: "terraform-directory", directory });
        continue;
      }
      const awaited = ids.filter((id) => pending.has(id));
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
    for (const job of fresh.values()) this.enqueue(job);
    // Largest first (taken from the end): the small tasks last even out the workers' finishing times.
    for (const queue of Object.values(this.queues)) queue.sort((a, b) => taskBytes(a) - taskBytes(b));
    if (!this.startedOnce && this.queuedBytes >= this.minBytes) this.start();
    else for (const worker of this.workers) this.feed(worker);
  }

  private enqueue(task: ParseTask): void {
    this.queues[task.kind === "manifest" ? "manifest" : "terraform"].push(task);
    this.queuedBytes += taskBytes(task);
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
  private readonly inFlight = new Map<ParseWorker, ParseTask[][]>();
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
      worker.on("message", (answers: ParseAnswer[]) => {
        const tasks = this.inFlight.get(worker)?.shift();
        if (!tasks) return;
        tasks.forEach((task, k) => {
          const answer = answers[k]!;
          if (task.kind === "terraform-directory") {
            const { directory } = task;
            this.cache.putDirectory(directory, decodeTerraformResult(answer as string, directory.files[0]!.path));
            this.stats.files += directory.files.length;
            for (const file of directory.files) this.parsed(jobId(file));
            return;
          }
          const result: ParseResult = typeof answer === "string" ? decodeTerraformFileResult(answer, task.path) : answer;
          this.cache.put(task, result);
          this.stats.files++;
          this.parsed(jobId(task));
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
      const chunk: ParseTask[] = [];
      let bytes = 0;
      while (queue.length > 0 && (chunk.length === 0 || bytes < CHUNK_BYTES)) {
        const task = queue.pop()!;
        chunk.push(task);
        bytes += taskBytes(task);
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

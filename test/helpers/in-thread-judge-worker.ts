/**
 * A judge worker that runs in the test's thread: the real judgement (runJudgeJob, with a cache it keeps
 * across jobs as the real worker does), answered as the real worker answers, except that the test can hold
 * it (nothing is answered until `release()`) or make it go quiet at a chosen message, as a worker stuck on
 * a slow file or a slow model does. Nothing waits on a clock.
 */
import { EventEmitter } from "node:events";
import { ParseCache } from "../../src/engine/parse-files.js";
import { ParseProgress, type JudgeJob, type JudgeMessage, type PreloadRequest } from "../../src/parse-pool/judge-job.js";
import type { JudgeWorker } from "../../src/parse-pool/judge-within-budget.js";
import { runJudgeJob } from "../../src/parse-pool/run-judge-job.js";
import { TextStore } from "../../src/parse-pool/text-store.js";
import { preloadDiskParseStore } from "../../src/parse-store/open-disk-parse-store.js";
import { loadTerraformParser } from "../../src/parsers/terraform/load-terraform-parser.js";

/**
 * Where the stand-in goes quiet: `before` a message (it is never sent), `after` it (it is sent, nothing
 * more), or null to go on.
 */
export type Quiet = (message: JudgeMessage) => "before" | "after" | null;

export class InThreadJudgeWorker extends EventEmitter implements JudgeWorker {
  /** The stand-ins not yet terminated, in every test of this module graph. */
  private static readonly live = new Set<InThreadJudgeWorker>();

  /**
   * Ends every stand-in as a worker thread ends when its process does (its pool forgets it on `exit`): a
   * test file then starts with no judge worker, and no cache, of another file's, as it would in a process
   * of its own (see test/helpers/shared-worker-reset.ts).
   */
  static exitAll(): void {
    for (const worker of InThreadJudgeWorker.live) {
      worker.terminated = true;
      worker.emit("exit", 1);
    }
    InThreadJudgeWorker.live.clear();
  }

  readonly cache = new ParseCache(20_000);
  private readonly texts = new TextStore();
  readonly jobs: JudgeJob[] = [];
  terminated = false;
  /** Called when a job arrives. */
  received: () => void = () => undefined;
  /** Called when it goes quiet (see `Quiet`). */
  wentQuiet: () => void = () => undefined;
  private held: boolean;
  private pending: JudgeJob[] = [];

  /**
   * `stuckOn`: a file it goes quiet while parsing, as a worker stuck on a slow file does (its progress
   * says the files before it were parsed, and nothing more is answered).
   */
  constructor(private readonly options: { held?: boolean; quiet?: Quiet; stuckOn?: string } = {}) {
    super();
    this.held = options.held ?? false;
    InThreadJudgeWorker.live.add(this);
  }

  /** What it was sent before its jobs: the store to read ahead (see prepareJudgeWorker). */
  readonly preloads: string[] = [];

  postMessage(message: JudgeJob | PreloadRequest): void {
    // As the worker does: read the store ahead, in this thread (a store that cannot be read misses).
    if ("preload" in message) {
      this.preloads.push(message.preload.cacheDir);
      preloadDiskParseStore(message.preload.cacheDir);
      return;
    }
    const job = message;
    this.jobs.push(job);
    this.pending.push(job);
    this.received();
    if (!this.held) queueMicrotask(() => void this.answer());
  }

  release(): void {
    this.held = false;
    void this.answer();
  }

  terminate(): Promise<number> {
    this.terminated = true;
    InThreadJudgeWorker.live.delete(this);
    return Promise.resolve(1);
  }

  private async answer(): Promise<void> {
    const job = this.pending.shift();
    if (!job) return;
    await loadTerraformParser();
    const messages: JudgeMessage[] = [];
    try {
      const view = await runJudgeJob(this.texts.unpack(structuredClone(job)), this.cache, (m) => messages.push(m));
      messages.push({ kind: "done", view: structuredClone(view) });
    } catch (error) {
      messages.push({ kind: "error", message: String(error) });
    }
    for (const message of messages) {
      if (this.terminated) return;
      const stuck = message.kind === "files" ? message.files.findIndex((file) => file.path === this.options.stuckOn) : -1;
      if (message.kind === "files" && stuck >= 0) {
        // Everything was parsed here already: the progress is taken back to the file it is stuck on.
        new ParseProgress(message.progress).rewind(stuck);
        this.emit("message", message);
        return this.wentQuiet();
      }
      const quiet = this.options.quiet?.(message) ?? null;
      if (quiet === "before") return this.wentQuiet();
      this.emit("message", message);
      if (quiet === "after") return this.wentQuiet();
    }
  }
}

import type { SnapshotFile } from "../model/snapshot-file.js";
import type { JudgeJob } from "./judge-job.js";

/** Marks a file sent without its text: the worker has it, under its digest. */
const HELD = "\u0000held-by-the-worker";

/** Characters of file text a judge worker keeps for the next judgements (about 64 MiB of ASCII). */
export const WORKER_TEXT_CHARS = 64 * 1024 * 1024;

/**
 * The file texts a judge worker holds, by digest, least recently used first, so that a judgement sends the
 * worker only the texts it does not hold: copying a message to a worker costs by its text (the whole
 * repository at both refs: about 36 MiB at 30,000 services, over a second of the main thread on a loaded
 * machine), and a pull request's next push or re-run differs from what the worker saw by a few files.
 *
 * The thread that sends jobs keeps one store per worker (`pack`), the worker keeps its own (`unpack`); both
 * make the same moves in the same order (every file with a text, base then head), so each knows exactly
 * what the other holds without asking. A worker replaced starts empty, and so does its new store.
 */
export class TextStore {
  private readonly texts = new Map<string, string | number>();
  private chars = 0;

  constructor(private readonly maxChars = WORKER_TEXT_CHARS) {}

  /** The job to send: the texts the worker holds left out. */
  pack(job: JudgeJob): JudgeJob {
    return this.walk(job, (file) => {
      if (file.text === null) return file;
      if (this.touch(file.digest)) return { ...file, text: null, unreadable: HELD };
      this.keep(file.digest, file.text.length);
      return file;
    });
  }

  /** The job as it was before `pack`, from what was sent and what this (the worker's) store holds. */
  unpack(job: JudgeJob): JudgeJob {
    return this.walk(job, (file) => {
      if (file.unreadable === HELD) {
        this.touch(file.digest);
        const text = this.texts.get(file.digest);
        // Cannot happen while both stores make the same moves; if it did, the judgement fails, never passes.
        if (typeof text !== "string") throw new Error(`the judge worker does not hold the text of ${file.path}`);
        const { unreadable: _held, ...rest } = file;
        return { ...rest, text };
      }
      if (file.text !== null) this.keep(file.digest, file.text);
      return file;
    });
  }

  private walk(job: JudgeJob, each: (file: SnapshotFile) => SnapshotFile): JudgeJob {
    const base = job.base && { ...job.base, files: job.base.files.map(each) };
    return { ...job, base, head: { ...job.head, files: job.head.files.map(each) } };
  }

  /** Whether the digest is held; if so, it becomes the most recently used. */
  private touch(digest: string): boolean {
    const held = this.texts.get(digest);
    if (held === undefined) return false;
    this.texts.delete(digest);
    this.texts.set(digest, held);
    return true;
  }

  /** Holds a text (the worker) or its length (the sender), dropping the least recently used past the bound. */
  private keep(digest: string, text: string | number): void {
    const length = typeof text === "string" ? text.length : text;
    if (this.touch(digest) || length > this.maxChars) return;
    this.texts.set(digest, text);
    this.chars += length;
    for (const [oldest, held] of this.texts) {
      if (this.chars <= this.maxChars) break;
      this.texts.delete(oldest);
      this.chars -= typeof held === "string" ? held.length : held;
    }
  }
}

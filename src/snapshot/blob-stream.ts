import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { GitError, MissingObjectError } from "./git-error.js";

interface Waiting {
  sha: string;
  resolve: (bytes: Buffer) => void;
  reject: (error: Error) => void;
}

/**
 * One `git cat-file --batch` process that blobs are asked of as soon as they are known and handed over as
 * its output arrives, one by one, instead of one process per ref whose whole output is gathered first. A
 * caller reading both refs of a change gives both the same stream (see `readGitSnapshot`'s `blobs`), so the
 * head's blobs ride on the process the base started. Blobs come back in the order they were asked for.
 */
export class BlobStream {
  private readonly child: ChildProcessWithoutNullStreams;
  private waiting: Waiting[] = [];
  /** The first of `waiting` not yet answered (a shift per blob would move the whole list each time). */
  private first = 0;
  /** What has arrived and is not yet handed over. */
  private rest: Buffer = Buffer.alloc(0);
  /** The size of the blob whose header was read, while its bytes are still arriving. */
  private size: number | null = null;
  private failure: Error | null = null;
  private closed = false;

  constructor(repo: string) {
    this.child = spawn("git", ["-C", repo, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    this.child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    this.child.stdout.on("data", (chunk: Buffer) => this.receive(chunk));
    // Asking a process that died must fail the ask, not the program.
    this.child.stdin.on("error", () => undefined);
    this.child.on("error", (error) => this.fail(new GitError(error.message)));
    this.child.on("close", (code) => this.fail(new GitError(stderr.trim() || `git cat-file exited with ${code}`)));
  }

  /**
   * The bytes of each blob, in the order asked: a blob id, or any object name git reads on one line
   * (`<commit>:<path>`); one git does not have rejects with a `MissingObjectError`.
   */
  read(shas: string[]): Promise<Buffer>[] {
    const promises = shas.map(
      (sha) =>
        new Promise<Buffer>((resolve, reject) => {
          if (this.failure) reject(this.failure);
          else this.waiting.push({ sha, resolve, reject });
        }),
    );
    if (shas.length > 0 && !this.failure) this.child.stdin.write(shas.join("\n") + "\n");
    return promises;
  }

  /** Ends the process once it has answered what was asked. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.child.stdin.end();
  }

  private receive(chunk: Buffer): void {
    this.rest = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    let offset = 0;
    for (;;) {
      if (this.size === null) {
        const newline = this.rest.indexOf(10, offset);
        if (newline < 0) break;
        const header = this.rest.subarray(offset, newline).toString("utf8").split(" ");
        offset = newline + 1;
        const size = Number(header[2]);
        if (header[1] === "missing" || !Number.isFinite(size)) {
          this.answer()?.reject(new MissingObjectError(`blob ${header[0]} is missing`));
          continue;
        }
        this.size = size;
      }
      // The blob, then the newline git ends it with.
      if (this.rest.length - offset < this.size + 1) break;
      // A copy: a subarray would keep the whole chunk alive for as long as the blob is.
      this.answer()?.resolve(Buffer.from(this.rest.subarray(offset, offset + this.size)));
      offset += this.size + 1;
      this.size = null;
    }
    this.rest = this.rest.subarray(offset);
  }

  /** The oldest ask not yet answered, taken off the list. */
  private answer(): Waiting | undefined {
    const next = this.waiting[this.first];
    if (next === undefined) return undefined;
    this.waiting[this.first++] = undefined!;
    if (this.first === this.waiting.length) {
      this.waiting = [];
      this.first = 0;
    }
    return next;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const left = this.waiting.slice(this.first);
    this.waiting = [];
    this.first = 0;
    for (const w of left) w.reject(this.closed ? new GitError(`blob ${w.sha} was not read: ${error.message}`) : error);
  }
}

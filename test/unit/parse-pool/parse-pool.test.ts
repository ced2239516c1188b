/**
 * The parse pool's bookkeeping (batches in flight, workers that die, closing early), with stand-in workers
 * that parse in this thread, asynchronously, as the real ones answer: whatever happens, `finish()` settles
 * and the engine's result is the one it would have computed alone. (The real worker threads are exercised
 * by test/cli-workers.test.ts.)
 */
import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { beforeAll, describe, expect, it } from "vitest";
import { generateRepoFiles } from "../../../bench/generate-repo.js";
import { ParseCache, parseFiles, parseJobs, terraformDirectoryJobs, type ParseJob, type ParseResult, type ParseStore } from "../../../src/engine/parse-files.js";
import type { SnapshotFile } from "../../../src/model/snapshot-file.js";
import { ParsePool, type ParseWorker } from "../../../src/parse-pool/prefill-parse-cache.js";
import { runParseTask, type ParseTask } from "../../../src/parse-pool/parse-task.js";
import { loadTerraformParser } from "../../../src/parsers/terraform/load-terraform-parser.js";

const parser = await loadTerraformParser();

/** A worker that answers each batch on a later turn; `diesAfter` batches answered, it fails without answering. */
class StandInWorker extends EventEmitter implements ParseWorker {
  answered = 0;
  /** Files parsed (a directory's task counts each of its files). */
  jobs = 0;
  /** Directories sent whole. */
  directories = 0;
  private dead = false;

  constructor(private readonly diesAfter = Infinity) {
    super();
  }

  postMessage(tasks: ParseTask[]): void {
    setImmediate(() => {
      if (this.dead) return;
      if (this.answered >= this.diesAfter) {
        this.dead = true;
        this.emit("error", new Error("the worker died"));
        this.emit("exit", 1);
        return;
      }
      this.answered++;
      for (const task of tasks) {
        if (task.kind !== "terraform-directory") this.jobs++;
        else {
          this.jobs += task.directory.files.length;
          this.directories++;
        }
      }
      const cache = new ParseCache();
      this.emit(
        "message",
        tasks.map((task) => runParseTask(task, cache, parser)),
      );
    });
  }

  terminate(): Promise<number> {
    if (!this.dead) {
      this.dead = true;
      setImmediate(() => this.emit("exit", 1));
    }
    return Promise.resolve(1);
  }
}

function snapshot(files: Map<string, string>): SnapshotFile[] {
  return [...files].map(([path, text]) => ({
    path,
    kind: path.endsWith(".tf") ? ("terraform" as const) : ("kubernetes" as const),
    text,
    digest: createHash("sha1").update(text).digest("hex"),
  }));
}

let base: SnapshotFile[];
let head: SnapshotFile[];
let alone: ReturnType<typeof parseFiles>;

beforeAll(async () => {
  // About 1.8 MiB in 550 files: several 256 KiB batches per worker.
  base = snapshot(generateRepoFiles(5, 3000));
  // The head shares all but two files with the base.
  head = base.map((f, i) => (i % 200 === 7 && f.text !== null ? { ...f, text: f.text + "\n", digest: `${f.digest}-changed` } : f));
  alone = parseFiles(base, parser);
});

function poolWith(workers: StandInWorker[]): { pool: ParsePool; cache: ParseCache } {
  const cache = new ParseCache();
  let next = 0;
  const pool = new ParsePool(cache, { size: workers.length, minBytes: 1, spawn: () => workers[next++]! });
  return { pool, cache };
}

describe("ParsePool", () => {
  it("parses every distinct file once, in the workers, and the engine finds exactly its own results", async () => {
    const workers = [new StandInWorker(), new StandInWorker()];
    const { pool, cache } = poolWith(workers);
    pool.add(base);
    pool.add(head);
    await pool.finish();

    const distinct = new Set([...base, ...head].map((f) => `${f.path}\u0000${f.digest}`)).size;
    expect(workers[0]!.jobs + workers[1]!.jobs).toBe(distinct);
    expect(workers.every((w) => w.answered > 1)).toBe(true);
    expect(pool.stats).toEqual({ workers: 2, files: distinct });
    expect(parseFiles(base, parser, cache)).toEqual(alone);
    // The head's changed files are in directories of several files, the others of which the base parsed.
    expect(parseFiles(head, parser, cache)).toEqual(parseFiles(head, parser));
  });

  it("puts each Terraform directory together once, in a worker when none of its files is parsed yet, looking at each file a bounded number of times", async () => {
    /** A cache that counts what the pool asks of it, and notes a directory put together before its files are in. */
    class CountingCache extends ParseCache {
      looks = 0;
      directories: string[] = [];
      early: string[] = [];
      private readonly stored = new Set<string>();
      override has(job: ParseJob): boolean {
        this.looks++;
        return super.has(job);
      }
      override put(job: ParseJob, result: Parameters<ParseCache["put"]>[1]): void {
        this.stored.add(`${job.path}:${job.digest}`);
        super.put(job, result);
      }
      override putDirectory(...[directory, result]: Parameters<ParseCache["putDirectory"]>): void {
        this.directories.push(directory.key);
        super.putDirectory(directory, result);
      }
      override terraformDirectory(...[key, parse]: Parameters<ParseCache["terraformDirectory"]>): ReturnType<ParseCache["terraformDirectory"]> {
        return super.terraformDirectory(key, () => {
          this.directories.push(key);
          // The key names the directory, then each file as path:digest.
          for (const file of key.split("\u0000")[1]!.split("\u0001")) if (!this.stored.has(file)) this.early.push(file);
          return parse();
        });
      }
    }
    // One Terraform root per service: 2,000 one-file directories, about 1.5 MiB (several batches per worker).
    const roots = snapshot(generateRepoFiles(5, 2000, "service-roots"));
    const changed = roots.map((f, i) => (i % 300 === 11 && f.text !== null ? { ...f, text: f.text + "\n", digest: `${f.digest}-changed` } : f));
    const cache = new CountingCache();
    const workers = [new StandInWorker(), new StandInWorker()];
    let next = 0;
    const pool = new ParsePool(cache, { size: 2, minBytes: 1, spawn: () => workers[next++]! });
    pool.add(roots);
    pool.add(changed);
    await pool.finish();

    expect(workers.every((w) => w.answered > 2)).toBe(true);
    const keys = new Set([...terraformDirectoryJobs(parseJobs(roots)), ...terraformDirectoryJobs(parseJobs(changed))].map((d) => d.key));
    expect(cache.directories.length).toBe(keys.size);
    expect(new Set(cache.directories)).toEqual(keys);
    expect(cache.early).toEqual([]);
    // Every directory here is one file, parsed nowhere before: each went to a worker whole.
    expect(workers[0]!.directories + workers[1]!.directories).toBe(keys.size);
    // Once or twice per file and ref when it is added: not again each time a batch comes back.
    expect(cache.looks).toBeLessThanOrEqual(2 * (roots.length + changed.length));
    expect(parseFiles(changed, parser, cache)).toEqual(parseFiles(changed, parser));
  });

  it("with a store, sends Terraform files one by one, so that each file's own result is kept there", async () => {
    const stored = new Map<string, ParseResult>();
    const store: ParseStore = { get: (key) => stored.get(`${key.kind}:${key.path}:${key.digest}`), put: (key, result) => void stored.set(`${key.kind}:${key.path}:${key.digest}`, result) };
    const roots = snapshot(generateRepoFiles(5, 300, "service-roots"));
    const cache = new ParseCache(undefined, store);
    const workers = [new StandInWorker(), new StandInWorker()];
    let next = 0;
    const pool = new ParsePool(cache, { size: 2, minBytes: 1, spawn: () => workers[next++]! });
    pool.add(roots);
    await pool.finish();

    expect(workers[0]!.directories + workers[1]!.directories).toBe(0);
    const jobs = parseJobs(roots);
    expect(jobs.every((job) => stored.has(`${job.kind}:${job.path}:${job.digest}`))).toBe(true);
    expect(parseFiles(roots, parser, cache)).toEqual(parseFiles(roots, parser));
  });

  it("leaves the batches of a worker that dies to the engine, and still settles", async () => {
    const workers = [new StandInWorker(1), new StandInWorker()];
    const { pool, cache } = poolWith(workers);
    pool.add(base);
    await pool.finish();

    expect(workers[0]!.answered).toBe(1);
    expect(pool.stats.files).toBeLessThan(base.length);
    expect(parseFiles(base, parser, cache)).toEqual(alone);
  });

  it("settles when every worker dies, and does not start new ones for the next ref", async () => {
    const workers = [new StandInWorker(0), new StandInWorker(0)];
    const { pool, cache } = poolWith(workers);
    pool.add(base);
    await new Promise((resolve) => setImmediate(resolve));
    pool.add(head);
    await pool.finish();

    expect(pool.stats).toEqual({ workers: 2, files: 0 });
    expect(parseFiles(head, parser, cache)).toEqual(parseFiles(head, parser));
  });

  it("stops at once when closed with batches in flight, and finish() then settles", async () => {
    const workers = [new StandInWorker(), new StandInWorker()];
    const { pool } = poolWith(workers);
    pool.add(base);
    pool.close();
    await pool.finish();
    expect(workers[0]!.answered + workers[1]!.answered).toBe(0);
  });

  it("starts no worker below its threshold: the engine parses", async () => {
    const cache = new ParseCache();
    let spawned = 0;
    const pool = new ParsePool(cache, { size: 2, minBytes: Number.MAX_SAFE_INTEGER, spawn: () => (spawned++, new StandInWorker()) });
    pool.add(base);
    await pool.finish();
    expect(spawned).toBe(0);
    expect(pool.stats.files).toBe(0);
  });
});

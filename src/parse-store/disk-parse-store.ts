import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { readdir, rename, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { ParseKey, ParseResult, ParseStore } from "../engine/parse-files.js";
import type { TerraformFileResult } from "../parsers/terraform/parse-terraform.js";
import { decodeTerraformFileResult, encodeTerraformFileResult } from "../parsers/terraform/terraform-wire.js";

/** Default bound of a store directory: well above the 30,000-service benchmark's ~100 MiB. */
export const DEFAULT_MAX_BYTES = 512 * 2 ** 20;

/** A temporary file older than this was left by a process that died while writing: it is removed. */
const STALE_TEMP_MS = 10 * 60 * 1000;

/** Entries written at once. */
const WRITES_IN_FLIGHT = 8;

/** Each entry starts with a digest of the rest. */
const DIGEST_BYTES = 16;

function digestOf(body: Uint8Array): Buffer {
  return createHash("md5").update(body).digest();
}

export interface DiskParseStoreOptions {
  /** Keys every entry (see parserVersionKey). */
  parserVersion: string;
  /** The directory is pruned back under this many bytes of entries. */
  maxBytes?: number;
}

/**
 * Parse results kept in a directory, one file per result, so that a later process (a CI run that restored
 * the directory) parses only what it has never seen. An entry is named by a hash of the parser version,
 * the kind of parser, the path and the git blob SHA, and holds that whole key and a digest of itself, both
 * checked on reading: any
 * number of runs, branches and versions can share a directory, and an entry that is damaged, cut short or
 * of another key is a miss (and is overwritten by the next result). Writes go to a temporary file renamed
 * into place, so a reader never sees half an entry. Nothing here throws: a store that cannot be read or
 * written is a store that misses.
 */
export class DiskParseStore implements ParseStore {
  private readonly maxBytes: number;
  /** Entries read or written by this process: pruning keeps them, as the next run will most likely want them. */
  private readonly used = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  private readonly queue: { file: string; bytes: Buffer }[] = [];
  private next = 0;
  private wrote = false;
  private readonly shards = new Set<string>();

  constructor(
    readonly dir: string,
    private readonly options: DiskParseStoreOptions,
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  get(key: ParseKey): ParseResult | undefined {
    const { id, file } = this.locate(key);
    try {
      const bytes = readFileSync(file);
      // A flipped bit that still deserializes would be a wrong result, not a miss: the digest rules it out.
      const body = bytes.subarray(DIGEST_BYTES);
      if (bytes.length <= DIGEST_BYTES || !digestOf(body).equals(bytes.subarray(0, DIGEST_BYTES))) return undefined;
      const [storedId, payload] = deserialize(body) as [unknown, unknown];
      if (storedId !== id) return undefined;
      const result = key.kind === "terraform" ? decodeTerraformFileResult(payload as string, key.path) : (payload as ParseResult);
      this.used.add(file);
      return result;
    } catch {
      return undefined;
    }
  }

  put(key: ParseKey, result: ParseResult): void {
    const { id, file, shard } = this.locate(key);
    let bytes: Buffer;
    try {
      const payload = key.kind === "terraform" ? encodeTerraformFileResult(result as TerraformFileResult, key.path) : result;
      const body = serialize([id, payload]);
      bytes = Buffer.concat([digestOf(body), body]);
      if (!this.shards.has(shard)) {
        mkdirSync(shard, { recursive: true });
        this.shards.add(shard);
      }
    } catch {
      return;
    }
    this.used.add(file);
    this.wrote = true;
    this.queue.push({ file, bytes });
    this.pump();
  }

  /** Waits for the writes under way and queued. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Starts queued writes, a few at a time: tens of thousands at once run out of file descriptors. */
  private pump(): void {
    while (this.pending.size < WRITES_IN_FLIGHT && this.next < this.queue.length) {
      const { file, bytes } = this.queue[this.next]!;
      // Drop what was taken, in one go now and then (a shift per write would move the whole queue).
      this.queue[this.next++] = undefined!;
      if (this.next === this.queue.length) this.queue.length = this.next = 0;
      const temp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
      const write: Promise<void> = writeFile(temp, bytes)
        .then(() => rename(temp, file))
        .catch(() => unlink(temp).catch(() => undefined))
        .finally(() => {
          this.pending.delete(write);
          this.pump();
        });
      this.pending.add(write);
    }
  }

  /**
   * Brings the directory back under its bound: entries this process did not use go first, oldest first,
   * then the others if need be. Also removes temporary files left by processes that died while writing.
   */
  async prune(): Promise<void> {
    await this.settle();
    // Only writes grow the directory: a run that found everything leaves it as it was (and listing tens of
    // thousands of entries costs most of a second).
    if (!this.wrote) return;
    const entries: { file: string; bytes: number; mtimeMs: number; used: boolean }[] = [];
    let total = 0;
    let shards: string[];
    try {
      shards = await readdir(this.dir);
    } catch {
      return;
    }
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      let names: string[];
      try {
        names = await readdir(join(this.dir, shard));
      } catch {
        continue;
      }
      for (const name of names) {
        const file = join(this.dir, shard, name);
        try {
          const info = await stat(file);
          if (name.endsWith(".tmp")) {
            if (Date.now() - info.mtimeMs > STALE_TEMP_MS) await unlink(file);
            continue;
          }
          entries.push({ file, bytes: info.size, mtimeMs: info.mtimeMs, used: this.used.has(file) });
          total += info.size;
        } catch {
          // removed by another process meanwhile
        }
      }
    }
    if (total <= this.maxBytes) return;
    entries.sort((a, b) => Number(a.used) - Number(b.used) || a.mtimeMs - b.mtimeMs);
    for (const entry of entries) {
      if (total <= this.maxBytes) break;
      try {
        await unlink(entry.file);
      } catch {
        // already gone
      }
      total -= entry.bytes;
    }
  }

  private locate(key: ParseKey): { id: string; file: string; shard: string } {
    const id = `${this.options.parserVersion}\u0000${key.kind}\u0000${key.path}\u0000${key.digest}`;
    const hash = createHash("sha256").update(id).digest("hex");
    const shard = join(this.dir, hash.slice(0, 2));
    return { id, file: join(shard, hash.slice(2)), shard };
  }
}

import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { crc32 } from "node:zlib";
import type { ParseKey, ParseResult, ParseStore } from "../engine/parse-files.js";
import type { TerraformFileResult } from "../parsers/terraform/parse-terraform.js";
import { decodeTerraformFileResult, encodeTerraformFileResult } from "../parsers/terraform/terraform-wire.js";

/** Default bound of a store directory: well above the 30,000-service benchmark's ~30 MiB pack. */
export const DEFAULT_MAX_BYTES = 512 * 2 ** 20;

/** A temporary file older than this was left by a process that died while writing: it is removed. */
const STALE_TEMP_MS = 10 * 60 * 1000;

/** The first bytes of a pack: the format, which a change of layout bumps. */
const MAGIC = Buffer.from("netpol-guard parse pack 1\n");

/** After the magic: the index's length and its CRC-32, 4 bytes each. */
const HEADER_BYTES = MAGIC.length + 8;

/** One entry of a pack's index: its key, where its bytes are (after the index), their checksum, when last used. */
type IndexRow = [key: string, offset: number, length: number, crc: number, usedAt: number];

interface PackIndex {
  parserVersion: string;
  entries: IndexRow[];
}

/** An entry known to this store: in a pack read from the directory, or put by this process. */
interface Entry {
  bytes: Buffer;
  /** The pack file's bytes that `bytes` are part of (for an entry put by this process, its own bytes). */
  pack: Buffer;
  crc: number;
  usedAt: number;
  used: boolean;
  /** Decoded ahead of the question (`preload`), until it is asked. */
  decoded?: ParseResult;
}

export interface DiskParseStoreOptions {
  /** Keys every entry (see parserVersionKey). */
  parserVersion: string;
  /** The directory is pruned back under this many bytes of packs. */
  maxBytes?: number;
  /** The clock, for the age of entries and temporary files (tests). */
  now?: () => number;
}

/**
 * Parse results kept in a directory between processes, so that a later process (a CI run that restored
 * the directory) parses only what it has never seen. The directory holds packs: one file per run that
 * parsed something, holding every result that run used, with an index of their keys (the parser version,
 * the kind of parser, the path and the git blob SHA) at its start. A process reads the packs of its parser
 * version at its first question (one read each, packs of other versions are never opened) and decodes an
 * entry only when it is asked for it, after checking the entry's CRC-32: any number of runs, branches and
 * versions can share a directory, and an entry or index that is damaged, cut short or of another key is a
 * miss (and is written again by the next run that parses it). A pack is written to a temporary file renamed
 * into place, so a reader never sees half of one; the run that writes it removes the packs it read, whose
 * entries it carried over, so a directory used by one run at a time holds one pack. Nothing here throws: a
 * store that cannot be read or written is a store that misses.
 */
export class DiskParseStore implements ParseStore {
  private readonly maxBytes: number;
  private readonly now: () => number;
  /** The packs of this parser version: the prefix of their names. */
  private readonly prefix: string;
  private entries: Map<string, Entry> | null = null;
  /** The packs the entries were read from (to remove once a new pack carries them). */
  private loaded: string[] = [];
  /** Entries put since the last write. */
  private fresh = 0;

  constructor(
    readonly dir: string,
    private readonly options: DiskParseStoreOptions,
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.now = options.now ?? Date.now;
    this.prefix = createHash("sha256").update(options.parserVersion).digest("hex").slice(0, 16);
  }

  get(key: ParseKey): ParseResult | undefined {
    const id = idOf(key);
    const entry = this.load().get(id);
    if (entry === undefined) return undefined;
    const result = entry.decoded ?? this.decode(id, entry, key.kind, key.path);
    if (result === undefined) return undefined;
    // Handed over once: whoever asked keeps it (the parse cache), and the store does not hold it twice.
    entry.decoded = undefined;
    entry.used = true;
    return result;
  }

  /**
   * Reads the packs and decodes, ahead of the questions, the entries the run that wrote each pack used (the
   * ones most likely asked for again: a CI run restores the cache of the commit before). A judge worker does
   * this while the thread that will send it the job still reads git (see prepareJudgeWorker), so that
   * decoding is off the judgement's path; what it decodes and is never asked for is only memory. Returns
   * how many results it decoded.
   */
  preload(): number {
    const newest = new Map<Buffer, number>();
    for (const entry of this.load().values()) newest.set(entry.pack, Math.max(newest.get(entry.pack) ?? 0, entry.usedAt));
    let count = 0;
    for (const [id, entry] of this.entries!) {
      if (entry.usedAt !== newest.get(entry.pack)) continue;
      const [kind, path] = id.split("\u0000") as [ParseKey["kind"], string];
      entry.decoded = this.decode(id, entry, kind, path);
      if (entry.decoded !== undefined) count++;
    }
    return count;
  }

  /** The entry's result, or undefined (and the entry forgotten) when it is damaged. */
  private decode(id: string, entry: Entry, kind: ParseKey["kind"], path: string): ParseResult | undefined {
    try {
      // A flipped bit that still decodes would be a wrong result, not a miss: the CRC rules it out.
      if (checksumOf(id, entry.bytes) !== entry.crc) throw new Error("damaged");
      return kind === "terraform" ? decodeTerraformFileResult(entry.bytes.toString("utf8"), path) : (deserialize(entry.bytes) as ParseResult);
    } catch {
      // Never carried into the next pack: the next run parses it again.
      this.entries!.delete(id);
      return undefined;
    }
  }

  put(key: ParseKey, result: ParseResult): void {
    let bytes: Buffer;
    try {
      bytes = key.kind === "terraform" ? Buffer.from(encodeTerraformFileResult(result as TerraformFileResult, key.path), "utf8") : serialize(result);
    } catch {
      return;
    }
    const id = idOf(key);
    this.load().set(id, { bytes, pack: bytes, crc: checksumOf(id, bytes), usedAt: this.now(), used: true });
    this.fresh++;
  }

  /** The entries this store holds (read from its packs or put), damaged ones included until asked for. */
  get size(): number {
    return this.load().size;
  }

  /** Writes what was put since the last write (see `prune`). */
  async settle(): Promise<void> {
    this.save();
  }

  /**
   * Writes one pack of what this process used, and of the other entries of the packs it read as far as the
   * bound allows (the most recently used first), then removes the packs it read and, oldest first, other
   * packs until the directory is under its bound. Also removes temporary files left by processes that died
   * while writing. A run that put nothing, and found one pack or none, leaves the directory as it was.
   */
  async prune(): Promise<void> {
    this.save();
  }

  private save(): void {
    if (this.entries === null || (this.fresh === 0 && this.loaded.length <= 1)) return;
    const now = this.now();
    const ranked = [...this.entries].map(([id, entry]) => ({ id, entry, usedAt: entry.used ? now : entry.usedAt }));
    // What this process used first, then the others, most recently used first; kept while under the bound.
    ranked.sort((a, b) => Number(b.entry.used) - Number(a.entry.used) || b.usedAt - a.usedAt);
    const kept: IndexRow[] = [];
    const bodies: Buffer[] = [];
    let offset = 0;
    let bytes = HEADER_BYTES;
    for (const { id, entry, usedAt } of ranked) {
      // Roughly what the entry adds to the index: its key and four numbers.
      const cost = entry.bytes.length + id.length + 48;
      if (bytes + cost > this.maxBytes) continue;
      bytes += cost;
      kept.push([id, offset, entry.bytes.length, entry.crc, usedAt]);
      bodies.push(entry.bytes);
      offset += entry.bytes.length;
    }
    const index: PackIndex = { parserVersion: this.options.parserVersion, entries: kept };
    const indexBytes = Buffer.from(JSON.stringify(index), "utf8");
    const header = Buffer.alloc(8);
    header.writeUInt32LE(indexBytes.length, 0);
    header.writeUInt32LE(crc32(indexBytes), 4);
    const pack = Buffer.concat([MAGIC, header, indexBytes, ...bodies]);
    const name = `${this.prefix}-${now.toString(36)}-${randomBytes(6).toString("hex")}.pack`;
    const file = join(this.dir, name);
    const temp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(temp, pack);
      renameSync(temp, file);
    } catch {
      remove(temp);
      return;
    }
    for (const old of this.loaded) remove(join(this.dir, old));
    // The store now stands for the pack it wrote: a later write carries it over, and removes it, the same way.
    this.loaded = [name];
    this.fresh = 0;
    this.entries = entriesOf(pack, HEADER_BYTES + indexBytes.length, kept, false);
    this.bound(name);
  }

  /**
   * Removes stale temporary files and what the store's first layout left (see `removeFirstLayout`), then packs
   * other than `keep`, oldest first, while over the bound.
   */
  private bound(keep: string): void {
    const packs: { name: string; bytes: number; mtimeMs: number }[] = [];
    let total = 0;
    for (const name of list(this.dir)) {
      if (FIRST_LAYOUT_SHARD.test(name)) {
        removeFirstLayout(join(this.dir, name));
        continue;
      }
      try {
        const info = statSync(join(this.dir, name));
        if (name.endsWith(".tmp")) {
          if (this.now() - info.mtimeMs > STALE_TEMP_MS) remove(join(this.dir, name));
        } else if (name.endsWith(".pack")) {
          total += info.size;
          if (name !== keep) packs.push({ name, bytes: info.size, mtimeMs: info.mtimeMs });
        }
      } catch {
        // removed by another process meanwhile
      }
    }
    packs.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const pack of packs) {
      if (total <= this.maxBytes) break;
      remove(join(this.dir, pack.name));
      total -= pack.bytes;
    }
  }

  /** The entries of this version's packs, read at the first question (newer packs win a key both hold). */
  private load(): Map<string, Entry> {
    if (this.entries !== null) return this.entries;
    const entries = new Map<string, Entry>();
    const names = list(this.dir)
      .filter((name) => name.startsWith(`${this.prefix}-`) && name.endsWith(".pack"))
      .sort();
    for (const name of names) {
      const read = readPack(join(this.dir, name), this.options.parserVersion);
      // A pack of this version that cannot be read holds nothing: the next write removes it with the others.
      this.loaded.push(name);
      if (read === null) continue;
      for (const [id, entry] of read) entries.set(id, entry);
    }
    this.entries = entries;
    return entries;
  }
}

/** A folder of the first layout: the first two hex digits of an entry's hash. */
const FIRST_LAYOUT_SHARD = /^[0-9a-f]{2}$/;
/** A file of the first layout: the other 62 hex digits, or a temporary file being written under that name. */
const FIRST_LAYOUT_ENTRY = /^[0-9a-f]{62}(\.[0-9]+-[0-9a-f]{8}\.tmp)?$/;

/**
 * The store first kept one file per result, in folders named by the first two hex digits of its hash. Those
 * are never read now, and a CI cache restored from before would carry them (up to the old bound of 512 MiB)
 * forever: a run that writes a pack removes them. Only files named as that layout named them are removed,
 * and a folder only when nothing else is left in it, so a directory shared with anything else keeps it.
 */
function removeFirstLayout(shard: string): void {
  for (const name of list(shard)) if (FIRST_LAYOUT_ENTRY.test(name)) remove(join(shard, name));
  try {
    rmdirSync(shard);
  } catch {
    // not empty, not a folder, or already gone
  }
}

/** The entries of a pack, or null when it cannot be read, is not a pack of this format, or is of another version. */
function readPack(file: string, parserVersion: string): Map<string, Entry> | null {
  try {
    const pack = readFileSync(file);
    if (pack.length < HEADER_BYTES || !pack.subarray(0, MAGIC.length).equals(MAGIC)) return null;
    const indexLength = pack.readUInt32LE(MAGIC.length);
    const indexBytes = pack.subarray(HEADER_BYTES, HEADER_BYTES + indexLength);
    if (indexBytes.length !== indexLength || crc32(indexBytes) !== pack.readUInt32LE(MAGIC.length + 4)) return null;
    const index = JSON.parse(indexBytes.toString("utf8")) as PackIndex;
    if (index.parserVersion !== parserVersion || !Array.isArray(index.entries)) return null;
    return entriesOf(pack, HEADER_BYTES + indexLength, index.entries, true);
  } catch {
    return null;
  }
}

/** The entries an index describes, as views of the pack's bytes; an entry past the end (a pack cut short) is left out. */
function entriesOf(pack: Buffer, start: number, rows: IndexRow[], check: boolean): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const row of rows) {
    const [id, offset, length, crc, usedAt] = row;
    if (check && !(typeof id === "string" && Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0)) continue;
    if (start + offset + length > pack.length) continue;
    entries.set(id, { bytes: pack.subarray(start + offset, start + offset + length), pack, crc, usedAt, used: false });
  }
  return entries;
}

/** An entry's CRC-32 covers its key too: an index row that points at another entry's bytes is a miss. */
function checksumOf(id: string, bytes: Buffer): number {
  return crc32(bytes, crc32(id));
}

function idOf(key: ParseKey): string {
  return `${key.kind}\u0000${key.path}\u0000${key.digest}`;
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function remove(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/**
 * Reads the files of a commit out of the gzip'd tarball GitHub serves for it, keeping only the files the
 * caller wants, and only when their bytes are the blob the commit's tree names: an archive is not the
 * tree (`.gitattributes` can leave a file out with `export-ignore`, or rewrite it with `export-subst`), so
 * a file missing from it, changed in it, or not a regular file in it is simply not returned, and the caller
 * reads it another way or reports it unreadable. Never trusted for what it leaves out.
 */
import { createHash } from "node:crypto";
import { Parser, type ReadEntry } from "tar";

/** The git object id of a blob with these bytes (`git hash-object`). */
export function gitBlobSha(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** The archive holds more file content than the bound: it is not the commit the tree describes. */
export class TarballTooLargeError extends Error {
  constructor(maxBytes: number) {
    super(`the archive holds more than the ${maxBytes} bytes of files its commit's tree lists`);
    this.name = "TarballTooLargeError";
  }
}

/**
 * The wanted files (path -> expected blob SHA) found in the archive with that SHA, as bytes. `maxBytes`
 * bounds the file content read, all entries counted (the tree's total size, with some room). GitHub puts
 * every path under one top-level directory (`owner-repo-sha/`), which is dropped.
 */
export async function readTarball(chunks: AsyncIterable<Uint8Array>, wanted: ReadonlyMap<string, string>, maxBytes: number): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  let total = 0;
  let failure: Error | null = null;
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      total += entry.size;
      if (total > maxBytes) failure ??= new TarballTooLargeError(maxBytes);
      const path = entry.path.split("/").slice(1).join("/");
      const sha = wanted.get(path);
      // A link, a directory, or a path nobody asked for: skipped. Only a regular file can be a blob.
      if (failure !== null || sha === undefined || entry.type !== "File") {
        entry.resume();
        return;
      }
      const parts: Buffer[] = [];
      entry.on("data", (chunk: Buffer) => parts.push(chunk));
      entry.on("end", () => {
        const bytes = Buffer.concat(parts);
        if (gitBlobSha(bytes) === sha) found.set(path, bytes);
      });
    },
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on("end", resolve);
    parser.on("error", reject);
  });
  for await (const chunk of chunks) {
    if (failure !== null) break;
    parser.write(Buffer.from(chunk));
  }
  parser.end();
  await done;
  if (failure !== null) throw failure;
  return found;
}

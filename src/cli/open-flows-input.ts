import { createReadStream } from "node:fs";
import { pipeline, Readable } from "node:stream";
import { createGunzip } from "node:zlib";

/**
 * The bytes of a flows file (`-`: `stdin`), gunzipped when they are gzip (by their magic bytes, whatever
 * the name). Read in large chunks: a day of Hubble flows runs to gigabytes.
 */
export async function* openFlowsInput(path: string, stdin: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const source: AsyncIterable<Uint8Array> = path === "-" ? stdin : createReadStream(path, { highWaterMark: 1 << 20 });
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const rest = { [Symbol.asyncIterator]: () => iterator };
  const head = first.value;
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield head;
    yield* rest;
    return;
  }
  const all = async function* (): AsyncGenerator<Uint8Array> {
    yield head;
    yield* rest;
  };
  // pipeline: an error of the source (or corrupt gzip) ends the iteration with that error.
  yield* pipeline(Readable.from(all(), { objectMode: false }), createGunzip({ chunkSize: 1 << 20 }), () => undefined);
}

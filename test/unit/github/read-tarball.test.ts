import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { create } from "tar";
import { afterAll, describe, expect, it } from "vitest";
import { gitBlobSha, readTarball, TarballTooLargeError } from "../../../src/github/read-tarball.js";

const dir = mkdtempSync(join(tmpdir(), "netpol-tarball-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A gzip'd tarball of `files` under `acme-infra-abc1234/`, as GitHub lays its archives out. */
async function archive(files: Record<string, string>, links: Record<string, string> = {}): Promise<Buffer> {
  const root = mkdtempSync(join(dir, "a-"));
  const top = join(root, "acme-infra-abc1234");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(top, path, ".."), { recursive: true });
    writeFileSync(join(top, path), text);
  }
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(join(top, path, ".."), { recursive: true });
    symlinkSync(target, join(top, path));
  }
  const chunks: Buffer[] = [];
  for await (const chunk of create({ gzip: true, cwd: root, portable: true }, ["acme-infra-abc1234"])) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

describe("readTarball", () => {
  it("keeps the wanted regular files whose bytes are the tree's blob, and nothing else", async () => {
    const a = "kind: NetworkPolicy\n";
    const bytes = await archive({ "k/a.yaml": a, "k/b.yaml": "rewritten\n", "k/other.yaml": "x\n" }, { "k/link.yaml": "a.yaml" });
    const wanted = new Map([
      ["k/a.yaml", gitBlobSha(Buffer.from(a))],
      ["k/b.yaml", gitBlobSha(Buffer.from("original\n"))],
      ["k/link.yaml", gitBlobSha(Buffer.from(a))],
      ["k/missing.yaml", gitBlobSha(Buffer.from("y\n"))],
    ]);
    const found = await readTarball(Readable.from([bytes]), wanted, 1_000_000);
    expect([...found.keys()]).toEqual(["k/a.yaml"]);
    expect(Buffer.from(found.get("k/a.yaml")!).toString("utf8")).toBe(a);
  });

  it("refuses an archive with more file content than the tree lists", async () => {
    const bytes = await archive({ "k/a.yaml": "a".repeat(5_000) });
    await expect(readTarball(Readable.from([bytes]), new Map(), 4_000)).rejects.toBeInstanceOf(TarballTooLargeError);
  });

  it("hashes like git", () => {
    expect(gitBlobSha(Buffer.from("hello\n"))).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
  });
});

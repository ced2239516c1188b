import { describe, expect, it } from "vitest";
import type { SnapshotFile } from "../../../src/model/snapshot-file.js";
import { packJob, unpackJob } from "../../../src/parse-pool/pack-job.js";

const file = (path: string, text: string | null, digest: string, unreadable?: string): SnapshotFile => ({ path, kind: "kubernetes", text, digest, ...(unreadable ? { unreadable } : {}) });

describe("packJob", () => {
  const base = [file("a.yaml", "a", "da"), file("b.yaml", "b", "db"), file("big.yaml", null, "dbig", "it is 2000000 bytes, over the 1 MiB limit")];
  const head = [file("a.yaml", "a", "da"), file("moved/b.yaml", "b", "db"), file("b.yaml", "b2", "db2"), file("big.yaml", null, "dbig", "it is 2000000 bytes, over the 1 MiB limit")];
  const job = { base: { files: base, configText: "x: 1\n" }, head: { files: head, configText: null }, views: {} };

  it("sends a head text the base has only once, and the worker gets the job back as it was", () => {
    const packed = packJob(job);
    expect(packed.head.files.map((f) => f.text)).toEqual([null, null, "b2", null]);
    expect(packed.base).toBe(job.base);
    expect(unpackJob(structuredClone(packed))).toEqual(job);
  });

  it("leaves a job of one ref as it is", () => {
    const one = { base: null, head: job.head, views: {} };
    expect(packJob(one)).toBe(one);
    expect(unpackJob(one)).toBe(one);
  });
});

import { describe, expect, it } from "vitest";
import type { SnapshotFile } from "../../../src/model/snapshot-file.js";
import type { JudgeJob } from "../../../src/parse-pool/judge-job.js";
import { TextStore } from "../../../src/parse-pool/text-store.js";

const file = (path: string, text: string | null, unreadable?: string): SnapshotFile => ({ path, kind: "kubernetes", text, digest: `d:${text ?? path}`, ...(unreadable ? { unreadable } : {}) });
const job = (base: SnapshotFile[], head: SnapshotFile[]): JudgeJob => ({ base: { files: base, configText: "x: 1\n" }, head: { files: head, configText: null }, views: {} });
const sentTexts = (j: JudgeJob): (string | null)[] => [...(j.base?.files ?? []), ...j.head.files].map((f) => f.text);

describe("TextStore", () => {
  it("sends each text once, then only what changed, and the worker gets every job back as it was", () => {
    const sender = new TextStore(1000);
    const worker = new TextStore(1000);
    const big = file("big.yaml", null, "it is 2000000 bytes, over the 1 MiB limit");
    const first = job([file("a.yaml", "aaa"), file("b.yaml", "bbb"), big], [file("a.yaml", "aaa"), file("moved/b.yaml", "bbb"), file("c.yaml", "ccc"), big]);
    const packed = sender.pack(first);
    expect(sentTexts(packed)).toEqual(["aaa", "bbb", null, null, null, "ccc", null]);
    expect(worker.unpack(structuredClone(packed))).toEqual(first);
    // The next push: the base again, a head with one new file.
    const next = job(first.base!.files, [...first.head.files, file("d.yaml", "ddd")]);
    const packedNext = sender.pack(next);
    expect(sentTexts(packedNext)).toEqual([null, null, null, null, null, null, null, "ddd"]);
    expect(worker.unpack(structuredClone(packedNext))).toEqual(next);
  });

  it("stays in step past its bound: what it dropped is sent again", () => {
    const sender = new TextStore(6);
    const worker = new TextStore(6);
    const texts = ["aaa", "bbb", "ccc", "aaa", "ddd", "bbb", "aaa"];
    for (const text of texts) {
      const j = job([], [file(`${text}.yaml`, text)]);
      expect(worker.unpack(structuredClone(sender.pack(j)))).toEqual(j);
    }
    // Two texts of three characters fit: each one dropped was sent again when it came back; the last two are held.
    const again = sender.pack(job([], [file("x.yaml", "aaa"), file("y.yaml", "bbb")]));
    expect(sentTexts(again)).toEqual([null, null]);
  });

  it("a worker that does not hold a text it is told it holds fails the judgement, never guesses", () => {
    const sender = new TextStore();
    sender.pack(job([file("a.yaml", "aaa")], []));
    const packed = sender.pack(job([file("a.yaml", "aaa")], []));
    expect(() => new TextStore().unpack(packed)).toThrow("does not hold the text of a.yaml");
  });
});

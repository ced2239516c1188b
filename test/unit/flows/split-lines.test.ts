import { describe, expect, it } from "vitest";
import { splitLines } from "../../../src/flows/split-lines.js";
import { parseDuration } from "../../../src/flows/parse-duration.js";

async function collect(chunks: string[] | Uint8Array[]): Promise<string[]> {
  const bytes = chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c));
  const out: string[] = [];
  for await (const lines of splitLines(bytes)) out.push(...lines);
  return out;
}

describe("splitLines", () => {
  it("joins lines split across chunks, drops \\r of CRLF, keeps a last line without a newline", async () => {
    expect(await collect(["{\"a\":1}\r\n{\"b\"", ":2}\n", "", "\nlast"])).toEqual(['{"a":1}', '{"b":2}', "", "last"]);
  });

  it("decodes a multi-byte character split between chunks", async () => {
    const bytes = Buffer.from("héllo\nwörld\n");
    expect(await collect([bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)])).toEqual(["héllo", "wörld"]);
  });
});

describe("parseDuration", () => {
  it("reads s, m, h, d and their sums; refuses the rest", () => {
    expect(parseDuration("24h")).toBe(86_400_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("7d")).toBe(604_800_000);
    expect(parseDuration("45s")).toBe(45_000);
    for (const bad of ["", "24", "h", "1w", "-1h", "0h", "1.5h"]) expect(parseDuration(bad)).toBeNull();
  });
});

/**
 * The production image must run a Node line that still gets security fixes. The Dockerfile's FROM lines
 * (with their ARG defaults resolved) must each name an official `node` image of an LTS line that is
 * supported today: past its LTS start and before its end of life. A line missing from the table below
 * fails too, so that a bump to a new line makes someone look up its dates.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** Node release lines that become LTS, with the dates from https://github.com/nodejs/release#release-schedule. */
const LTS_LINES: Record<number, { lts: string; endOfLife: string }> = {
  18: { lts: "2022-10-25", endOfLife: "2025-04-30" },
  20: { lts: "2023-10-24", endOfLife: "2026-04-30" },
  22: { lts: "2024-10-29", endOfLife: "2027-04-30" },
  24: { lts: "2025-10-28", endOfLife: "2028-04-30" },
  26: { lts: "2026-10-28", endOfLife: "2029-04-30" },
};

/** The base image of every FROM line, ARG defaults substituted; other stages (`FROM build`) left out. */
function readBaseImages(dockerfile: string): string[] {
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const images: string[] = [];
  for (const raw of dockerfile.split(/\r?\n/)) {
    const line = raw.trim();
    const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?/i.exec(line);
    if (arg) {
      if (arg[2] !== undefined) args.set(arg[1]!, arg[2].replace(/^"(.*)"$/, "$1"));
      continue;
    }
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!from) continue;
    const image = from[1]!.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => args.get(name) ?? "");
    if (!stages.has(image)) images.push(image);
    if (from[2]) stages.add(from[2]);
  }
  return images;
}

/** Why `image` is not a supported Node LTS on `today` (YYYY-MM-DD), or null when it is. */
function unsupportedReason(image: string, today: string): string | null {
  const match = /^(?:docker\.io\/)?(?:library\/)?node:(\d+)(?:[.\-@]|$)/.exec(image);
  if (!match) return `${image}: not an official node image pinned to a release line`;
  const major = Number(match[1]);
  const line = LTS_LINES[major];
  if (!line) return `${image}: Node ${major} is not a known LTS line (odd lines never are; add new ones to the table)`;
  if (today < line.lts) return `${image}: Node ${major} is not LTS before ${line.lts}`;
  if (today >= line.endOfLife) return `${image}: Node ${major} reached end of life on ${line.endOfLife}`;
  return null;
}

describe("the production image", () => {
  const dockerfile = readFileSync(new URL("../../Dockerfile", import.meta.url), "utf8");

  it("is built on a Node LTS line that is supported today", () => {
    const today = new Date().toISOString().slice(0, 10);
    const images = readBaseImages(dockerfile);
    expect(images.length).toBeGreaterThan(0);
    expect(images.map((image) => unsupportedReason(image, today))).toEqual(images.map(() => null));
  });

  it("reads ARG defaults and skips references to earlier stages", () => {
    const images = readBaseImages("ARG IMG=node:20-slim\nFROM ${IMG} AS build\nFROM build AS test\nFROM $IMG\n");
    expect(images).toEqual(["node:20-slim", "node:20-slim"]);
  });

  it("refuses an ended line, an odd line, an unpinned tag and another image", () => {
    expect(unsupportedReason("node:20-bookworm-slim", "2026-12-02")).toMatch(/end of life on 2026-04-30/);
    expect(unsupportedReason("node:25-slim", "2026-12-02")).toMatch(/not a known LTS line/);
    expect(unsupportedReason("node:lts-slim", "2026-12-02")).toMatch(/not an official node image pinned/);
    expect(unsupportedReason("debian:trixie", "2026-12-02")).toMatch(/not an official node image/);
    expect(unsupportedReason("node:26-trixie-slim", "2026-06-01")).toMatch(/not LTS before/);
    expect(unsupportedReason("node:26.3.1-trixie-slim", "2026-12-02")).toBeNull();
    expect(unsupportedReason("node:24-bookworm-slim", "2026-12-02")).toBeNull();
  });
});

/**
 * The summarize benchmark's input generator at a tiny size, so that it cannot rot: the export it writes is
 * read as real Hubble lines (with the garbage it plants), and the report renders. No timing is asserted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureFlows } from "../../bench/generate-flows.js";
import { renderFlowsReport } from "../../bench/measure-flows.js";
import { feedFlowsFile } from "../../src/cli/feed-flows-file.js";
import { FlowSummarizer } from "../../src/flows/flow-summarizer.js";

describe("summarize benchmark smoke test (20,000 lines)", () => {
  const dir = mkdtempSync(join(tmpdir(), "netpol-guard-flows-bench-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("generates a gzipped export that reads as Hubble flows, deterministically", async () => {
    const file = await ensureFlows(1, 20_000, dir);
    const summarizer = new FlowSummarizer();
    const noStdin = (async function* (): AsyncGenerator<Uint8Array> {})();
    await feedFlowsFile(file, noStdin, summarizer);
    const { stats } = summarizer;
    expect(stats.lines).toBe(20_000);
    expect(stats.garbage).toBe(2);
    expect(stats.replies).toBeGreaterThan(4_000);
    expect(stats.notL3L4).toBeGreaterThan(0);
    expect(stats.counted + stats.replies + stats.notL3L4 + stats.garbage).toBe(20_000);
    const summary = summarizer.summary();
    expect(summary.window).toEqual({ from: "2026-11-29T06:00:00.000Z", to: expect.stringMatching(/^2026-11-30T05:5/) });
    expect(summary.flows.some((f) => f.verdict === "DROPPED")).toBe(true);
    expect(renderFlowsReport({ lines: 20_000, gzipBytes: 1, wallMs: 100, cpuMs: 90, peakRssBytes: 1 })).toContain("| `flows summarize` wall, per 1,000,000 lines | < 20 s | 5.0 s | met |");
  });
});

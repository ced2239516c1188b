/**
 * The summarize case of the benchmark: `netpol-guard flows summarize` on a synthetic gzipped Hubble export
 * (bench/generate-flows.ts), a new process each run, for wall time, CPU time and peak memory.
 */
import { statSync } from "node:fs";
import { ensureFlows } from "./generate-flows.js";
import { median, spawnCli } from "./measure.js";

export interface FlowsResult {
  lines: number;
  gzipBytes: number;
  wallMs: number;
  cpuMs: number | null;
  peakRssBytes: number | null;
}

export async function measureFlows(cli: string, options: { seed: number; lines: number; runs: number; cacheRoot: string; log: (line: string) => void }): Promise<FlowsResult> {
  const file = await ensureFlows(options.seed, options.lines, options.cacheRoot);
  const runs = [];
  for (let i = 0; i < Math.max(1, options.runs); i++) {
    runs.push(await spawnCli(cli, ["flows", "summarize", file, "--out", "/dev/null"]));
    options.log(`  flows summarize run ${i + 1}: ${(runs[i]!.wallMs / 1000).toFixed(1)} s`);
  }
  const cpu = runs.map((r) => r.cpuMs).filter((c): c is number => c !== null);
  const rss = runs.map((r) => r.peakRssBytes).filter((c): c is number => c !== null);
  return {
    lines: options.lines,
    gzipBytes: statSync(file).size,
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: cpu.length > 0 ? median(cpu) : null,
    peakRssBytes: rss.length > 0 ? Math.max(...rss) : null,
  };
}

/** The summarize row for docs/performance.md, against its budget (1,000,000 lines: < 20 s, < 300 MiB). */
export function renderFlowsReport(r: FlowsResult): string {
  const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const verdict = (ok: boolean): string => (ok ? "met" : "**missed**");
  const perMillion = r.wallMs * (1_000_000 / r.lines);
  return [
    "| lines | gzipped | wall | CPU | peak RSS |",
    "|---:|---:|---:|---:|---:|",
    `| ${r.lines.toLocaleString("en")} | ${mib(r.gzipBytes)} | ${seconds(r.wallMs)} | ${r.cpuMs === null ? "?" : seconds(r.cpuMs)} | ${r.peakRssBytes === null ? "?" : mib(r.peakRssBytes)} |`,
    "",
    "| target | budget | measured | verdict |",
    "|---|---:|---:|---|",
    `| \`flows summarize\` wall, per 1,000,000 lines | < 20 s | ${seconds(perMillion)} | ${verdict(perMillion < 20_000)} |`,
    `| \`flows summarize\` peak memory | < 300 MiB | ${r.peakRssBytes === null ? "?" : mib(r.peakRssBytes)} | ${r.peakRssBytes === null ? "not measured" : verdict(r.peakRssBytes < 300 * 1024 * 1024)} |`,
  ].join("\n");
}

/** The benchmark's table, budget verdicts and machine description, as markdown. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import type { SizeResult } from "./measure.js";

export const COLUMNS = [
  "services",
  "files",
  "bytes",
  "read + parse (floor)",
  "engine",
  "engine / floor",
  "`check` wall",
  "`check` peak RSS",
  "`check --cache-dir`, warm",
  "warm re-judge (next push / re-run)",
  "API requests (first / re-run)",
] as const;

export const DOC_START = "<!-- bench:start -->";
export const DOC_END = "<!-- bench:end -->";

/** The budget of the issue. */
export const BUDGET = {
  checkWallMs: 10_000,
  checkPeakRssBytes: 2 ** 30,
  ratio: 1.0,
  growth: 12,
  warmMs: 300,
  apiFirst: 8,
  apiRerunReads: 0,
} as const;

function ms(value: number): string {
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 10) return `${value.toFixed(0)} ms`;
  return `${value.toFixed(1)} ms`;
}

function bytes(value: number): string {
  if (value >= 2 ** 30) return `${(value / 2 ** 30).toFixed(2)} GiB`;
  if (value >= 2 ** 20) return `${(value / 2 ** 20).toFixed(1)} MiB`;
  if (value >= 2 ** 10) return `${(value / 2 ** 10).toFixed(0)} KiB`;
  return `${value} B`;
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}

export function tableRow(r: SizeResult): string[] {
  return [
    count(r.services),
    count(r.files),
    bytes(r.bytes),
    `${ms(r.floorMs)} (${ms(r.floorReadMs)} + ${ms(r.floorParseMs)})`,
    ms(r.engineMs),
    r.ratio.toFixed(2),
    r.check ? `${ms(r.check.wallMs)}${r.check.cpuMs !== null ? ` (CPU ${ms(r.check.cpuMs)})` : ""}` : "n/a",
    r.check?.peakRssBytes != null ? bytes(r.check.peakRssBytes) : "n/a",
    r.cachedCheck ? `${ms(r.cachedCheck.wallMs)}${r.cachedCheck.cpuMs !== null ? ` (CPU ${ms(r.cachedCheck.cpuMs)})` : ""}` : "n/a",
    `${ms(r.warmMs)} / ${ms(r.rerunMs)}`,
    r.api ? `${r.api.first} / ${r.api.rerun}` : "n/a",
  ];
}

export function renderTable(results: SizeResult[]): string {
  const lines = [`| ${COLUMNS.join(" | ")} |`, `|${COLUMNS.map(() => "---:").join("|")}|`];
  for (const r of results) lines.push(`| ${tableRow(r).join(" | ")} |`);
  return lines.join("\n");
}

/** One line per budget target that the results can speak to: target, measured, met or missed by how much. */
export function renderBudget(results: SizeResult[]): string {
  const at = (n: number): SizeResult | undefined => results.find((r) => r.services === n);
  const big = at(30_000);
  const mid = at(3_000);
  const lines: string[] = [];
  const verdict = (ok: boolean, over: string): string => (ok ? "met" : `**missed** (${over})`);
  const times = (value: number, limit: number): string => `${(value / limit).toFixed(1)}x the target`;
  if (big?.check) {
    lines.push(`| \`check\` wall, 30,000 services, cold | < 10 s | ${ms(big.check.wallMs)} | ${verdict(big.check.wallMs < BUDGET.checkWallMs, times(big.check.wallMs, BUDGET.checkWallMs))} |`);
    if (big.check.peakRssBytes !== null) {
      lines.push(
        `| \`check\` peak memory, 30,000 services | < 1 GiB | ${bytes(big.check.peakRssBytes)} | ${verdict(big.check.peakRssBytes < BUDGET.checkPeakRssBytes, times(big.check.peakRssBytes, BUDGET.checkPeakRssBytes))} |`,
      );
    }
  }
  if (big) {
    lines.push(`| engine / floor, 30,000 services | <= 1.0 | ${big.ratio.toFixed(2)} | ${verdict(big.ratio <= BUDGET.ratio, times(big.ratio, BUDGET.ratio))} |`);
  }
  if (big && mid) {
    if (big.check && mid.check) {
      const g = big.check.wallMs / mid.check.wallMs;
      lines.push(`| growth 3,000 -> 30,000, \`check\` wall | <= 12x | ${g.toFixed(1)}x | ${verdict(g <= BUDGET.growth, times(g, BUDGET.growth))} |`);
    }
    if (big.check?.cpuMs != null && mid.check?.cpuMs != null) {
      const g = big.check.cpuMs / mid.check.cpuMs;
      lines.push(`| growth 3,000 -> 30,000, \`check\` CPU time | <= 12x | ${g.toFixed(1)}x | ${verdict(g <= BUDGET.growth, times(g, BUDGET.growth))} |`);
    }
    const f = big.floorMs / mid.floorMs;
    lines.push(`| growth 3,000 -> 30,000, floor | <= 12x | ${f.toFixed(1)}x | ${verdict(f <= BUDGET.growth, times(f, BUDGET.growth))} |`);
    const e = big.engineMs / mid.engineMs;
    lines.push(`| growth 3,000 -> 30,000, engine | <= 12x | ${e.toFixed(1)}x | ${verdict(e <= BUDGET.growth, times(e, BUDGET.growth))} |`);
  }
  if (big) {
    lines.push(`| warm re-judge, 5 services, 30,000 services | < 300 ms | ${ms(big.warmMs)} | ${verdict(big.warmMs < BUDGET.warmMs, times(big.warmMs, BUDGET.warmMs))} |`);
  }
  // Per size: a process that has cached nothing reads more of a larger repository.
  for (const r of results) {
    if (!r.api) continue;
    lines.push(`| API requests, first judgement (installation token included), ${count(r.services)} services | <= 8 | ${r.api.first} | ${verdict(r.api.first <= BUDGET.apiFirst, `${r.api.first - BUDGET.apiFirst} over`)} |`);
  }
  const api = big?.api ?? results.find((r) => r.api)?.api;
  lines.push(
    api
      ? `| API read requests, re-run of the same head | 0 | ${api.rerunReads} | ${verdict(api.rerunReads === 0, `${api.rerunReads} reads`)} |`
      : "| API requests, first judgement / reads on a re-run | <= 8 / 0 | n/a | not measured (run without --no-api) |",
  );
  if (lines.length === 0) return "";
  return ["| target | budget | measured | verdict |", "|---|---:|---:|---|", ...lines].join("\n");
}

/** The markers of the second shape's block in docs/performance.md. */
export const SERVICE_ROOTS_MARKERS = { start: "<!-- bench-service-roots:start -->", end: "<!-- bench-service-roots:end -->" };

/** The budget of issue 17, for the service-roots shape (one Terraform root per service). */
export const SERVICE_ROOTS_BUDGET = { bigWallMs: 5_000, bigPeakRssBytes: 600 * 2 ** 20, midWallMs: 1_500, cachedWallMs: 2_000 } as const;

/** The verdicts of the service-roots shape against issue 17's budget, as table lines (none without `check`). */
export function renderServiceRootsBudget(results: SizeResult[]): string {
  const big = results.find((r) => r.services === 30_000)?.check;
  const mid = results.find((r) => r.services === 3_000)?.check;
  const verdict = (value: number, limit: number): string => (value < limit ? "met" : `**missed** (${(value / limit).toFixed(1)}x the target)`);
  const lines: string[] = [];
  if (big) lines.push(`| \`check\` wall, 30,000 services, cold | < 5 s | ${ms(big.wallMs)} | ${verdict(big.wallMs, SERVICE_ROOTS_BUDGET.bigWallMs)} |`);
  if (big?.peakRssBytes != null) lines.push(`| \`check\` peak memory, 30,000 services | < 600 MiB | ${bytes(big.peakRssBytes)} | ${verdict(big.peakRssBytes, SERVICE_ROOTS_BUDGET.bigPeakRssBytes)} |`);
  if (mid) lines.push(`| \`check\` wall, 3,000 services, cold | < 1.5 s | ${ms(mid.wallMs)} | ${verdict(mid.wallMs, SERVICE_ROOTS_BUDGET.midWallMs)} |`);
  const cached = results.find((r) => r.services === 30_000)?.cachedCheck;
  if (cached) lines.push(`| \`check --cache-dir\` wall, 30,000 services, restored cache | < 2 s | ${ms(cached.wallMs)} | ${verdict(cached.wallMs, SERVICE_ROOTS_BUDGET.cachedWallMs)} |`);
  if (lines.length === 0) return "";
  return ["| target | budget | measured | verdict |", "|---|---:|---:|---|", ...lines].join("\n");
}

/** The machine: cores, memory, CPU model, Node.js and git versions. */
export function describeMachine(): string {
  let model = cpus()[0]?.model ?? "unknown CPU";
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line) model = line.split(":")[1]!.trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync("nproc", { encoding: "utf8" }).trim();
  } catch {
    // no nproc
  }
  let git = "git ?";
  try {
    git = execFileSync("git", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    // no git
  }
  return `${nproc} cores (nproc), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${model}, Node.js ${process.version}, ${git}, ${process.platform}/${process.arch}`;
}

/** The block written between the markers of docs/performance.md. */
export function renderReport(
  results: SizeResult[],
  meta: { seed: number; runs: number; date: string; machine: string },
  budgetOf: (results: SizeResult[]) => string = renderBudget,
): string {
  const budget = budgetOf(results);
  return [
    `Measured ${meta.date} with \`npm run bench -- --write\` (seed ${meta.seed}, medians of ${meta.runs} runs) on: ${meta.machine}.`,
    "",
    renderTable(results),
    "",
    ...(budget ? ["Budget (computed from the table above):", "", budget, ""] : []),
  ].join("\n");
}

/** Replaces what is between the markers of `doc` with `block`; the markers must be there. */
export function replaceBetweenMarkers(doc: string, block: string, markers = { start: DOC_START, end: DOC_END }): string {
  const start = doc.indexOf(markers.start);
  const end = doc.indexOf(markers.end);
  if (start < 0 || end < start) throw new Error(`the document has no ${markers.start} ... ${markers.end} markers`);
  return `${doc.slice(0, start + markers.start.length)}\n${block.trimEnd()}\n${doc.slice(end)}`;
}

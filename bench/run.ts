/**
 * The benchmark: `npm run bench [-- --sizes 300,3000,30000] [--shapes company-roots,service-roots] [--seed N]
 * [--runs N] [--write] [--no-build] [--no-check] [--no-api] [--json FILE] [--flow-lines N]`.
 *
 * For each shape and size, generates (or reuses, from .bench/) a synthetic infra repository with a pull request,
 * measures it (see measure.ts), and prints one markdown table per shape. `--write` puts each table, the
 * machine and the budget verdicts between its markers in docs/performance.md.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensureRepo, measureRepo, type SizeResult } from "./measure.js";
import { REPO_SHAPES, type RepoShape } from "./generate-repo.js";
import { describeMachine, renderBudget, renderReport, renderServiceRootsBudget, renderTable, replaceBetweenMarkers, SERVICE_ROOTS_MARKERS } from "./table.js";
import { measureFlows, renderFlowsReport } from "./measure-flows.js";

const FLOWS_MARKERS = { start: "<!-- bench-flows:start -->", end: "<!-- bench-flows:end -->" };

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Builds lib/ so that `check` runs the current sources; falls back to an existing lib/ if the build fails. */
function prepareCli(build: boolean): string | null {
  const cli = join(root, "lib", "cli.js");
  if (build) {
    process.stderr.write("building lib/ (npm run build)...\n");
    const result = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json")], {
      cwd: root,
      encoding: "utf8",
    });
    if (result.status !== 0) {
      process.stderr.write(`warning: the build failed; ${existsSync(cli) ? "using the existing lib/" : "the check columns are skipped"}\n${(result.stdout ?? "").slice(0, 2000)}\n`);
    }
  }
  return existsSync(cli) ? cli : null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "300,3000,30000" },
      shapes: { type: "string", default: REPO_SHAPES.join(",") },
      seed: { type: "string", default: "1" },
      runs: { type: "string", default: "3" },
      write: { type: "boolean", default: false },
      "no-build": { type: "boolean", default: false },
      "no-check": { type: "boolean", default: false },
      "no-api": { type: "boolean", default: false },
      json: { type: "string" },
      "flow-lines": { type: "string", default: "1000000" },
      cache: { type: "string", default: join(root, ".bench") },
    },
  });
  const sizes = values.sizes!.split(",").map((s) => Number(s.trim().replace(/_/g, "")));
  if (sizes.some((s) => !Number.isInteger(s) || s < 10)) throw new Error(`--sizes must be integers >= 10, got ${values.sizes}`);
  const shapes = values.shapes!.split(",").map((s) => s.trim()) as RepoShape[];
  if (shapes.some((s) => !REPO_SHAPES.includes(s))) throw new Error(`--shapes must be among ${REPO_SHAPES.join(", ")}, got ${values.shapes}`);
  const seed = Number(values.seed);
  const runs = Number(values.runs);
  const cli = values["no-check"] ? null : prepareCli(!values["no-build"]);
  const cacheRoot = values.cache!;
  mkdirSync(cacheRoot, { recursive: true });

  const byShape = new Map<RepoShape, SizeResult[]>();
  for (const shape of shapes) {
    const results: SizeResult[] = [];
    for (const services of sizes) {
      process.stderr.write(`\n${shape}, ${services} services: generating (or reusing) the repository...\n`);
      const t = performance.now();
      const repo = ensureRepo(seed, services, cacheRoot, shape);
      process.stderr.write(`  ${repo.dir}: ${repo.companies} companies, ${repo.teams} teams, ready in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
      const result = await measureRepo(repo, { runs, cli, api: !values["no-api"], log: (line) => process.stderr.write(line + "\n") });
      process.stderr.write(`  conclusion: ${result.conclusion}\n`);
      results.push(result);
    }
    byShape.set(shape, results);
    const budget = shape === "service-roots" ? renderServiceRootsBudget(results) : renderBudget(results);
    process.stdout.write(`\n${shape}:\n\n${renderTable(results)}\n\n${budget}\n`);
  }
  // The summarize case: a synthetic Hubble export through a spawned `flows summarize` (0 lines: skipped).
  const flowLines = Number(values["flow-lines"]);
  let flows: string | null = null;
  if (cli !== null && flowLines > 0) {
    process.stderr.write(`\nflows summarize: generating (or reusing) ${flowLines} Hubble lines...\n`);
    flows = renderFlowsReport(await measureFlows(cli, { seed, lines: flowLines, runs, cacheRoot, log: (line) => process.stderr.write(line + "\n") }));
    process.stdout.write(`\n${flows}\n`);
  }
  if (values.json) {
    const all = [...byShape].flatMap(([shape, results]) => results.map(({ judgement, ...rest }) => ({ shape, ...rest, findings: judgement.findings.length })));
    writeFileSync(values.json, JSON.stringify(all, null, 2) + "\n");
  }
  if (values.write) {
    const doc = join(root, "docs", "performance.md");
    const meta = { seed, runs, date: new Date().toISOString().slice(0, 10), machine: describeMachine() };
    let text = readFileSync(doc, "utf8");
    const companyRoots = byShape.get("company-roots");
    if (companyRoots) text = replaceBetweenMarkers(text, renderReport(companyRoots, meta));
    const serviceRoots = byShape.get("service-roots");
    if (serviceRoots) text = replaceBetweenMarkers(text, renderReport(serviceRoots, meta, renderServiceRootsBudget), SERVICE_ROOTS_MARKERS);
    if (flows !== null) text = replaceBetweenMarkers(text, `Measured ${new Date().toISOString().slice(0, 10)} (seed ${seed}, medians of ${runs} runs) on the machine above.\n\n${flows}`, FLOWS_MARKERS);
    writeFileSync(doc, text);
    process.stderr.write(`\nwrote the table to ${doc}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BOUNDARY_NAME_PREFIX, generateBoundary } from "../engine/generate-boundary.js";
import { renderBoundaryJson, renderBoundaryYaml } from "../report/render-boundary.js";
import { analyzeSnapshot, judgeSnapshots, snapshotInput } from "../engine/judge-snapshots.js";
import { ParseCache } from "../engine/parse-files.js";
import { ParsePool, prefillParseCache } from "../parse-pool/prefill-parse-cache.js";
import { openDiskParseStore } from "../parse-store/open-disk-parse-store.js";
import { renderExplain } from "../report/render-explain.js";
import { renderCheckJson, renderGraphJson } from "../report/render-json.js";
import { renderSummary } from "../report/render-summary.js";
import { renderText } from "../report/render-text.js";
import { renderTree } from "../report/render-tree.js";
import { GitError } from "../snapshot/read-local-snapshot.js";
import type { RefSnapshot } from "../snapshot/snapshot.js";
import { loadConfig, loadSnapshot } from "./load-ref.js";
import { addObservedFlows } from "../engine/add-observed-flows.js";
import { renderExplainFlows } from "../report/render-explain-flows.js";
import { observedFlowsOf } from "./observed-flows-of.js";
import { runFlowsSummarize } from "./run-flows-summarize.js";

export const USAGE = `Usage: netpol-guard <command> [options]

Commands:
  check   --base REF [--head REF] [--format text|markdown|json] [--timings] [--flows FILE] [--cache-dir DIR]
          Judge the change from REF to --head (default: the working tree). --timings: where the time
          went (reading, parsing, judging), on stderr. --flows: observed Hubble flows (a summary or raw
          lines, .gz or - for stdin) to judge the change against; default: the base's observedFlows.path.
          --cache-dir: keep parse results in DIR (by blob SHA and parser version, at most 512 MiB), so
          that a later run parses only the files it has never seen.
          Exit 0 success, 1 failure, 3 action required (platform review), 2 usage or git error.
  graph   [--ref REF] [--format json]
          Namespaces (name, parent, company) and namespace-level connectivity at one ref.
  tree    [--ref REF] [COMPANY...]
          The company hierarchy, drawn like \`kubectl hns tree\`.
  explain NAMESPACE [--ref REF] [--flows FILE]
          Every policy that applies to NAMESPACE, where it comes from, and what it allows; with --flows,
          the traffic observed in and out of it and the allowed peers that saw none.
  flows summarize FILE... [--since DURATION] [--out FILE]
          Stream \`hubble observe --output json\` lines (plain, .gz, or - for stdin) into a summary:
          one entry per from/to/port/verdict. --since 24h keeps the flows of the last 24 hours.
  boundary [--ref REF] [--out DIR] [--format yaml|json]
          The runtime company boundary: one Admin-tier ClusterNetworkPolicy per company, on stdout or,
          with --out, one file per company (netpol-guard-boundary-COMPANY.yaml) in DIR.

Options:
  --repo DIR   the repository (default: .); without a ref, its files as they are on disk
  --help       this text
`;

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** What `-` reads (default: process.stdin). */
  stdin?: AsyncIterable<Uint8Array>;
  /** Whether stderr is a terminal: long reads then show their progress. */
  stderrIsTTY?: boolean;
  /** The clock, for `--since` (default: Date.now). */
  now?: () => number;
}

class UsageError extends Error {}

const EXIT = { success: 0, failure: 1, action_required: 3 } as const;

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        repo: { type: "string", default: "." },
        base: { type: "string" },
        head: { type: "string" },
        ref: { type: "string" },
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
        timings: { type: "boolean" },
        flows: { type: "string" },
        since: { type: "string" },
        out: { type: "string" },
        "cache-dir": { type: "string" },
      },
    });
  } catch (error) {
    io.stderr(`netpol-guard: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === "help") {
    io.stdout(USAGE);
    return 0;
  }
  if (command === "flows") {
    if (rest[0] !== "summarize") {
      io.stderr(`netpol-guard: flows has one subcommand, summarize (got ${rest[0] ?? "none"})\n\n${USAGE}`);
      return 2;
    }
    return runFlowsSummarize(rest.slice(1), { since: values.since, out: values.out }, io);
  }
  try {
    const repo = values.repo!;
    switch (command) {
      case "check": {
        if (!values.base) throw new UsageError("check needs --base REF");
        if (rest.length > 0) throw new UsageError(`check takes no arguments (got ${rest.join(" ")})`);
        const format = values.format ?? "text";
        if (!["text", "markdown", "json"].includes(format)) throw new UsageError(`--format must be text, markdown or json (got ${format})`);
        const { config } = await loadConfig(repo, values.base);
        const cacheDir = values["cache-dir"];
        const cache = new ParseCache(undefined, cacheDir === undefined ? undefined : openDiskParseStore(cacheDir));
        // The workers parse the base while the head is read; they are stopped whatever happens (a head that
        // cannot be read must not leave them keeping the process alive).
        const pool = new ParsePool(cache);
        const started = performance.now();
        let base: RefSnapshot;
        let head: RefSnapshot;
        let read = 0;
        try {
          base = await loadSnapshot(repo, values.base, config, { onListed: (bytes) => pool.expect(bytes) });
          pool.add(base.files);
          head = await loadSnapshot(repo, values.head ?? null, config, { known: base });
          read = performance.now();
          pool.add(head.files);
          await pool.finish();
        } finally {
          pool.close();
        }
        const parsed = performance.now();
        const change = await judgeSnapshots(snapshotInput(base), snapshotInput(head), cache);
        if (values.timings) {
          const ms = (a: number, b: number): string => `${Math.round(b - a)} ms`;
          const inWorkers = pool.stats.workers > 0 ? `${pool.stats.files} files parsed in ${pool.stats.workers} worker threads` : "no worker threads";
          io.stderr(
            `netpol-guard: read both refs ${ms(started, read)}; parsed until ${ms(started, parsed)} (${inWorkers}); judged ${ms(parsed, performance.now())} (parsing what was left included)\n`,
          );
        }
        const flows = await observedFlowsOf(values.flows, repo, values.base, config, io);
        if (flows === null) return 2;
        const judged = flows === undefined ? change : addObservedFlows(change, flows.read, flows.file);
        io.stdout(format === "json" ? renderCheckJson(judged.judgement) : format === "markdown" ? renderSummary(judged) : renderText(judged));
        return EXIT[judged.judgement.conclusion];
      }
      case "graph":
      case "tree":
      case "boundary":
      case "explain": {
        const ref = values.ref ?? null;
        const { config } = await loadConfig(repo, ref);
        const snapshot = await loadSnapshot(repo, ref, config);
        const cache = new ParseCache();
        await prefillParseCache([snapshot.files], cache);
        const judged = await analyzeSnapshot(snapshot, config, cache);
        if (command === "graph") {
          if ((values.format ?? "json") !== "json") throw new UsageError("graph supports --format json only");
          if (rest.length > 0) throw new UsageError("graph takes no arguments");
          io.stdout(renderGraphJson(judged.reach));
          return 0;
        }
        if (command === "boundary") {
          if (rest.length > 0) throw new UsageError("boundary takes no arguments");
          const format = values.format ?? "yaml";
          if (format !== "yaml" && format !== "json") throw new UsageError(`--format must be yaml or json (got ${format})`);
          const objects = generateBoundary(judged.model);
          if (values.out === undefined) {
            io.stdout(format === "json" ? renderBoundaryJson(objects) : renderBoundaryYaml(objects));
            return 0;
          }
          await mkdir(values.out, { recursive: true });
          for (const o of objects) {
            const file = join(values.out, `${BOUNDARY_NAME_PREFIX}${o.company}.${format}`);
            await writeFile(file, format === "json" ? renderBoundaryJson([o]) : renderBoundaryYaml([o]));
            io.stderr(`netpol-guard: wrote ${file}\n`);
          }
          return 0;
        }
        if (command === "tree") {
          const companies = rest.length > 0 ? rest : [...judged.model.hierarchy.companies];
          io.stdout(renderTree(judged.model.hierarchy, companies) + "\n");
          return companies.every((c) => judged.model.hierarchy.has(c)) ? 0 : 2;
        }
        if (rest.length !== 1) throw new UsageError("explain needs exactly one NAMESPACE");
        const text2 = renderExplain(judged, rest[0]!);
        if (text2 === null) {
          io.stderr(`netpol-guard: namespace ${rest[0]} is not known at ${ref ?? "the working tree"}\n`);
          return 2;
        }
        if (values.flows !== undefined) {
          const flows = await observedFlowsOf(values.flows, repo, ref, config, io);
          if (!flows || "error" in flows.read) return 2;
          io.stdout(`${text2}\n${renderExplainFlows(judged, rest[0]!, flows.read.observed)}`);
          return 0;
        }
        io.stdout(text2);
        return 0;
      }
      case undefined:
        throw new UsageError("no command given");
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`netpol-guard: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof GitError) {
      io.stderr(`netpol-guard: git: ${error.message}\n`);
      return 2;
    }
    io.stderr(`netpol-guard: internal error: ${(error as Error).message}\nThis is a bug in netpol-guard; nothing was judged.\n`);
    return 2;
  }
}

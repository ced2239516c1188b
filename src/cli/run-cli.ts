import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BOUNDARY_NAME_PREFIX, generateBoundary } from "../engine/generate-boundary.js";
import { renderBoundaryJson, renderBoundaryYaml } from "../report/render-boundary.js";
import { parseConfig } from "../config/parse-config.js";
import { analyzeSnapshot, judgeSnapshots } from "../engine/judge-snapshots.js";
import { ParseCache } from "../engine/parse-files.js";
import { ParsePool, prefillParseCache } from "../parse-pool/prefill-parse-cache.js";
import { initTerraformParser } from "../parsers/terraform/parse-terraform.js";
import { renderExplain } from "../report/render-explain.js";
import { renderCheckJson, renderGraphJson } from "../report/render-json.js";
import { renderSummary } from "../report/render-summary.js";
import { renderText } from "../report/render-text.js";
import { renderTree } from "../report/render-tree.js";
import { GitError } from "../snapshot/read-local-snapshot.js";
import type { RefSnapshot } from "../snapshot/snapshot.js";
import { loadConfig, loadSnapshot } from "./load-ref.js";

export const USAGE = `Usage: netpol-guard <command> [options]

Commands:
  check   --base REF [--head REF] [--format text|markdown|json] [--timings]
          Judge the change from REF to --head (default: the working tree). --timings: where the time
          went (reading, parsing, judging), on stderr.
          Exit 0 success, 1 failure, 3 action required (platform review), 2 usage or git error.
  graph   [--ref REF] [--format json]
          Namespaces (name, parent, company) and namespace-level connectivity at one ref.
  tree    [--ref REF] [COMPANY...]
          The company hierarchy, drawn like \`kubectl hns tree\`.
  explain NAMESPACE [--ref REF]
          Every policy that applies to NAMESPACE, where it comes from, and what it allows.
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
        out: { type: "string" },
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
  try {
    await initTerraformParser();
    const repo = values.repo!;
    switch (command) {
      case "check": {
        if (!values.base) throw new UsageError("check needs --base REF");
        if (rest.length > 0) throw new UsageError(`check takes no arguments (got ${rest.join(" ")})`);
        const format = values.format ?? "text";
        if (!["text", "markdown", "json"].includes(format)) throw new UsageError(`--format must be text, markdown or json (got ${format})`);
        const { config } = await loadConfig(repo, values.base);
        const cache = new ParseCache();
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
        const change = judgeSnapshots(base, head, cache);
        if (values.timings) {
          const ms = (a: number, b: number): string => `${Math.round(b - a)} ms`;
          const inWorkers = pool.stats.workers > 0 ? `${pool.stats.files} files parsed in ${pool.stats.workers} worker threads` : "no worker threads";
          io.stderr(
            `netpol-guard: read both refs ${ms(started, read)}; parsed until ${ms(started, parsed)} (${inWorkers}); judged ${ms(parsed, performance.now())} (parsing what was left included)\n`,
          );
        }
        io.stdout(format === "json" ? renderCheckJson(change.judgement) : format === "markdown" ? renderSummary(change) : renderText(change));
        return EXIT[change.judgement.conclusion];
      }
      case "graph":
      case "tree":
      case "boundary":
      case "explain": {
        const ref = values.ref ?? null;
        const { config, text } = await loadConfig(repo, ref);
        const snapshot = await loadSnapshot(repo, ref, config);
        const cache = new ParseCache();
        await prefillParseCache([snapshot.files], cache);
        const judged = analyzeSnapshot({ files: snapshot.files, configText: text }, parseConfig(text).config, cache);
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

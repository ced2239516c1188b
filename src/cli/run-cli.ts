import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BOUNDARY_NAME_PREFIX } from "../engine/generate-boundary.js";
import { readChange } from "../judging/read-change.js";
import { readRef } from "../judging/read-ref.js";
import type { ObservedInput } from "../parse-pool/judge-job.js";
import { OverBudgetError } from "../parse-pool/judge-within-budget.js";
import { renderBoundaryJson, renderBoundaryYaml } from "../report/render-boundary.js";
import { renderCheckJson } from "../report/render-json.js";
import { renderSummary } from "../report/render-summary.js";
import { renderText } from "../report/render-text.js";
import { folderRefReader } from "../snapshot/folder-ref-reader.js";
import { gitRefReader } from "../snapshot/git-ref-reader.js";
import { GitError } from "../snapshot/read-local-snapshot.js";
import type { RefReader } from "../snapshot/ref-reader.js";
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
          Exit 0 success, 1 failure (or over the time budget), 3 action required (platform review),
          2 usage or git error.
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
  --judge-seconds N
               the time budget of the judgement (default: limits.judgeSeconds of the config that
               judges, as in the app); past it, netpol-guard stops and says which file cost what
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

/** A `--flows` file that could not be read, already said on stderr: exit 2, nothing judged. */
class FlowsUnread extends Error {}

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
        "judge-seconds": { type: "string" },
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
    const seconds = judgeSeconds(values["judge-seconds"]);
    // The budget of the config that judges, as in the app, unless the command line sets one.
    const judge = { seconds, source: seconds === undefined ? undefined : "--judge-seconds", parseThreads: Math.min(4, availableParallelism()) };
    const reader = (ref: string | undefined): RefReader => (ref === undefined ? folderRefReader(repo) : gitRefReader(repo));
    // The observed flows at a ref (`--flows`, else its config's observedFlows.path), read before judging.
    const flowsAt = (ref: string | null) => async (config: Parameters<typeof observedFlowsOf>[3]): Promise<ObservedInput | undefined> => {
      const flows = await observedFlowsOf(values.flows, repo, ref, config, io);
      if (flows === null) throw new FlowsUnread();
      return flows;
    };
    switch (command) {
      case "check": {
        if (!values.base) throw new UsageError("check needs --base REF");
        if (rest.length > 0) throw new UsageError(`check takes no arguments (got ${rest.join(" ")})`);
        const format = values.format ?? "text";
        if (!["text", "markdown", "json"].includes(format)) throw new UsageError(`--format must be text, markdown or json (got ${format})`);
        // The app's own flow: the base's config, the files it watches at both refs, the judgement in a
        // judge worker under the budget (a large change parsed over several threads first).
        const base = gitRefReader(repo);
        const started = performance.now();
        let judging = started;
        const { change } = await readChange(
          { base, head: values.head === undefined ? folderRefReader(repo) : base },
          { base: values.base, head: values.head ?? "working tree" },
          { judge: { ...judge, cacheDir: values["cache-dir"] }, observed: flowsAt(values.base), onStep: (step) => void (step === "judge the change" && (judging = performance.now())) },
        );
        if (values.timings) {
          const ms = (n: number): string => `${Math.round(n)} ms`;
          const { stats } = change;
          const inWorkers = stats.threads > 0 ? `${stats.filesInThreads} files parsed in ${stats.threads} worker threads, ` : "";
          io.stderr(
            `netpol-guard: read both refs ${ms(judging - started)}; judged in ${ms(performance.now() - judging)}: parsing ${ms(stats.parseMs)} (${inWorkers}${stats.filesInWorker} files in the judge worker), modelling and rules ${ms(stats.judgeMs)}\n`,
          );
        }
        io.stdout(format === "json" ? renderCheckJson(change.judgement) : format === "markdown" ? renderSummary(change) : renderText(change));
        return EXIT[change.judgement.conclusion];
      }
      case "graph":
      case "tree":
      case "boundary":
      case "explain": {
        const ref = values.ref;
        const at = ref ?? "working tree";
        if (command === "graph") {
          if ((values.format ?? "json") !== "json") throw new UsageError("graph supports --format json only");
          if (rest.length > 0) throw new UsageError("graph takes no arguments");
          io.stdout((await readRef(reader(ref), at, { graph: true }, judge)).graph!);
          return 0;
        }
        if (command === "boundary") {
          if (rest.length > 0) throw new UsageError("boundary takes no arguments");
          const format = values.format ?? "yaml";
          if (format !== "yaml" && format !== "json") throw new UsageError(`--format must be yaml or json (got ${format})`);
          const objects = (await readRef(reader(ref), at, { boundary: true }, judge)).boundary!;
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
          const { tree } = await readRef(reader(ref), at, { tree: rest.length > 0 ? rest : null }, judge);
          io.stdout(tree!.text + "\n");
          return tree!.missing.length === 0 ? 0 : 2;
        }
        if (rest.length !== 1) throw new UsageError("explain needs exactly one NAMESPACE");
        // With --flows, what they say of the namespace is drawn with it.
        const observed = values.flows === undefined ? undefined : flowsAt(ref ?? null);
        const { explain } = await readRef(reader(ref), at, { explain: rest[0]! }, judge, observed);
        if (explain === null || explain === undefined) {
          io.stderr(`netpol-guard: namespace ${rest[0]} is not known at ${ref ?? "the working tree"}\n`);
          return 2;
        }
        io.stdout(explain);
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
    if (error instanceof FlowsUnread) return 2;
    if (error instanceof OverBudgetError) {
      // Not judged is never a pass.
      const costliest = error.parsed.slice(0, 5).map((f) => `  ${f.path}  ${f.bytes} bytes  ${(f.ms / 1000).toFixed(1)} s`);
      io.stderr(`netpol-guard: ${error.message}; nothing was judged.\n${costliest.length > 0 ? `Costliest files parsed:\n${costliest.join("\n")}\n` : ""}`);
      return 1;
    }
    if (error instanceof GitError) {
      io.stderr(`netpol-guard: git: ${error.message}\n`);
      return 2;
    }
    io.stderr(`netpol-guard: internal error: ${(error as Error).message}\nThis is a bug in netpol-guard; nothing was judged.\n`);
    return 2;
  }
}

/** The budget given on the command line, if any (whole seconds, at least 1). */
function judgeSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1) throw new UsageError(`--judge-seconds must be a whole number of seconds, at least 1 (got ${value})`);
  return seconds;
}

import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { readChange } from "../judging/read-change.js";
import { readRef } from "../judging/read-ref.js";
import { OverBudgetError } from "../parse-pool/judge-within-budget.js";
import { renderCheckJson } from "../report/render-json.js";
import { renderSummary } from "../report/render-summary.js";
import { renderText } from "../report/render-text.js";
import { folderRefReader } from "../snapshot/folder-ref-reader.js";
import { gitRefReader } from "../snapshot/git-ref-reader.js";
import { GitError } from "../snapshot/read-local-snapshot.js";
import type { RefReader } from "../snapshot/ref-reader.js";

export const USAGE = `Usage: netpol-guard <command> [options]

Commands:
  check   --base REF [--head REF] [--format text|markdown|json] [--timings]
          Judge the change from REF to --head (default: the working tree). --timings: where the time
          went (reading, parsing, judging), on stderr.
          Exit 0 success, 1 failure (or over the time budget), 3 action required (platform review),
          2 usage or git error.
  graph   [--ref REF] [--format json]
          Namespaces (name, parent, company) and namespace-level connectivity at one ref.
  tree    [--ref REF] [COMPANY...]
          The company hierarchy, drawn like \`kubectl hns tree\`.
  explain NAMESPACE [--ref REF]
          Every policy that applies to NAMESPACE, where it comes from, and what it allows.

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
        "judge-seconds": { type: "string" },
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
    const repo = values.repo!;
    const seconds = judgeSeconds(values["judge-seconds"]);
    // The budget of the config that judges, as in the app, unless the command line sets one.
    const judge = { seconds, source: seconds === undefined ? undefined : "--judge-seconds", parseThreads: Math.min(4, availableParallelism()) };
    const reader = (ref: string | undefined): RefReader => (ref === undefined ? folderRefReader(repo) : gitRefReader(repo));
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
          { judge, onStep: (step) => void (step === "judge the change" && (judging = performance.now())) },
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
      case "explain": {
        const ref = values.ref;
        if (command === "graph") {
          if ((values.format ?? "json") !== "json") throw new UsageError("graph supports --format json only");
          if (rest.length > 0) throw new UsageError("graph takes no arguments");
          io.stdout((await readRef(reader(ref), ref ?? "working tree", { graph: true }, judge)).graph!);
          return 0;
        }
        if (command === "tree") {
          const { tree } = await readRef(reader(ref), ref ?? "working tree", { tree: rest.length > 0 ? rest : null }, judge);
          io.stdout(tree!.text + "\n");
          return tree!.missing.length === 0 ? 0 : 2;
        }
        if (rest.length !== 1) throw new UsageError("explain needs exactly one NAMESPACE");
        const { explain } = await readRef(reader(ref), ref ?? "working tree", { explain: rest[0]! }, judge);
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

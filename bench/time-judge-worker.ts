/**
 * Times a judgement as the app runs it, through the judge worker (judgeWithinBudget, the whole judgement in
 * a worker thread, the files sent to it and plain data sent back), on a generated repository: the first
 * judgement (a new worker: its start, parsing both refs, the engine), the next push (a worker that has
 * judged the base: the head's changed files parsed, the head derived) and a re-run (the change cached).
 * `npx tsx bench/time-judge-worker.ts [--services 30000] [--seed 1]`
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createPathFilter, parseConfig } from "../src/config/parse-config.js";
import type { JudgeJob } from "../src/parse-pool/judge-job.js";
import { judgeWithinBudget, spawnJudgeWorker } from "../src/parse-pool/judge-within-budget.js";
import { readGitSnapshot, readLocalConfig, resolveCommit } from "../src/snapshot/read-local-snapshot.js";
import { ensureRepo } from "./measure.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { services: { type: "string", default: "30000" }, seed: { type: "string", default: "1" } } });
const repo = ensureRepo(Number(values.seed), Number(values.services), join(root, ".bench"));
const configText = await readLocalConfig(repo.dir, await resolveCommit(repo.dir, repo.base));
const filter = createPathFilter(parseConfig(configText).config);
const base = await readGitSnapshot(repo.dir, repo.base, filter);
const head = await readGitSnapshot(repo.dir, repo.head, filter);
const job = (b: typeof base, h: typeof head): JudgeJob => ({ base: b, head: h, views: {} });
const time = async (what: string, run: () => Promise<unknown>): Promise<number> => {
  const t = performance.now();
  const view = (await run()) as { stats: { parseMs: number; judgeMs: number } };
  const ms = performance.now() - t;
  console.log(`${what}: ${ms.toFixed(0)} ms (in the worker: parsing ${view.stats.parseMs.toFixed(0)} ms, the rest ${view.stats.judgeMs.toFixed(0)} ms)`);
  return ms;
};
await time("first judgement (new worker, both refs parsed)", () => judgeWithinBudget(job(base, head), 600));
await time("re-run of the same head", () => judgeWithinBudget(job(base, head), 600));
// The next push on a worker of its own (another pool), whose caches know only the base.
const other = { spawn: spawnJudgeWorker };
await judgeWithinBudget(job(base, base), 600, other);
await time("next push (the base judged by this worker before)", () => judgeWithinBudget(job(base, head), 600, other));
process.exit(0);

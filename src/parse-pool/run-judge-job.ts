import { parseConfig } from "../config/parse-config.js";
import { analyzeSnapshot, jobsToParse, judgeSnapshots, type SnapshotInput } from "../engine/judge-snapshots.js";
import { runParseJob, type ParseCache } from "../engine/parse-files.js";
import { renderAffectedTree } from "../report/render-affected-tree.js";
import { drawViews } from "../report/draw-views.js";
import type { JudgedView, JudgeJob, JudgeMessage, JudgeStats } from "./judge-job.js";
import { ParsePool } from "./prefill-parse-cache.js";

/**
 * The whole judgement of one job, in the thread it runs in (a judge worker): parsing, the models and their
 * reachability, the rules and the diff, and the views drawn from the head's model. `cache` outlives the
 * job: the next push of a pull request finds its base judged and its unchanged files parsed. Says what it
 * is doing through `post` as it goes, so that the thread holding the budget can name what cost what when
 * it has to stop this one.
 */
export async function runJudgeJob(job: JudgeJob, cache: ParseCache, post: (message: JudgeMessage) => void): Promise<JudgedView> {
  const started = performance.now();
  const stats: JudgeStats = { threads: 0, filesInThreads: 0, filesInWorker: 0, parseMs: 0, judgeMs: 0 };
  const base = job.base ?? job.head;
  // Large parses go to several threads first (the CLI); what they leave, or everything, is parsed here.
  if ((job.parseThreads ?? 0) >= 2) {
    const pool = new ParsePool(cache, { size: job.parseThreads });
    for (const snapshot of job.base ? [job.base, job.head] : [job.head]) pool.add(snapshot.files);
    if (pool.started) post({ kind: "stage", stage: "parallel-parse", threads: job.parseThreads });
    await pool.finish();
    stats.threads = pool.stats.workers;
    stats.filesInThreads = pool.stats.files;
  }
  const jobs = jobsToParse(base, job.head, cache);
  post({ kind: "files", files: jobs.map((j) => ({ path: j.path, bytes: j.text.length })) });
  jobs.forEach((parse, index) => {
    const at = performance.now();
    runParseJob(parse, cache);
    post({ kind: "parsed", index, ms: performance.now() - at });
  });
  stats.filesInWorker = jobs.length;
  stats.parseMs = performance.now() - started;
  post({ kind: "stage", stage: "model" });
  const view = judgeParsed(job.base, job.head, job.views, cache);
  stats.judgeMs = performance.now() - started - stats.parseMs;
  return { ...view, stats };
}

/**
 * The one call into the engine: everything is parsed into `cache` by now. A change is judged under its
 * base's config; one ref alone (`base` null) under its own.
 */
function judgeParsed(base: SnapshotInput | null, head: SnapshotInput, views: JudgeJob["views"], cache: ParseCache): Omit<JudgedView, "stats"> {
  if (base === null) {
    const config = parseConfig(head.configText).config;
    return { judgement: null, config, affectedTree: null, ...drawViews(analyzeSnapshot(head, config, cache), views) };
  }
  const change = judgeSnapshots(base, head, cache);
  const affectedTree = renderAffectedTree(change.head.model.hierarchy, change.judgement);
  return { judgement: change.judgement, config: change.config, affectedTree, ...drawViews(change.head, views) };
}

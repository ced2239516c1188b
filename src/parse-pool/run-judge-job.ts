import { addObservedFlows } from "../engine/add-observed-flows.js";
import { changeScope } from "../engine/change-scope.js";
import { analyzeSnapshot, jobsToParse, judgeSnapshots, snapshotInput, type SnapshotInput } from "../engine/judge-snapshots.js";
import { ParseCache, runParseJob } from "../engine/parse-files.js";
import { openDiskParseStore } from "../parse-store/open-disk-parse-store.js";
import { loadTerraformParser } from "../parsers/terraform/load-terraform-parser.js";
import { drawViews } from "../report/draw-views.js";
import { viewOfChange } from "../report/view-of-change.js";
import { ParseProgress, type JudgedView, type JudgeJob, type JudgeMessage, type JudgeStats } from "./judge-job.js";
import { ParsePool } from "./prefill-parse-cache.js";

/**
 * The whole judgement of one job, in the thread it runs in (a judge worker): parsing, the models and their
 * reachability, the rules and the diff, and the views drawn from the head's model. `cache` outlives the
 * job: the next push of a pull request finds its base judged and its unchanged files parsed. Says what it
 * is doing through `post` as it goes, so that the thread holding the budget can name what cost what when
 * it has to stop this one.
 */
export async function runJudgeJob(job: JudgeJob, kept: ParseCache, post: (message: JudgeMessage) => void): Promise<JudgedView> {
  const started = performance.now();
  // With a directory of earlier runs' parse results (the CLI, one judgement per process), a cache over it.
  const store = job.cacheDir === undefined ? undefined : openDiskParseStore(job.cacheDir);
  const cache = store ? new ParseCache(undefined, store) : kept;
  // Both refs' files fit, or the first parsed are dropped before the judgement reads them.
  cache.fit(job.head.files.length + (job.base?.files.length ?? 0));
  const stats: JudgeStats = { threads: 0, filesInThreads: 0, filesInWorker: 0, parseMs: 0, judgeMs: 0 };
  const parser = await loadTerraformParser();
  // Each config file parsed once, for every stage that needs it.
  const head = snapshotInput(job.head);
  const base = job.base ? snapshotInput(job.base) : head;
  // Large parses go to several threads first (the CLI); what they leave, or everything, is parsed here.
  if ((job.parseThreads ?? 0) >= 2) {
    const pool = new ParsePool(cache, { size: job.parseThreads });
    for (const snapshot of job.base ? [job.base, job.head] : [job.head]) pool.add(snapshot.files);
    if (pool.started) post({ kind: "stage", stage: "parallel-parse", threads: job.parseThreads });
    await pool.finish();
    stats.threads = pool.stats.workers;
    stats.filesInThreads = pool.stats.files;
  }
  const jobs = jobsToParse(base, head, cache);
  const progress = ParseProgress.create(jobs.length);
  post({ kind: "files", files: jobs.map((j) => ({ path: j.path, bytes: j.text.length })), progress: progress.buffer });
  jobs.forEach((parse, index) => {
    const at = performance.now();
    runParseJob(parse, cache, parser);
    progress.parsed(index, performance.now() - at);
  });
  stats.filesInWorker = jobs.length;
  stats.parseMs = performance.now() - started;
  post({ kind: "stage", stage: "model" });
  const view = await judgeParsed(job.base === null ? null : base, head, job, cache);
  stats.judgeMs = performance.now() - started - stats.parseMs;
  // What was parsed is on disk before the answer (the process may end right after it), the directory back
  // under its bound; a run that parsed nothing new writes nothing and prunes nothing.
  await store?.prune();
  return { ...view, stats };
}

/**
 * The one call into the engine: everything is parsed into `cache` by now. A change is judged under its
 * base's config, then against the observed flows when there are any; one ref alone (`base` null) under its
 * own.
 */
async function judgeParsed(
  base: SnapshotInput | null,
  head: SnapshotInput,
  job: JudgeJob,
  cache: ParseCache,
): Promise<Omit<JudgedView, "stats">> {
  const observed = job.observed && "observed" in job.observed.read ? job.observed.read.observed : undefined;
  if (base === null) {
    const { config } = head.config;
    const ref = await analyzeSnapshot(head, config, cache);
    return { judgement: null, config, affectedTree: null, crossingsBlockedAtRuntime: false, boundaryToCommit: null, ...drawViews(ref, job.views, observed) };
  }
  const judged = await judgeSnapshots(base, head, cache);
  const change = job.observed ? addObservedFlows(judged, job.observed.read, job.observed.file) : judged;
  return { ...viewOfChange(change), ...(job.scope ? { scope: changeScope(change) } : {}), ...drawViews(change.head, job.views, change.flows) };
}

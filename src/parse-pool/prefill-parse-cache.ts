import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { parseJobs, type ParseCache, type ParseJob, type SnapshotFile } from "../engine/parse-files.js";

/** Below this much text, starting workers costs more than it saves. */
const MIN_BYTES_FOR_WORKERS = 4 * 1024 * 1024;

function jobBytes(job: ParseJob): number {
  return job.kind === "manifest" ? job.text.length : job.files.reduce((n, f) => n + f.text.length, 0);
}

/**
 * Parses the files of one or more refs in worker threads and stores the results in `cache`, so that the
 * engine's own (single-threaded) parse finds everything cached. Parsing is most of a cold run on a large
 * repository; on a small one, or where the compiled worker is not available (running from sources), this
 * does nothing and the engine parses as usual. Never fails the run: a worker error leaves the rest to the
 * engine.
 */
export async function prefillParseCache(snapshots: SnapshotFile[][], cache: ParseCache, workers = Math.min(4, availableParallelism())): Promise<void> {
  const workerFile = new URL("./parse-worker.js", import.meta.url);
  if (workers < 2 || !existsSync(fileURLToPath(workerFile))) return;
  const seen = new Set<string>();
  const jobs: ParseJob[] = [];
  for (const files of snapshots) {
    for (const job of parseJobs(files)) {
      const id = job.kind === "manifest" ? `m\u0000${job.path}\u0000${job.digest}` : `t\u0000${job.key}`;
      if (seen.has(id) || cache.has(job)) continue;
      seen.add(id);
      jobs.push(job);
    }
  }
  const total = jobs.reduce((n, j) => n + jobBytes(j), 0);
  if (total < MIN_BYTES_FOR_WORKERS) return;
  // Largest first into the lightest batch: batches of about equal size.
  const batches: { jobs: ParseJob[]; bytes: number }[] = Array.from({ length: workers }, () => ({ jobs: [], bytes: 0 }));
  for (const job of [...jobs].sort((a, b) => jobBytes(b) - jobBytes(a))) {
    const lightest = batches.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.jobs.push(job);
    lightest.bytes += jobBytes(job);
  }
  await Promise.all(
    batches
      .filter((b) => b.jobs.length > 0)
      .map(
        (batch) =>
          new Promise<void>((resolve) => {
            const worker = new Worker(workerFile);
            const finish = (): void => {
              void worker.terminate();
              resolve();
            };
            worker.once("message", (results: unknown[]) => {
              batch.jobs.forEach((job, i) => cache.put(job, results[i] as Parameters<ParseCache["put"]>[1]));
              finish();
            });
            worker.once("error", finish);
            worker.once("exit", () => resolve());
            worker.postMessage(batch.jobs);
          }),
      ),
  );
}

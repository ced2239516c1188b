import type { SnapshotInput } from "../engine/judge-snapshots.js";
import type { SnapshotFile } from "../model/snapshot-file.js";
import type { JudgeJob } from "./judge-job.js";

/** A head file whose content is a base file's (same digest): its text is not sent twice. */
const SAME_AS_BASE = "\u0000same-as-base";

/**
 * The job as it is sent to a judge worker: a head file whose content the base has (most of them) goes
 * without its text, which the worker takes from the base's file (`unpackJob`). Copying a message to a worker
 * costs in proportion to its text: this halves it for a pull request.
 */
export function packJob(job: JudgeJob): JudgeJob {
  if (job.base === null) return job;
  const known = new Set<string>();
  for (const file of job.base.files) if (file.text !== null) known.add(file.digest);
  const files = job.head.files.map((file): SnapshotFile => (file.text !== null && known.has(file.digest) ? { ...file, text: null, unreadable: SAME_AS_BASE } : file));
  return { ...job, head: { ...job.head, files } };
}

/** The job `packJob` packed, as it was. */
export function unpackJob(job: JudgeJob): JudgeJob {
  if (job.base === null) return job;
  const texts = new Map<string, string>();
  for (const file of job.base.files) if (file.text !== null) texts.set(file.digest, file.text);
  const head: SnapshotInput = {
    ...job.head,
    files: job.head.files.map((file) => {
      if (file.unreadable !== SAME_AS_BASE) return file;
      const { unreadable: _packed, ...rest } = file;
      return { ...rest, text: texts.get(file.digest)! };
    }),
  };
  return { ...job, head };
}

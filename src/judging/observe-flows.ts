/**
 * The observed flows of a change in the app: the file the base's `observedFlows.path` names, read from the
 * base commit with the watched files. A file that is missing or unreadable is an error finding on that path
 * (what was not read cannot clear a change); one that is read adds what it says (see add-observed-flows.ts,
 * applied where the models are: the judge worker). Undefined: no flows configured. Pure.
 */
import type { SnapshotFile } from "../model/snapshot-file.js";
import { readObservedFlows } from "../flows/read-observed-flows.js";
import type { ObservedInput } from "../parse-pool/judge-job.js";

export function observeFlows(path: string, file: SnapshotFile | null): ObservedInput | undefined {
  if (path === "") return undefined;
  if (file === null) return { file: path, read: { error: { line: 1, message: `${path}, which observedFlows.path names, is not on the base branch` } } };
  if (file.text === null) return { file: path, read: { error: { line: 1, message: `${path} could not be read: ${file.unreadable ?? "unknown reason"}` } } };
  return { file: path, read: readObservedFlows(file.text, path) };
}

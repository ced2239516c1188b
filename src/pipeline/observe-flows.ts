/**
 * The observed flows of a change in the app: the file the base's `observedFlows.path` names, read from the
 * base commit with the watched files. A file that is missing or unreadable is an error finding on that path
 * (what was not read cannot clear a change); one that is read adds what it says (see add-observed-flows.ts).
 * Pure.
 */
import { addObservedFlows } from "../engine/add-observed-flows.js";
import type { SnapshotFile } from "../model/snapshot-file.js";
import type { JudgedChange } from "../engine/judge-snapshots.js";
import { readObservedFlows } from "../flows/read-observed-flows.js";

export function observeFlows(change: JudgedChange, path: string, file: SnapshotFile | null): JudgedChange {
  if (path === "") return change;
  if (file === null) {
    return addObservedFlows(change, { error: { line: 1, message: `${path}, which observedFlows.path names, is not on the base branch` } }, path);
  }
  if (file.text === null) {
    return addObservedFlows(change, { error: { line: 1, message: `${path} could not be read: ${file.unreadable ?? "unknown reason"}` } }, path);
  }
  return addObservedFlows(change, readObservedFlows(file.text, path), path);
}

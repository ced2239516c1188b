import type { SnapshotFile } from "../model/snapshot-file.js";

/** Splits the observed-flows file (see `watchFlowsFile`) from the files the engine judges. */
export function takeFlowsFile(files: SnapshotFile[], path: string): { files: SnapshotFile[]; flows: SnapshotFile | null } {
  if (path === "") return { files, flows: null };
  const target = path.replace(/^(\.\/|\/)+/, "");
  const flows = files.find((f) => f.path === target) ?? null;
  return { files: flows ? files.filter((f) => f !== flows) : files, flows };
}

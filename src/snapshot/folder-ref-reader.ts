import type { RefReader } from "./ref-reader.js";
import { readFolderSnapshot, readLocalConfig } from "./read-local-snapshot.js";

/** Reads a plain folder (or a git work tree as it is on disk): every ref it is asked for is the folder. */
export function folderRefReader(root: string): RefReader {
  return {
    readConfigs: (refs) => Promise.all(refs.map(async () => ({ text: await readLocalConfig(root, null) }))),
    readFiles: (refs, filter) => Promise.all(refs.map(async () => ({ files: (await readFolderSnapshot(root, filter)).files, problems: [] }))),
  };
}

import type { RefSnapshot } from "./snapshot.js";
import type { RefReader } from "./ref-reader.js";
import { listLocalBlobs, localAncestry, openBlobStream, readGitSnapshot, readLocalConfig, resolveCommit } from "./read-local-snapshot.js";

/**
 * Reads commits (any git revision: a branch, a tag, a SHA) of a local git repository. The refs of one call
 * share their blobs: the head's files that the base has are not read again, and the others come through one
 * `git cat-file --batch` process for all of them. Its history judges a head behind its base as merged onto it.
 */
export function gitRefReader(repo: string): RefReader {
  return {
    readConfigs: (refs) => Promise.all(refs.map(async (ref) => ({ text: await readLocalConfig(repo, await resolveCommit(repo, ref)) }))),
    async readFiles(refs, filter) {
      const read: RefSnapshot[] = [];
      const blobs = openBlobStream(repo);
      try {
        for (const ref of refs) read.push(await readGitSnapshot(repo, ref, filter, { known: read[0], blobs }));
      } finally {
        blobs.close();
      }
      return read.map((snapshot) => ({ files: snapshot.files, problems: [] }));
    },
    history: {
      ancestry: (base, head) => localAncestry(repo, base, head),
      listBlobs: (ref) => listLocalBlobs(repo, ref),
    },
  };
}

import type { PathFilter } from "../config/create-path-filter.js";
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
    async readFiles(refs, given) {
      const filter = rememberKinds(given);
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

/**
 * The filter, each path decided once for all the refs of one read: a pull request's refs list the same
 * paths but for a few, and matching every path of a large tree against the globs again for the head cost
 * as much as the base's (about 33,000 paths at 30,000 service roots).
 */
function rememberKinds(filter: PathFilter): PathFilter {
  const kinds = new Map<string, ReturnType<PathFilter["kind"]>>();
  return {
    kind(path) {
      let kind = kinds.get(path);
      if (kind === undefined) kinds.set(path, (kind = filter.kind(path)));
      return kind;
    },
  };
}

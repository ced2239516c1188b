import type { PathFilter } from "../config/create-path-filter.js";
import { CONFIG_PATH } from "../config/schema.js";
import { MissingObjectError } from "./git-error.js";
import type { RefSnapshot } from "./snapshot.js";
import type { RefReader } from "./ref-reader.js";
import { ancestryOfCommits, configTextOf, listGitTree, listLocalBlobs, openBlobStream, readGitSnapshot, resolveCommit } from "./read-local-snapshot.js";

/**
 * Reads commits (any git revision: a branch, a tag, a SHA) of a local git repository. Each ref is resolved
 * to its commit once, so the configs, the files and the history all come from the same commits. The refs
 * of one call share their work: both configs come through one `git cat-file --batch`, both trees are listed
 * at once, the head's files that the base has are not read again, and the others come through one
 * `git cat-file --batch` process for all of them. Its history judges a head behind its base as merged onto
 * it.
 */
export function gitRefReader(repo: string): RefReader {
  const commits = new Map<string, Promise<string>>();
  const commitOf = (ref: string): Promise<string> => {
    let commit = commits.get(ref);
    if (commit === undefined) commits.set(ref, (commit = resolveCommit(repo, ref)));
    return commit;
  };
  return {
    async readConfigs(refs) {
      const resolved = await Promise.all(refs.map(commitOf));
      const blobs = openBlobStream(repo);
      try {
        const arriving = blobs.read(resolved.map((commit) => `${commit}:${CONFIG_PATH}`));
        for (const promise of arriving) promise.catch(() => undefined);
        return await Promise.all(
          arriving.map((promise) =>
            promise.then(
              (bytes) => ({ text: configTextOf(bytes) }),
              (error: unknown) => {
                if (error instanceof MissingObjectError) return { text: null };
                throw error;
              },
            ),
          ),
        );
      } finally {
        blobs.close();
      }
    },
    async readFiles(refs, given) {
      const filter = rememberKinds(given);
      const resolved = await Promise.all(refs.map(commitOf));
      // Every tree is listed at once, while the blobs of the first are read.
      const listings = resolved.map((commit) => listGitTree(repo, commit));
      for (const listing of listings) listing.catch(() => undefined);
      const read: RefSnapshot[] = [];
      const blobs = openBlobStream(repo);
      try {
        for (const [i, ref] of refs.entries()) {
          read.push(await readGitSnapshot(repo, ref, filter, { known: read[0], blobs, listed: { commit: resolved[i]!, listing: listings[i]! } }));
        }
      } finally {
        blobs.close();
      }
      return read.map((snapshot) => ({ files: snapshot.files, problems: [] }));
    },
    history: {
      ancestry: async (base, head) => ancestryOfCommits(repo, await commitOf(base), await commitOf(head)),
      listBlobs: async (ref) => listLocalBlobs(repo, await commitOf(ref)),
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

import type { Ancestry, RefReader } from "../snapshot/ref-reader.js";
import type { TreeListing } from "./github-snapshot-cache.js";
import type { GitHubPort } from "./github-port.js";
import type { PullRequestContext, PullRequestContextRequest } from "./read-pull-request-context.js";

/** A `RefReader` over GitHub that also keeps what the pipeline needs of the same requests. */
export interface GitHubRefReader extends RefReader {
  /** The context query's answer (whether the head was reviewed, too); known once the configs are read. */
  context(): PullRequestContext;
}

/**
 * Reads the base and the head of a change (in that order) from GitHub, with the requests the app has always
 * made: both trees listed at once, then the context query (both configs and the review state, with what
 * the change touches riding along: see request-batching.ts), then the watched files of both commits in one
 * go (the platform team's node id riding along when needed). Where the head stands against the base is
 * asked while the trees are listed; a head behind its base costs the merge base's tree too. `reviewsOf`: the pull request whose review state to read
 * along. `onTreesFailed`: told when listing a tree failed (the failure is about the files, not the config).
 */
export function githubRefReader(
  github: GitHubPort,
  options: { reviewsOf: PullRequestContextRequest["reviewsOf"]; onTreesFailed?: () => void; /** False: the head is judged as it is (a push, which descends from its base). */ history?: boolean },
): GitHubRefReader {
  let trees: TreeListing[] = [];
  let context: PullRequestContext | null = null;
  /** The ancestry of the change read, asked for with its trees. */
  let ancestry: { key: string; answer: Promise<Ancestry> } | null = null;
  const ancestryOf = (base: string, head: string): Promise<Ancestry> => {
    const key = `${base}...${head}`;
    if (ancestry?.key !== key) {
      ancestry = { key, answer: github.readAncestry(base, head) };
      ancestry.answer.catch(() => undefined); // Awaited when the change is composed; not unhandled before.
    }
    return ancestry.answer;
  };
  const listTrees = async (refs: string[]): Promise<TreeListing[]> => {
    const listing = Promise.all(refs.map((sha) => github.readTree(sha)));
    listing.catch(() => undefined); // Awaited below; a failure before then must not go unhandled.
    return listing.catch((error: unknown) => {
      options.onTreesFailed?.();
      throw error;
    });
  };
  return {
    async readConfigs(refs) {
      const [baseSha, headSha = baseSha] = refs as [string, string?];
      const listing = listTrees(refs);
      if (refs.length === 2 && options.history !== false) void ancestryOf(baseSha, headSha);
      trees = await listing;
      context = await github.readContext({ baseSha, headSha, reviewsOf: options.reviewsOf, trees: { base: trees[0]!, head: trees.at(-1)! } });
      return refs.length === 1 ? [context.baseConfig] : [context.baseConfig, context.headConfig];
    },
    async readFiles(refs, filter, config) {
      if (trees.length !== refs.length) trees = await listTrees(refs);
      const commits = refs.map((sha, i) => ({ sha, tree: trees[i]! }));
      return github.readWatchedFiles(commits, filter, config.platform.team);
    },
    history: options.history === false ? undefined : {
      ancestry: ancestryOf,
      async listBlobs(sha) {
        const tree = await github.readTree(sha);
        return tree.truncated ? null : new Map(tree.blobs.map((b) => [b.path, b.sha]));
      },
    },
    context() {
      if (context === null) throw new Error("the context is read with the configs");
      return context;
    },
  };
}

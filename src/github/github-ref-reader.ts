import type { RefReader } from "../snapshot/ref-reader.js";
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
 * go (the platform team's node id riding along when needed). `reviewsOf`: the pull request whose review state to read
 * along. `onTreesFailed`: told when listing a tree failed (the failure is about the files, not the config).
 */
export function githubRefReader(github: GitHubPort, options: { reviewsOf: PullRequestContextRequest["reviewsOf"]; onTreesFailed?: () => void }): GitHubRefReader {
  let trees: TreeListing[] = [];
  let context: PullRequestContext | null = null;
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
      trees = await listTrees(refs);
      context = await github.readContext({ baseSha, headSha, reviewsOf: options.reviewsOf, trees: { base: trees[0]!, head: trees.at(-1)! } });
      return refs.length === 1 ? [context.baseConfig] : [context.baseConfig, context.headConfig];
    },
    async readFiles(refs, filter, config) {
      if (trees.length !== refs.length) trees = await listTrees(refs);
      const commits = refs.map((sha, i) => ({ sha, tree: trees[i]! }));
      return github.readWatchedFiles(commits, filter, config.platform.team);
    },
    context() {
      if (context === null) throw new Error("the context is read with the configs");
      return context;
    },
  };
}

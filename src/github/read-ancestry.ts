import type { Ancestry } from "../snapshot/ref-reader.js";
import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { ancestryKey, type GitHubSnapshotCache } from "./github-snapshot-cache.js";
import { assertSha } from "./read-github-snapshot.js";

/**
 * Where a head stands against a base, from GitHub's comparison of the two commits (`base...head`): behind
 * when the base has commits the head lacks, with their merge base. One request, none when cached: both
 * commits are immutable, so the answer is too. One commit per page: only the counts and the merge base
 * are wanted, not the commits between.
 */
export async function readAncestry(octokit: GitHubClient, repo: RepoCoordinates, base: string, head: string, cache: GitHubSnapshotCache): Promise<Ancestry> {
  assertSha(base);
  assertSha(head);
  const key = ancestryKey(repo, base, head);
  const cached = cache.ancestries.get(key);
  if (cached) return cached;
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}`, per_page: 1 });
  const ancestry: Ancestry = data.behind_by > 0 || data.status === "behind" || data.status === "diverged" ? { behind: true, mergeBase: data.merge_base_commit.sha } : { behind: false };
  cache.ancestries.set(key, ancestry);
  return ancestry;
}

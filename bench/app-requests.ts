import type { GeneratedRepo } from "./generate-repo.js";

/** GitHub API requests the app makes to judge one pull request. */
export interface AppRequestCounts {
  /** Judging the pull request for the first time (a `pull_request.opened` event, cold caches). */
  first: number;
  /** Judging the same head again (a re-run): the budget is no read request at all. */
  rerun: number;
  /** Of `rerun`, the read requests (GET, and GraphQL queries). */
  rerunReads: number;
}

/**
 * Counts the requests the GitHub App makes to judge the generated pull request, against a nock-served copy
 * of `repo` (its trees and blobs at base and head), first time and again on the same head.
 *
 * Not wired yet: the GitHub App (src/github, src/handlers, src/pipeline) is being built. Until it exists
 * this returns null, and the table says "n/a". To wire it: serve `repo` with nock (git trees, blobs and
 * the pull request's files from the local repository), deliver a `pull_request.opened` webhook for
 * `repo.base`...`repo.head` to the app, count the intercepted requests; deliver `check_run.rerequested`
 * for the same head and count again (reads separately from writes).
 */
export async function countAppRequests(repo: GeneratedRepo): Promise<AppRequestCounts | null> {
  void repo;
  return null;
}

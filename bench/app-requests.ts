import { execFileSync } from "node:child_process";
import nock from "nock";
import type { GeneratedRepo } from "./generate-repo.js";
import { GitHubMock, type RepoFiles } from "../test/helpers/github-mock.js";
import { checkRunRerequestedEvent, pullRequestEvent } from "../test/helpers/payloads.js";
import { createTestProbot } from "../test/helpers/probot.js";

/** GitHub API requests the app makes to judge one pull request. */
export interface AppRequestCounts {
  /** Judging the pull request for the first time (a `pull_request.opened` event, cold caches), token included. */
  first: number;
  /** Judging the same head again (a re-run): the budget is no read request at all. */
  rerun: number;
  /** Of `rerun`, the read requests (GET, and GraphQL queries). */
  rerunReads: number;
}

/** Every file of a commit of the generated repository (what the fake GitHub serves), read in one batch. */
function filesAt(repo: GeneratedRepo, ref: string): RepoFiles {
  const paths = execFileSync("git", ["-C", repo.dir, "ls-tree", "-r", "--name-only", "-z", ref], { encoding: "utf8", maxBuffer: 1 << 30 })
    .split("\0")
    .filter(Boolean);
  const out = execFileSync("git", ["-C", repo.dir, "cat-file", "--batch"], { input: paths.map((p) => `${ref}:${p}`).join("\n") + "\n", maxBuffer: 1 << 30 });
  const files: RepoFiles = {};
  let offset = 0;
  for (const path of paths) {
    const newline = out.indexOf(10, offset);
    const size = Number(out.subarray(offset, newline).toString("utf8").split(" ")[2]);
    files[path] = out.subarray(newline + 1, newline + 1 + size).toString("utf8");
    offset = newline + 1 + size + 1;
  }
  return files;
}

/**
 * Counts the requests the GitHub App makes to judge the generated pull request, against a fake GitHub
 * (nock, the handler tests' GitHubMock) serving the repository's files at base and head: a
 * `pull_request.opened` with cold caches, then `check_run.rerequested` on the same head. The fake answers
 * the requests a failing pull request needs (the head's tarball, the file query as often as it is split,
 * the one mutation that posts the review); any other request is an error. The installation token is
 * counted; the archive download the tarball request redirects to is not (it is not the API).
 */
export async function countAppRequests(repo: GeneratedRepo): Promise<AppRequestCounts | null> {
  const gh = new GitHubMock();
  try {
    const base = gh.commit("base", filesAt(repo, repo.base));
    const head = gh.commit("head", filesAt(repo, repo.head));
    gh.pull(1, base, head);
    const probot = await createTestProbot();
    // A large repository's head is read from its tarball (one request; the archive host it redirects to is
    // not the API and is not counted); the file query is answered as often as the app splits it.
    gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().tarball(head).blobQuery(1_000).publishMutation().updateCheckRun();
    await probot.receive(pullRequestEvent("opened", { number: 1, base, head, author: "dev" }));
    const first = gh.requests.length;
    const readsBefore = gh.reads().length;
    gh.createCheckRun().updateCheckRun();
    await probot.receive(checkRunRerequestedEvent({ headSha: head, externalId: "1" }));
    const again = gh.requests.slice(first);
    // Answers allowed but not needed (more file queries, the tarball of a small repository) are not errors.
    const optional = (mock: string): boolean => mock.includes("/graphql") || mock.includes("/tarball/") || mock.includes("legacy.tar.gz");
    const problems = [...gh.unmatched, ...nock.pendingMocks().filter((m) => !optional(m)), ...gh.problems];
    if (problems.length > 0) throw new Error(`the fake GitHub saw unexpected requests: ${problems.slice(0, 5).join("; ")}`);
    return {
      first,
      rerun: again.length,
      rerunReads: gh.reads().length - readsBefore,
    };
  } finally {
    gh.dispose();
    nock.cleanAll();
  }
}

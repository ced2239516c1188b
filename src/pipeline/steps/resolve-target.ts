/** The first step of a judgement: which commits, which pull request, and the check run's external id. */
import type { Binding } from "../../model/check-markers.js";
import type { GitHubPort } from "../../github/github-port.js";
import type { AppMemory, PullRequestMemory } from "../app-memory.js";
import type { JudgeRequest } from "../judge-request.js";

export interface Target {
  baseSha: string;
  headSha: string;
  externalId: string;
  /** Null for a merge group. */
  pull: PullRequestMemory | null;
  /** The pull request and base branch the verdict is for; null for a merge group. */
  binding: Binding | null;
}

/** The check run's external id as the request gives it, before the pull request is known. */
export function externalIdOf(request: JudgeRequest): string {
  switch (request.kind) {
    case "pull_request":
      return pullExternalId(request.pullRequest.number, request.pullRequest.baseSha, request.pullRequest.baseRef);
    case "rerun":
      return String(request.pullNumber);
    case "check_suite":
      return request.pullNumbers.length > 0 ? String(request.pullNumbers[0]) : "";
    case "merge_group":
      return mergeGroupExternalId(request.baseSha);
  }
}

/**
 * A pull request's check keeps the pull request and the base it judged (`<number>:<baseSha>:<baseRef>`), so
 * that a re-run judges the same pull request, and the run says which base its verdict is bound to.
 */
export function pullExternalId(number: number, baseSha: string, baseRef: string): string {
  return baseRef === "" ? String(number) : `${number}:${baseSha}:${baseRef}`;
}

/** The pull request a merge group queues, from its branch (`gh-readonly-queue/<base>/pr-<n>-<sha>`). */
export function queuedPullNumber(headRef: string | undefined): number | null {
  const match = headRef?.match(/\/pr-(\d+)-[0-9a-f]+$/);
  return match ? Number(match[1]) : null;
}

/** A merge group's check keeps its base, so that a re-run can judge it again. */
export function mergeGroupExternalId(baseSha: string): string {
  return `merge_group:${baseSha}`;
}

/** Which commits to judge, and for which pull request; null when a check suite names none. */
export async function resolveTarget(request: JudgeRequest, github: GitHubPort, memory: AppMemory): Promise<Target | null> {
  const repo = github.repository;
  if (request.kind === "merge_group") {
    return { baseSha: request.baseSha, headSha: request.headSha, externalId: mergeGroupExternalId(request.baseSha), pull: null, binding: null };
  }
  if (request.kind === "pull_request") {
    // The event's own commits: an event older than the memory (out of order) still judges its head.
    const pull = memory.rememberPull(repo, request.pullRequest);
    const { number, baseSha, baseRef, headSha } = request.pullRequest;
    return { baseSha, headSha, externalId: pullExternalId(number, baseSha, baseRef), pull, binding: { pull: number, baseRef, baseSha } };
  }
  let number: number | null = request.kind === "rerun" ? request.pullNumber : (memory.pullAtHead(repo, request.headSha) ?? request.pullNumbers[0] ?? null);
  if (number === null && request.kind === "check_suite") number = await github.findPullNumberInSuite(request.checkSuiteId);
  if (number === null) return null;
  // A re-run judges the head it was asked for, against the base the pull request had then: from memory
  // when this head was judged before (no request), else from the API.
  const known = memory.pull(repo, number);
  const info = known && known.info.headSha === request.headSha ? known.info : await github.getPullRequest(number);
  // The pull request as it is: a re-run of an older head judges that head, and the label and the team
  // request keep following the latest one.
  const pull = memory.rememberPull(repo, info, request.headSha);
  const binding = { pull: number, baseRef: info.baseRef, baseSha: info.baseSha };
  return { baseSha: info.baseSha, headSha: request.headSha, externalId: pullExternalId(number, info.baseSha, info.baseRef), pull, binding };
}

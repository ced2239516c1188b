import type { GitHubPort } from "../../github/github-port.js";
import type { Binding, OverrideRecord } from "../../model/check-markers.js";
import type { PullRequestMemory } from "../app-memory.js";
import { warning } from "../attempt.js";
import type { JudgeRequest, Log } from "../judge-request.js";

/** The override in effect for a head. `known`: whether the answer may be remembered. */
export interface FoundOverride {
  record: OverrideRecord | null;
  known: boolean;
  warnings: string[];
}

/**
 * The override in effect for the head: the one being recorded, else the one remembered for this head, else
 * none after a push, else, when the verdict needs one, the one this app's latest check run on the head
 * recorded (one request, only when the process does not know). Not reading when the check is green anyway
 * may drop an override from the next check run's record: that fails closed (the check can only turn
 * stricter), and only after a restart.
 */
export async function findOverride(
  request: JudgeRequest,
  pull: PullRequestMemory,
  binding: Binding,
  headSha: string,
  checkName: string,
  needed: boolean,
  github: GitHubPort,
  log: Log,
): Promise<FoundOverride> {
  // An override holds for the head and the base the pull request had when it was given: after a push, or
  // once the base moved (another change judged), it is void.
  const holds = (record: OverrideRecord | null | undefined): boolean => record?.headSha === headSha && record.baseSha === binding.baseSha;
  if (request.kind === "pull_request" && request.override) return { record: { ...request.override, headSha, baseSha: binding.baseSha }, known: true, warnings: [] };
  if (pull.override?.headSha === headSha && pull.override.baseSha === binding.baseSha) return { record: pull.override.record, known: true, warnings: [] };
  if (request.kind === "pull_request" && request.pushed) return { record: null, known: true, warnings: [] };
  if (!needed) return { record: null, known: false, warnings: [] };
  try {
    const markers = await github.readCheckMarkers(headSha, checkName, binding);
    return { record: holds(markers?.override) ? markers!.override : null, known: true, warnings: [] };
  } catch (error) {
    return { record: null, known: false, warnings: [warning(log, "read this commit's earlier check run for an override", error)] };
  }
}

/** What asks the pipeline for a judgement, and the logger it writes to. */
import type { OverrideRecord } from "../model/check-markers.js";
import type { PullRequestInfo } from "../github/pull-requests.js";

/** What asks for a judgement. */
export type JudgeRequest =
  /**
   * An event that carries the pull request (pull_request, pull_request_review), or a command that read it.
   * `pushed`: the event says the head just moved (opened, synchronize), so no override of it can hold;
   * `opened`: the pull request was just opened, so it has no review yet. `override`: record this
   * break-glass override of the head (from `/netpol override`).
   */
  | { kind: "pull_request"; pullRequest: PullRequestInfo; pushed?: boolean; opened?: boolean; override?: OverrideRecord }
  /**
   * A re-run of a check run whose `external_id` holds the pull request number (and, since check runs are
   * bound to a base, the base it judged: see `pullExternalId`).
   */
  | { kind: "rerun"; pullNumber: number; headSha: string; checkName: string }
  /** A re-run of a check suite: the pull request comes from the payload, memory, or the suite's check runs. */
  | { kind: "check_suite"; checkSuiteId: number; headSha: string; pullNumbers: number[] }
  /** A merge group (or a re-run of its check): the queue's commit against the branch it merges into. */
  | { kind: "merge_group"; baseSha: string; headSha: string; checkName?: string; headRef?: string };

/** The minimal logger the pipeline writes to (Probot's pino logger is one). */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(details: object, message: string): void;
}

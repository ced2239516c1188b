/**
 * The step after judging, on a pull request: the platform team's approvals and a break-glass override of
 * the head, either of which turns the check green. Best effort: what fails is a warning at the top of the
 * summary, and the engine's verdict stands.
 */
import { approvalFingerprint } from "../../approval/approval-fingerprint.js";
import type { PlatformReview } from "../../approval/platform-review.js";
import type { NetpolGuardConfig } from "../../config/parse-config.js";
import type { Conclusion } from "../../engine/judge-change.js";
import type { JudgedChange } from "../../engine/judge-snapshots.js";
import type { GitHubPort } from "../../github/github-port.js";
import { NO_FINGERPRINT, type Binding } from "../../model/check-markers.js";
import type { AppMemory } from "../app-memory.js";
import { attempt } from "../attempt.js";
import { evaluatePlatformReview } from "../evaluate-platform-review.js";
import type { JudgeRequest, Log } from "../judge-request.js";
import { findOverride, type FoundOverride } from "./find-override.js";
import { queuedPullNumber, type Target } from "./resolve-target.js";

export interface Settled {
  /** The platform team's reviews, when they were read. */
  review: PlatformReview | null;
  override: Omit<FoundOverride, "warnings">;
  /** The conclusion once approvals and the override are counted. */
  own: Conclusion;
  warnings: string[];
}

export async function settleApprovalsAndOverride(
  request: JudgeRequest,
  target: Target,
  judged: { change: JudgedChange; config: NetpolGuardConfig },
  checkName: string,
  github: GitHubPort,
  memory: AppMemory,
  log: Log,
): Promise<Settled> {
  const judgement = judged.change.judgement;
  const reviewOf = (pullNumber: number, author: string, binding: Binding): Promise<PlatformReview> =>
    evaluatePlatformReview(
      {
        pullNumber,
        author,
        headSha: target.headSha,
        team: judged.config.platform.team,
        required: judged.config.platform.approvals,
        checkName,
        fingerprint: approvalFingerprint(judgement) ?? NO_FINGERPRINT,
        binding,
      },
      github,
      memory,
    );
  const warnings: string[] = [];
  let review: PlatformReview | null = null;
  let override: Omit<FoundOverride, "warnings"> = { record: null, known: true };
  let approved = false;
  if (target.pull) {
    const pull = target.pull;
    const opened = request.kind === "pull_request" && request.opened === true;
    if (judgement.conclusion === "action_required" && !opened) {
      const read = await attempt(log, "read the platform team's reviews", () => reviewOf(pull.info.number, pull.info.author, target.binding!));
      review = read.value;
      warnings.push(...read.warnings);
    }
    approved = judgement.conclusion === "action_required" && review?.result.approved === true;
    const found = await findOverride(request, pull, target.binding!, target.headSha, checkName, judgement.conclusion !== "success" && !approved, github, log);
    override = { record: found.record, known: found.known };
    warnings.push(...found.warnings);
  }
  // A merge group carries one queued pull request's change: the platform team's approval of that pull
  // request counts here too, when what it approved is what the group needs approved (same fingerprint).
  // Otherwise an approved VC-to-VC change would be stopped by the queue it was approved for.
  const queued = request.kind === "merge_group" ? queuedPullNumber(request.headRef) : null;
  if (queued !== null && judgement.conclusion === "action_required") {
    // Its approvals are bound to it and its base, as on its own judgement.
    const read = await attempt(log, "read the platform team's reviews of the queued pull request", async () => {
      const info = await github.getPullRequest(queued);
      return reviewOf(queued, info.author, { pull: queued, baseRef: info.baseRef, baseSha: info.baseSha });
    });
    review = read.value;
    warnings.push(...read.warnings);
    approved = review?.result.approved === true;
  }
  const own: Conclusion = approved || (judgement.conclusion !== "success" && override.record !== null) ? "success" : judgement.conclusion;
  return { review, override, own, warnings };
}

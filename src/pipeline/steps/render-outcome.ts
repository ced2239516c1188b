/**
 * The render step: what the check run will say (the verdict as approvals, the override and the other pull
 * requests at this head leave it) and what it records for later judgements. Rendered before publishing:
 * the publishing mutation may complete the check run with it.
 */
import { approvalFingerprint } from "../../approval/approval-fingerprint.js";
import type { JudgedChange } from "../../engine/judge-snapshots.js";
import { NO_FINGERPRINT, type CheckMarkers } from "../../model/check-markers.js";
import { renderCheckRunOutcome } from "../../report/render-check-run-outcome.js";
import type { CheckRunOutcome } from "../../report/render-check-output.js";
import { approvalItems } from "../../report/render-verdict.js";
import type { AtHead } from "./judge-strictest-at-head.js";
import type { Target } from "./resolve-target.js";
import type { Settled } from "./settle-approvals-and-override.js";

export interface RenderedOutcome {
  markers: CheckMarkers;
  /** The output, with the warnings of the steps before and the ones given. */
  outcome: (warnings: string[]) => CheckRunOutcome;
}

export function renderOutcome(target: Target, change: JudgedChange, settled: Settled, summary: string, atHead: AtHead): RenderedOutcome {
  const judgement = change.judgement;
  const markers: CheckMarkers = {
    binding: target.binding,
    fingerprint: approvalFingerprint(judgement) ?? NO_FINGERPRINT,
    covers: judgement.platformReviewRequired ? approvalItems(judgement).map((i) => i.id) : null,
    override: settled.override.record,
  };
  const verdict = { conclusion: atHead.conclusion, title: atHead.title, summary: atHead.sharedHead + summary };
  return { markers, outcome: (warnings) => renderCheckRunOutcome(verdict, judgement.findings, markers, [...settled.warnings, ...warnings]) };
}

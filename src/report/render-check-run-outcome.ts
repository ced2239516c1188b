import type { Conclusion } from "../engine/judge-change.js";
import type { Finding } from "../model/finding.js";
import { renderCheckMarkers, type CheckMarkers } from "../model/check-markers.js";
import { renderAnnotationNote } from "./render-annotation-note.js";
import { renderAnnotations, type CheckRunOutcome } from "./render-check-output.js";

/**
 * The check run's completed output: the warnings of the best-effort parts first, the verdict's summary,
 * the findings as annotations, and in the hidden text what later judgements read back.
 */
export function renderCheckRunOutcome(
  verdict: { conclusion: Conclusion; title: string; summary: string },
  findings: Finding[],
  markers: CheckMarkers,
  warnings: readonly string[],
): CheckRunOutcome {
  return {
    conclusion: verdict.conclusion,
    title: verdict.title,
    summary: warnings.join("\n\n") + (warnings.length > 0 ? "\n\n" : "") + verdict.summary + renderAnnotationNote(findings.length),
    annotations: renderAnnotations(findings),
    text: renderCheckMarkers(markers),
  };
}

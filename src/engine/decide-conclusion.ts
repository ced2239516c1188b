import type { Finding } from "../model/finding.js";
import type { Conclusion } from "./judge-change.js";

/** The verdict of the findings a change introduced: any error fails it; a finding for the platform team asks for its review. */
export function decideConclusion(findings: Finding[]): { conclusion: Conclusion; platformReviewRequired: boolean } {
  const platformReviewRequired = findings.some((f) => f.platformReview);
  const conclusion: Conclusion = findings.some((f) => f.severity === "error") ? "failure" : platformReviewRequired ? "action_required" : "success";
  return { conclusion, platformReviewRequired };
}

import { digestOf } from "../model/digest.js";
import type { Judgement } from "../engine/judge-change.js";
import { crossingEdgeKey } from "./crossing-edge-key.js";

/**
 * What a platform approval covers: the platform-review findings (their identities include the content of
 * the declarations) and the cross-company edges the change adds, with the companies they join. A push that leaves these alone keeps an
 * approval; one that changes any of them needs a new one. Null when nothing needs platform review.
 */
export function approvalFingerprint(j: Judgement): string | null {
  if (!j.platformReviewRequired) return null;
  const items = [
    ...j.findings.filter((f) => f.platformReview).map((f) => `finding:${f.key}`),
    ...j.connectivity.added.filter((e) => e.crossesVC).map((e) => crossingEdgeKey(j, e)),
  ].sort();
  return digestOf(items);
}

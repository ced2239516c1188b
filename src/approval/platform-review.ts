/** What the platform team's reviews of a pull request come to, with what explains it (see evaluate-platform-review.ts). */
import type { ApprovalResult } from "./evaluate-approvals.js";
import type { CheckMarkers } from "../model/check-markers.js";

export interface PlatformReview {
  result: ApprovalResult;
  team: string;
  required: number;
  /** The commit of each approver's (counted or stale) latest approval, by login as GitHub spells it. */
  commitOf: Map<string, string>;
  /** What this app recorded on each approved commit other than the head; null when nothing. */
  markersAt: Map<string, CheckMarkers | null>;
  /** GitHub listed more reviews than were read: the latest states are unknown, nothing counts. */
  incomplete: boolean;
}

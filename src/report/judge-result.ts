import type { Conclusion } from "../engine/judge-change.js";
import type { OverrideRecord } from "../model/check-markers.js";

/** What a judgement published, for a command to answer with. */
export interface JudgeResult {
  headSha: string;
  checkName: string;
  /** The conclusion published; null when the app could not judge (the check says why, as a failure). */
  conclusion: Conclusion | null;
  /** The engine's conclusion, before approvals and override. */
  verdict: Conclusion | null;
  title: string;
  /** The override in effect for the head. */
  override: OverrideRecord | null;
}

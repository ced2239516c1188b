import type { Conclusion } from "../engine/judge-change.js";

/** The verdict of one pull request at a head commit, as published for it (approvals and override counted). */
export interface VerdictAtHead {
  pull: number;
  baseRef: string;
  baseSha: string;
  conclusion: Conclusion;
  title: string;
}

const RANK: Record<Conclusion, number> = { success: 0, action_required: 1, failure: 2 };

/**
 * The strictest of the verdicts of the pull requests that share a head commit: a check run belongs to the
 * commit, and branch protection reads the latest one of the required name, so the one published must hold
 * for every pull request it stands for. On a tie, `own` (the pull request being judged) wins.
 */
export function strictestAtHead(own: VerdictAtHead, others: readonly VerdictAtHead[]): VerdictAtHead {
  let strictest = own;
  for (const other of others) if (RANK[other.conclusion] > RANK[strictest.conclusion]) strictest = other;
  return strictest;
}

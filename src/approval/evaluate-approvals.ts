/** A pull request review, reduced to what approval needs. */
export interface ReviewRecord {
  user: string;
  state: string;
  commitId: string;
  /** Reviews are in the order GitHub lists them (oldest first); `submittedAt` breaks no ties. */
  submittedAt?: string | null;
}

export interface ApprovalInput {
  reviews: ReviewRecord[];
  author: string;
  /** Logins of the platform team's members (checked with the teams API). */
  members: ReadonlySet<string>;
  required: number;
  /** The fingerprint recorded for each reviewed commit, when known (from netpol-guard's check on it). */
  fingerprintAt: ReadonlyMap<string, string | null>;
  /** The fingerprint of what the head needs approved. */
  current: string;
}

export interface ApprovalResult {
  approved: boolean;
  /** Members whose latest review approves what the head needs approved. */
  approvers: string[];
  /** Members whose approval was for something else (an earlier version of the crossings). */
  stale: string[];
  /** Approvals that do not count, and why: the author, a non-member. */
  ignored: { user: string; why: string }[];
}

/**
 * Platform review is given when at least `required` distinct members of the platform team, other than
 * the author, have a latest review that approves, on a commit whose recorded fingerprint is the current
 * one. A later COMMENTED review does not undo an approval; CHANGES_REQUESTED and DISMISSED do.
 */
export function evaluateApprovals(input: ApprovalInput): ApprovalResult {
  const latest = new Map<string, ReviewRecord>();
  for (const review of input.reviews) {
    const state = review.state.toUpperCase();
    if (state === "COMMENTED" || state === "PENDING") continue;
    latest.set(review.user.toLowerCase(), { ...review, state });
  }
  const approvers: string[] = [];
  const stale: string[] = [];
  const ignored: ApprovalResult["ignored"] = [];
  const members = new Set([...input.members].map((m) => m.toLowerCase()));
  for (const [login, review] of latest) {
    if (review.state !== "APPROVED") continue;
    if (login === input.author.toLowerCase()) {
      ignored.push({ user: review.user, why: "the author of the pull request" });
      continue;
    }
    if (!members.has(login)) {
      ignored.push({ user: review.user, why: "not a member of the platform team" });
      continue;
    }
    if (input.fingerprintAt.get(review.commitId) === input.current) approvers.push(review.user);
    else stale.push(review.user);
  }
  approvers.sort();
  stale.sort();
  return { approved: approvers.length >= input.required, approvers, stale, ignored };
}

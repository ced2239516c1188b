/**
 * Whether the platform team approved what the head of a pull request needs approved: the reviews, the team
 * membership of each reviewer whose latest decisive review approves (the teams API, never
 * `author_association`), and what each approved commit needed approval for (the fingerprint this app's
 * check on that commit recorded; the head's is the one just computed).
 *
 * Requests: one per 100 reviews, one membership per approving reviewer, one check-run listing per distinct
 * approved commit other than the head that this process has not judged itself.
 */
import { evaluateApprovals, type ReviewRecord } from "../approval/evaluate-approvals.js";
import type { PlatformReview } from "../approval/platform-review.js";
import type { Binding, CheckMarkers } from "../model/check-markers.js";
import type { AppMemory } from "./app-memory.js";
import type { GitHubPort } from "../github/github-port.js";

export interface PlatformReviewRequest {
  pullNumber: number;
  author: string;
  headSha: string;
  team: string;
  required: number;
  checkName: string;
  /** The fingerprint of what the head needs approved. */
  fingerprint: string;
  /**
   * The pull request and base branch the approvals are for: what another pull request with the same commit
   * recorded on it is not what this one's reviewers approved.
   */
  binding: Binding;
}

export async function evaluatePlatformReview(request: PlatformReviewRequest, github: GitHubPort, memory: AppMemory): Promise<PlatformReview> {
  const { reviews, incomplete } = await github.listReviews(request.pullNumber);
  const base = { reviews, author: request.author, required: request.required, current: request.fingerprint };

  // 1. Whose latest decisive review approves, the author aside: with an empty fingerprint map, every such
  // reviewer comes out as "stale", which is the list of candidates.
  const everyone = new Set(reviews.map((r) => r.user));
  const candidates = evaluateApprovals({ ...base, members: everyone, fingerprintAt: new Map() }).stale;

  // 2. Which of them are members of the platform team (one request each, asked once per judgement).
  const checks = await Promise.all(candidates.map(async (login) => [login, await github.isTeamMember(request.team, login)] as const));
  const members = new Set(checks.filter(([, member]) => member).map(([login]) => login));

  // 3. What each member approved: the fingerprint recorded on the commit of their approval.
  const commitOf = new Map<string, string>();
  for (const login of members) commitOf.set(login, lastApproval(reviews, login)!.commitId);
  const fingerprintAt = new Map<string, string | null>([[request.headSha, request.fingerprint]]);
  const markersAt = new Map<string, CheckMarkers | null>();
  for (const commit of new Set(commitOf.values())) {
    if (commit === request.headSha) continue;
    let markers: CheckMarkers | null | undefined = memory.checkMarkers(github.repository, commit, request.binding);
    if (markers === undefined) {
      markers = await github.readCheckMarkers(commit, request.checkName, request.binding);
      if (markers) memory.rememberCheckMarkers(github.repository, commit, markers);
    }
    markersAt.set(commit, markers);
    fingerprintAt.set(commit, markers?.fingerprint ?? null);
  }

  const result = evaluateApprovals({ ...base, members, fingerprintAt });
  if (incomplete) result.approved = false;
  return { result, team: request.team, required: request.required, commitOf, markersAt, incomplete };
}

function lastApproval(reviews: ReviewRecord[], login: string): ReviewRecord | undefined {
  const lower = login.toLowerCase();
  return reviews.findLast((r) => r.user.toLowerCase() === lower && r.state.toUpperCase() === "APPROVED");
}

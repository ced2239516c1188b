/**
 * What a judgement writes on a pull request, after the verdict: the review (with its inline comments), the
 * platform team's review request, and the label added or removed. In one GraphQL mutation document when
 * the node ids are known (the pull request's from the webhook, the team's and the label's from the blob
 * query, see read-github-snapshot.ts): GitHub runs its mutations in order, and a part that fails comes
 * back as an error on its alias while the others are done. A part whose node id is unknown (a label the
 * repository does not have yet, a team not looked up) goes over REST as before, and GitHub creates the
 * label. Each part's failure is returned, never thrown: the caller reports it and keeps the verdict.
 *
 * A review is not idempotent: if GitHub posts it and the answer is lost (a 5xx, a timeout), sending the
 * mutation again posts it twice. So a mutation with the review is not retried blindly (Octokit's retry is
 * off for it): after a lost answer, one query asks whether this app's review of the head is there, and the
 * mutation is sent again without the review if it is (the team request and the label are idempotent, and
 * retried by Octokit as usual), with it if not; at most four sends in all, as Octokit would.
 *
 * One more part, in one case: when the team must go over REST (its node id unknown: a team other than the
 * default on a repository read from its tarball, see read-pull-request-context.ts), the mutation completes
 * the check run too (`updateCheckRun`, last, with the outcome as if every part succeeds), so that the REST
 * request costs no ninth request. The caller completes it again over REST when any part failed.
 */
import { completionInput, sendEarlierAnnotations, type CheckRunOutcome } from "./check-runs.js";
import { httpStatus, type GitHubClient, type RepoCoordinates } from "./github-client.js";
import { addLabel, removeLabel } from "./labels.js";
import type { ReviewComment } from "../report/render-review.js";
import { renderReviewBodyWithoutComments } from "../report/render-review.js";
import { hasOwnReview, RECENT_REVIEWS_FIELD } from "./has-own-review.js";
import { requestTeamReview } from "./reviewers.js";
import { postReview } from "./reviews.js";
import { completionRides } from "./request-batching.js";

export interface PullRequestWrites {
  pullNumber: number;
  /** The pull request's node id; without it every part goes over REST. */
  pullNodeId: string | null;
  headSha: string;
  review: { body: string; comments: ReviewComment[] } | null;
  /** The team to request (slug) and its node id, when known. */
  team: { slug: string; nodeId: string | null } | null;
  /** The label to add or remove, and its node id when the repository has it. */
  label: { name: string; nodeId: string | null; add: boolean } | null;
  /** The check run to complete in the mutation, if the team goes over REST (see above); null: not to. */
  check: CheckCompletion | null;
}

/** The check run's completion, as the caller would send it if every part succeeds. */
export interface CheckCompletion {
  checkRunId: number;
  /** The check run's node id and its repository's; without both it is not completed here. */
  nodeId: string | null;
  repositoryNodeId: string | null;
  outcome: CheckRunOutcome;
}

/** `check`: the completion of the check run. */
export type WritePart = "review" | "team" | "label" | "check";

/** The error of each part that failed; a part absent from the map was done (or not asked). */
export type WriteFailures = Map<WritePart, unknown>;

export interface Published {
  failures: WriteFailures;
  /** Whether the mutation completed the check run. */
  checkCompleted: boolean;
  /** How many of the outcome's annotations the check run has (to complete it again without them). */
  annotationsSent: number;
}

/** The mutation document for the parts present, with aliases named after the parts (the check run last). */
export function publishMutation(parts: { review: boolean; team: boolean; label: "add" | "remove" | null; check?: boolean }): string {
  const variables: string[] = [];
  const fields: string[] = [];
  if (parts.review) {
    variables.push("$review: AddPullRequestReviewInput!");
    fields.push("review: addPullRequestReview(input: $review) { clientMutationId }");
  }
  if (parts.team) {
    variables.push("$team: RequestReviewsInput!");
    fields.push("team: requestReviews(input: $team) { clientMutationId }");
  }
  if (parts.label === "add") {
    variables.push("$label: AddLabelsToLabelableInput!");
    fields.push("label: addLabelsToLabelable(input: $label) { clientMutationId }");
  } else if (parts.label === "remove") {
    variables.push("$label: RemoveLabelsFromLabelableInput!");
    fields.push("label: removeLabelsFromLabelable(input: $label) { clientMutationId }");
  }
  if (parts.check === true) {
    variables.push("$check: UpdateCheckRunInput!");
    fields.push("check: updateCheckRun(input: $check) { clientMutationId }");
  }
  return `mutation netpolGuardPublish(${variables.join(", ")}) { ${fields.join(" ")} }`;
}

function thread(comment: ReviewComment): Record<string, unknown> {
  const t: Record<string, unknown> = { path: comment.path, line: comment.line, side: "RIGHT", body: comment.body };
  if (comment.start_line !== undefined) Object.assign(t, { startLine: comment.start_line, startSide: "RIGHT" });
  return t;
}

/** GitHub's refusal of one part of the mutation (an error on its alias), the others done. */
export class PartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PartRefused";
  }
}

/** Each alias's failure in a GraphQL answer with errors; every part when the request failed as a whole. */
function failuresOf(error: unknown, parts: WritePart[]): WriteFailures {
  const failures: WriteFailures = new Map();
  // Octokit's GraphqlResponseError carries the partial `data` and the `errors` (each with its `path`).
  const answer = error as { data?: unknown; errors?: { message: string; path?: (string | number)[] }[] } | null;
  if (answer !== null && typeof answer.data === "object" && answer.data !== null) {
    const data = answer.data as Record<string, unknown>;
    for (const part of parts) {
      if (data[part] !== null && data[part] !== undefined) continue;
      const own = answer.errors?.find((e) => e.path?.[0] === part);
      failures.set(part, own ? new PartRefused(own.message) : error);
    }
    return failures;
  }
  for (const part of parts) failures.set(part, error);
  return failures;
}

/** Sends of the mutation at most: the first and, after lost answers, three more (as Octokit's retry). */
const MAX_SENDS = 4;

/** GitHub may have done what was asked: the request failed with a 5xx, or without an answer. */
function answerLost(error: unknown): boolean {
  // GraphQL errors came in an answer (HTTP 200): GitHub said what it did.
  if (Array.isArray((error as { errors?: unknown } | null)?.errors)) return false;
  const status = httpStatus(error);
  return status === undefined || status >= 500;
}

/** Whether this app's review of `headSha` is on the pull request (its marker in a review it wrote). */
async function reviewIsThere(octokit: GitHubClient, repo: RepoCoordinates, pullNumber: number, headSha: string): Promise<boolean> {
  const data = await octokit.graphql<{
    repository: { pullRequest: { reviews: { nodes: ({ viewerDidAuthor: boolean; body: string } | null)[] } } | null } | null;
  }>(
    `query netpolGuardReviewed($owner: String!, $name: String!, $number: Int!) {
      repository(owner: $owner, name: $name) { pullRequest(number: $number) { ${RECENT_REVIEWS_FIELD} } }
    }`,
    { owner: repo.owner, name: repo.repo, number: pullNumber },
  );
  return hasOwnReview(data.repository?.pullRequest?.reviews.nodes ?? [], headSha);
}

export async function publishPullRequest(octokit: GitHubClient, repo: RepoCoordinates, writes: PullRequestWrites): Promise<Published> {
  const id = writes.pullNodeId;
  const viaGraphql = {
    review: id !== null && writes.review !== null,
    team: id !== null && writes.team !== null && writes.team.nodeId !== null,
    label: id !== null && writes.label !== null && writes.label.nodeId !== null ? (writes.label.add ? "add" : "remove") : null,
  } as const;
  const parts: WritePart[] = [];
  const variables: Record<string, unknown> = {};
  if (viaGraphql.review) {
    parts.push("review");
    const review = writes.review!;
    variables.review = { pullRequestId: id, commitOID: writes.headSha, event: "COMMENT", body: review.body, threads: review.comments.map(thread) };
  }
  if (viaGraphql.team) {
    parts.push("team");
    variables.team = { pullRequestId: id, teamIds: [writes.team!.nodeId], union: true };
  }
  if (viaGraphql.label !== null) {
    parts.push("label");
    variables.label = { labelableId: id, labelIds: [writes.label!.nodeId] };
  }
  const annotations = { count: 0 };
  const check = writes.check;
  if (completionRides(check, writes.team !== null, viaGraphql.team, parts.length)) {
    try {
      const last = await sendEarlierAnnotations(octokit, repo, check.checkRunId, check.outcome, annotations);
      parts.push("check");
      variables.check = completionInput({ nodeId: check.nodeId, repositoryNodeId: check.repositoryNodeId }, check.outcome, last);
    } catch (error) {
      // Not completed here: the caller's completion over REST sends the rest.
      octokit.log.warn(`netpol-guard could not send the annotations of check run ${check.checkRunId}: ${(error as Error).message}`);
    }
  }

  let failures: WriteFailures = new Map();
  let sending = parts;
  for (let send = 1; sending.length > 0; send++) {
    const has = (part: WritePart): boolean => sending.includes(part);
    const sent: Record<string, unknown> = {};
    for (const part of sending) sent[part] = variables[part];
    try {
      // Without the review, what is sent is idempotent: Octokit's own retry (with its back-off) is fine.
      await octokit.graphql(publishMutation({ review: has("review"), team: has("team"), label: has("label") ? viaGraphql.label : null, check: has("check") }), {
        ...sent,
        ...(has("review") ? { request: { retries: 0 } } : {}),
      });
      failures = new Map();
      break;
    } catch (error) {
      failures = failuresOf(error, sending);
      if (!has("review") || !answerLost(error) || send === MAX_SENDS) break;
      let there: boolean;
      try {
        there = await reviewIsThere(octokit, repo, writes.pullNumber, writes.headSha);
      } catch {
        break; // Cannot tell: sending again could post the review twice. The failures stand.
      }
      if (there) {
        sending = sending.filter((part) => part !== "review");
        failures.delete("review");
      }
    }
  }
  // GitHub refuses a review whose comment it cannot place on its diff (merge base, renames): posted again
  // without inline comments, saying why, so that the review of this head still exists once. A request that
  // failed as a whole (no answer, no permission) is not about the lines: it is reported, not retried.
  const refused = failures.get("review");
  if (refused instanceof PartRefused && writes.review !== null && writes.review.comments.length > 0) {
    const reason = refused.message.split("\n")[0]!.slice(0, 200);
    try {
      await postReview(octokit, repo, {
        pullNumber: writes.pullNumber,
        headSha: writes.headSha,
        body: renderReviewBodyWithoutComments(writes.review.body, writes.headSha, reason),
        comments: [],
      });
      failures.delete("review");
    } catch (error) {
      failures.set("review", error);
    }
  }

  // What could not go in the mutation, over REST.
  const rest = async (part: WritePart, action: () => Promise<unknown>): Promise<void> => {
    try {
      await action();
    } catch (error) {
      failures.set(part, error);
    }
  };
  if (writes.review !== null && !viaGraphql.review) {
    const review = writes.review;
    await rest("review", () => postReview(octokit, repo, { pullNumber: writes.pullNumber, headSha: writes.headSha, ...review }));
  }
  if (writes.team !== null && !viaGraphql.team) await rest("team", () => requestTeamReview(octokit, repo, writes.pullNumber, writes.team!.slug));
  if (writes.label !== null && viaGraphql.label === null) {
    const { name, add } = writes.label;
    await rest("label", () => (add ? addLabel(octokit, repo, writes.pullNumber, name) : removeLabel(octokit, repo, writes.pullNumber, name)));
  }
  const checkCompleted = parts.includes("check") && !failures.has("check");
  return { failures, checkCompleted, annotationsSent: checkCompleted ? check!.outcome.annotations.length : annotations.count };
}

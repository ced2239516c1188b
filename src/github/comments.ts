/**
 * Answering a command comment: the `eyes` reaction when work starts, and one reply per command comment,
 * found again by a hidden marker with the command comment's id and edited (only when its text changed)
 * rather than posted twice, as renovate's `ensureComment` does.
 */
import type { GitHubClient, RepoCoordinates } from "./github-client.js";
import { replyMarker } from "../report/reply-marker.js";

/** Pages of 100 comments searched at most for an earlier reply. */
export const MAX_COMMENT_PAGES = 5;

/** Adds the `eyes` reaction to an issue or pull request comment (GitHub answers 200 when it is already there). */
export async function addEyesReaction(octokit: GitHubClient, repo: RepoCoordinates, commentId: number): Promise<void> {
  await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content: "eyes" });
}

export interface ReplyToPost {
  issueNumber: number;
  /** The command comment answered. */
  commentId: number;
  /** When the command comment was written: an earlier reply can only have been updated since then. */
  since: string;
  /** The reply, `replyMarker(commentId)` included. */
  body: string;
  /** This app's id: only its own comments are candidates. */
  appId: number;
}

export type ReplyOutcome = "created" | "updated" | "unchanged";

/** Creates the reply, or updates this app's earlier reply to the same comment; never posts it twice. */
export async function ensureReply(octokit: GitHubClient, repo: RepoCoordinates, reply: ReplyToPost): Promise<ReplyOutcome> {
  const marker = replyMarker(reply.commentId);
  for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
    const { data } = await octokit.rest.issues.listComments({ ...repo, issue_number: reply.issueNumber, since: reply.since, per_page: 100, page });
    const earlier = data.find((c) => c.performed_via_github_app?.id === reply.appId && (c.body ?? "").includes(marker));
    if (earlier) {
      if (earlier.body === reply.body) return "unchanged";
      await octokit.rest.issues.updateComment({ ...repo, comment_id: earlier.id, body: reply.body });
      return "updated";
    }
    if (data.length < 100) break;
  }
  await octokit.rest.issues.createComment({ ...repo, issue_number: reply.issueNumber, body: reply.body });
  return "created";
}

/**
 * `issue_comment` created: a `/netpol` command on the first line of a pull request comment. Comments on
 * issues, edits, and comments by bots (this app's own replies included) are ignored, as is any comment whose
 * first line is not a command.
 */
import type { Context } from "probot";
import { parseCommand } from "../commands/parse-command.js";
import { createGitHubApi } from "../github/github-api.js";
import { answerCommand } from "../pipeline/answer-command.js";
import type { AppMemory } from "../pipeline/app-memory.js";

export async function onIssueComment(context: Context<"issue_comment.created">, memory: AppMemory): Promise<void> {
  const { issue, comment, sender } = context.payload;
  if (!issue.pull_request) {
    context.log.debug(`Comment ${comment.id} is on issue #${issue.number}, not a pull request: ignored`);
    return;
  }
  if (sender.type === "Bot" || sender.login.endsWith("[bot]") || comment.user?.type === "Bot") {
    context.log.debug(`Comment ${comment.id} is by a bot (${sender.login}): ignored`);
    return;
  }
  const parsed = parseCommand(comment.body ?? "");
  if (parsed.kind === "ignore") {
    context.log.debug(`Comment ${comment.id} on #${issue.number} holds no command: ignored`);
    return;
  }
  await answerCommand(
    parsed,
    {
      id: comment.id,
      author: comment.user?.login ?? sender.login,
      createdAt: comment.created_at,
      url: comment.html_url,
      pullNumber: issue.number,
      pullOpen: issue.state === "open",
    },
    createGitHubApi(context.octokit, context.repo(), memory.snapshots, context.payload.repository?.default_branch),
    memory,
    context.log,
    context.id,
  );
}

/**
 * Answers a `/netpol` command in a pull request comment: reacts with eyes, checks who may run it (the
 * command table says), does it, and writes the answer in one reply per command comment, edited rather than
 * posted again. Never throws: what fails becomes the answer, or a log line when even replying fails.
 */
import { COMMANDS } from "../model/command-table.js";
import { renderHelp } from "../report/render-help.js";
import type { Command, ParsedComment } from "../commands/parse-command.js";
import type { OverrideRecord } from "../model/check-markers.js";
import type { PullRequestInfo } from "../github/pull-requests.js";
import type { AppMemory } from "./app-memory.js";
import type { GitHubPort } from "../github/github-port.js";
import { headPushedBefore } from "./head-pushed-before.js";
import { judgeChangeOnly, judgePullRequest, readBaseConfig, type Log } from "./judge-pull-request.js";
import {
  renderClosedAnswer,
  renderDiffAnswer,
  renderErrorAnswer,
  renderExplainAnswer,
  renderOverrideAnswer,
  renderRecheckAnswer,
  renderRefusal,
  renderReply,
  renderStaleOverride,
  renderUnboundOverride,
  renderTreeAnswer,
} from "../report/render-reply.js";
import { describeError } from "../report/describe-error.js";

/** The comment that holds the command, as the webhook says. */
export interface CommandComment {
  id: number;
  author: string;
  /** ISO time the comment was created: the "when" of an override, and where to look for an earlier reply. */
  createdAt: string;
  url: string;
  pullNumber: number;
  pullOpen: boolean;
}

const WRITE_ACCESS = new Set(["admin", "write"]);
/** An override comment older than this when handled is not acted on. */
export const MAX_OVERRIDE_AGE_MS = 10 * 60 * 1000;

export async function answerCommand(
  parsed: Exclude<ParsedComment, { kind: "ignore" }>,
  comment: CommandComment,
  github: GitHubPort,
  memory: AppMemory,
  log: Log,
  deliveryId = "",
): Promise<void> {
  const { owner, repo } = github.repository;
  // Two deliveries of one comment answer one after the other: the second finds the first's reply.
  await memory.serialize(`${owner}/${repo}#comment-${comment.id}`.toLowerCase(), async () => {
    // 1. Eyes: the command was seen and is being worked on. Best effort.
    try {
      await github.addEyesReaction(comment.id);
    } catch (error) {
      log.warn(`netpol-guard could not react to comment ${comment.id}: ${describeError(error)}`);
    }

    // 2. The answer.
    let answer: string;
    if (parsed.kind === "reply") {
      answer = parsed.message;
    } else {
      try {
        answer = await runCommand(parsed.command, comment, github, memory, log, deliveryId);
      } catch (error) {
        log.error({ err: error, command: parsed.command.name, comment: comment.id }, `netpol-guard could not answer /netpol ${parsed.command.name}`);
        answer = renderErrorAnswer(`answer ${"`"}/netpol ${parsed.command.name}${"`"}`, describeError(error));
      }
    }

    // 3. The one reply to this comment.
    try {
      const outcome = await github.ensureReply({ issueNumber: comment.pullNumber, commentId: comment.id, since: comment.createdAt, body: renderReply(comment.id, answer) });
      log.info(`${owner}/${repo}#${comment.pullNumber}: /netpol ${parsed.kind === "command" ? parsed.command.name : "(usage)"} answered (${outcome})`);
    } catch (error) {
      log.error({ err: error, comment: comment.id }, "netpol-guard could not post its reply");
    }
  });
}

async function runCommand(command: Command, comment: CommandComment, github: GitHubPort, memory: AppMemory, log: Log, deliveryId: string): Promise<string> {
  const spec = COMMANDS.find((c) => c.name === command.name)!;
  if (command.name === "help") return renderHelp();

  // Who may: write access from the repository's collaborator permission; the platform team from the teams API.
  if (spec.permission === "write") {
    const has = await github.getRepositoryPermission(comment.author);
    if (!WRITE_ACCESS.has(has)) return renderRefusal(comment.author, command, { permission: "write", has });
  }
  if ((command.name === "recheck" || command.name === "override") && !comment.pullOpen) return renderClosedAnswer(command);

  switch (command.name) {
    case "recheck": {
      const pull = await github.getPullRequest(comment.pullNumber);
      const result = await judgePullRequest({ kind: "pull_request", pullRequest: pull }, github, memory, log, deliveryId);
      return renderRecheckAnswer(result!);
    }
    case "override": {
      // A comment acted on late (a redelivery, a backlog after a restart) may be about a head long gone.
      const written = Date.parse(comment.createdAt);
      const age = memory.now() - written;
      if (!Number.isFinite(written) || age > MAX_OVERRIDE_AGE_MS) return renderStaleOverride(comment.createdAt, age);
      const pull = await github.getPullRequest(comment.pullNumber);
      const config = await readBaseConfig(pull, github);
      if (spec.permission === "platform" && !(await github.isTeamMember(config.platform.team, comment.author))) {
        return renderRefusal(comment.author, command, { permission: "platform", team: config.platform.team });
      }
      // The override binds to the head the pull request had when the comment was written: the current head
      // only if it was pushed before then (a push after the comment is not what the commenter looked at).
      const pushed = await headPushedBefore(pull.number, pull.headSha, written, github, memory);
      if (!pushed.known || !pushed.before) return renderUnboundOverride(pull.headSha, comment.createdAt, pushed.known ? pushed.evidence : null);
      const record: OverrideRecord = { headSha: pull.headSha, by: comment.author, at: comment.createdAt, reason: command.reason, commentUrl: comment.url };
      const result = await judgePullRequest({ kind: "pull_request", pullRequest: pull, override: record }, github, memory, log, deliveryId);
      return renderOverrideAnswer(result!, record);
    }
    case "explain":
    case "tree":
    case "diff": {
      const pull = await knownPull(comment.pullNumber, github, memory);
      const change = await judgeChangeOnly(pull, github, memory);
      if (command.name === "explain") return renderExplainAnswer(change, command.namespace, pull.headSha);
      if (command.name === "tree") return renderTreeAnswer(change, command.company, pull.headSha);
      return renderDiffAnswer(change.judgement, pull.baseSha, pull.headSha);
    }
  }
}

/**
 * The pull request as the app last saw it (every pull_request event updates it), else from the API: a
 * question about a pull request the app just judged costs no read.
 */
async function knownPull(number: number, github: GitHubPort, memory: AppMemory): Promise<PullRequestInfo> {
  return memory.pull(github.repository, number)?.info ?? (await github.getPullRequest(number));
}

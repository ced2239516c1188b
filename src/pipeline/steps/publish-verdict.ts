/**
 * The last step: on a pull request, the review, the platform team's request and the label; then the
 * verdict on the check run with what later judgements read back (over REST, unless the publishing
 * mutation completed it and nothing failed since); then what this process remembers of it.
 */
import type { GitHubPort } from "../../github/github-port.js";
import type { CheckMarkers } from "../../model/check-markers.js";
import type { CheckRunOutcome } from "../../report/render-check-output.js";
import type { AppMemory } from "../app-memory.js";
import type { Log } from "../judge-request.js";
import { step } from "../step.js";
import type { VerdictAtHead } from "../strictest-at-head.js";
import { publishOnPullRequest, type PublishedOnPullRequest } from "./publish-on-pull-request.js";
import type { ReadChange } from "./read-and-judge.js";
import type { Target } from "./resolve-target.js";
import type { Settled } from "./settle-approvals-and-override.js";

export interface VerdictToPublish {
  target: Target;
  read: ReadChange;
  checkName: string;
  checkRunId: number;
  settled: Settled;
  /** The check run's output with the warnings given added to those of the steps before. */
  outcome: (warnings: string[]) => CheckRunOutcome;
  markers: CheckMarkers;
  /** This pull request's own verdict at its head (null for a merge group). */
  ownVerdict: VerdictAtHead | null;
}

export async function publishVerdict(verdict: VerdictToPublish, github: GitHubPort, memory: AppMemory, log: Log): Promise<void> {
  const { target, read, settled } = verdict;
  let published: PublishedOnPullRequest = { checkCompleted: false, annotationsSent: 0, warnings: [] };
  if (target.pull) {
    // The team request and the label are about the pull request as it is now: not done for a head it has
    // moved on from (an event delivered late).
    const latest = target.pull.info.headSha === target.headSha;
    const askTeam = settled.own !== "success";
    const pull = target.pull;
    published = await step("publish on the pull request", () =>
      publishOnPullRequest(
        { change: read.change, changed: read.changed, texts: read.texts, checkName: verdict.checkName, team: read.config.platform.team, askTeam, latest, reviewed: read.context.reviewed },
        pull,
        target.headSha,
        { checkRunId: verdict.checkRunId, outcome: verdict.outcome },
        github,
        log,
      ),
    );
  }
  await step("complete the check run", async () => {
    if (!published.checkCompleted) await github.completeCheckRun(verdict.checkRunId, verdict.outcome(published.warnings), published.annotationsSent);
  });
  memory.rememberCheckMarkers(github.repository, target.headSha, verdict.markers);
  if (verdict.ownVerdict !== null) memory.rememberVerdict(github.repository, target.headSha, verdict.ownVerdict);
  if (target.pull && settled.override.known) target.pull.override = { headSha: target.headSha, baseSha: target.baseSha, record: settled.override.record };
}

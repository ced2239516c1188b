/**
 * Under the required name, the strictest verdict over every open pull request of this head into a
 * protected branch: the check run belongs to the commit, whichever pull request published it last.
 */
import type { Conclusion } from "../../engine/judge-change.js";
import type { GitHubPort } from "../../github/github-port.js";
import { renderSharedHead } from "../../report/render-shared-head.js";
import { renderTitle } from "../../report/render-title.js";
import type { AppMemory } from "../app-memory.js";
import { isProtectedBranch } from "../is-protected-branch.js";
import { step } from "../step.js";
import { strictestAtHead, type VerdictAtHead } from "../strictest-at-head.js";
import { readChange } from "./read-and-judge.js";
import type { Target } from "./resolve-target.js";
import type { Protection } from "./start-check-run.js";

/** The conclusion and title the check carries, and the section naming the pull requests it stands for. */
export interface AtHead {
  conclusion: Conclusion;
  title: string;
  /** Markdown to put before the summary (empty when only this pull request has this head). */
  sharedHead: string;
}

export async function judgeStrictestAtHead(own: VerdictAtHead, target: Target, protection: Protection, checkName: string, github: GitHubPort, memory: AppMemory): Promise<AtHead> {
  const others = await verdictsOfOthers(target, protection, github, memory);
  const strictest = strictestAtHead(own, others);
  const title = strictest === own ? own.title : `#${strictest.pull} into ${strictest.baseRef}: ${strictest.title}`;
  return { conclusion: strictest.conclusion, title, sharedHead: renderSharedHead(own, others, checkName) };
}

/**
 * The verdicts of the other open pull requests with this head into a protected branch: as this process
 * published them for the same base commit, else judged here from their base and this head, without their
 * approvals or override (stricter or equal: their own judgement counts those and publishes again). Throws
 * when GitHub cannot list them, so the check fails rather than publish a verdict that may be too lenient.
 */
async function verdictsOfOthers(target: Target, protection: Protection, github: GitHubPort, memory: AppMemory): Promise<VerdictAtHead[]> {
  const own = target.binding!;
  const listed = await step("list the open pull requests of this commit", () => github.listOpenPullsAtHead(target.headSha));
  const others = listed.filter((p) => p.number !== own.pull && isProtectedBranch(p.baseRef, protection.patterns, github.defaultBranch));
  const known = memory.verdictsAt(github.repository, target.headSha);
  const verdicts: VerdictAtHead[] = [];
  for (const other of others) {
    const remembered = known.find((v) => v.pull === other.number && v.baseRef === other.baseRef && v.baseSha === other.baseSha);
    if (remembered) {
      verdicts.push(remembered);
      continue;
    }
    const { change } = await step(`judge pull request #${other.number}, which has the same head commit`, (progress) =>
      readChange({ baseSha: other.baseSha, headSha: target.headSha }, github, memory, progress, { reviewsOf: null }),
    );
    verdicts.push({ pull: other.number, baseRef: other.baseRef, baseSha: other.baseSha, conclusion: change.judgement.conclusion, title: renderTitle(change.judgement) });
  }
  return verdicts;
}

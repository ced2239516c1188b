import type { AppMemory } from "./app-memory.js";
import type { GitHubPort } from "../github/github-port.js";

/** Whether a head was pushed before a time: yes, no (pushed after, as far as the app can tell), or unknown. */
export type PushedBefore = { known: true; before: boolean; evidence: string } | { known: false };

/**
 * Whether head `headSha` of pull request `pullNumber` was pushed before `at` (ms since the epoch), from what
 * the pusher cannot forge: when this process first saw that head in an event, else when this app first
 * started a check run on it for this pull request (GitHub's time; one request). Each is later than the
 * push, so a time before `at` proves it; a time after it proves nothing, and is taken as "after" (an
 * override is then refused, and can be given again). Commit dates are never used: they are the pusher's.
 */
export async function headPushedBefore(pullNumber: number, headSha: string, at: number, github: GitHubPort, memory: AppMemory): Promise<PushedBefore> {
  const seen = memory.pull(github.repository, pullNumber)?.seenAt.get(headSha);
  if (seen !== undefined && seen <= at) return { known: true, before: true, evidence: "seen by netpol-guard" };
  const started = await github.firstCheckRunAt(headSha, pullNumber);
  if (started !== null) {
    const time = Date.parse(started);
    return { known: true, before: time <= at, evidence: `netpol-guard's first check run on it started at ${started}` };
  }
  if (seen !== undefined) return { known: true, before: false, evidence: `first seen by netpol-guard at ${new Date(seen).toISOString()}` };
  return { known: false };
}

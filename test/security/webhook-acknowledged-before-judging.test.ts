/**
 * Hole 3 of the security review: a slow judgement held its webhook delivery open (GitHub gives up after
 * 10 s) and, running on the same thread, kept every other delivery from being answered. Deliveries are now
 * acknowledged when they arrive and handled after. Here one pull request's judge worker is held by the test
 * (a stand-in that judges in this thread, and answers only when released): its delivery is answered at
 * once, and a second pull request is answered, judged and published while the first is still being judged. Nothing sleeps: the test waits on
 * events, and on `AppMemory.idle()` at the end.
 */
import { Probot } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { AppMemory } from "../../src/pipeline/app-memory.js";
import { GitHubSnapshotCache } from "../../src/github/github-snapshot-cache.js";
import { GitHubMock } from "../helpers/github-mock.js";
import { expectMockSettled } from "../helpers/handler-test.js";
import { InThreadJudgeWorker } from "../helpers/in-thread-judge-worker.js";
import { BASE, CLEAN_HEAD, withChanges } from "../helpers/infra-repo.js";
import { pullRequestEvent } from "../helpers/payloads.js";
import { createTestProbot } from "../helpers/probot.js";

/** Yields to the event loop until `condition` holds: waits on what the app does, never on a clock. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 100_000; turn++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

let gh: GitHubMock;
afterEach(() => expectMockSettled(gh));

describe("security: a webhook is acknowledged before it is judged", () => {
  it("answers a delivery whose judgement is stuck, and judges another pull request meanwhile", async () => {
    const held = new InThreadJudgeWorker({ held: true });
    const workers = [held, new InThreadJudgeWorker()];
    const memory = new AppMemory(new GitHubSnapshotCache(), { spawn: () => workers.shift()!, setTimer: () => () => undefined });
    const probot = await createTestProbot(memory);
    // Probot's own receive: resolves when the app has acknowledged the delivery (the test helper's waits for idle).
    const acknowledge = (event: Parameters<Probot["receive"]>[0]): Promise<void> => Probot.prototype.receive.call(probot, event);
    gh = new GitHubMock();
    const base = gh.commit("base", BASE);
    // The same change as the clean one, on another commit (a README line): both succeed.
    const slow = gh.commit("slow", withChanges(CLEAN_HEAD, { "README.md": "# infra, slowly\n" }));
    const clean = gh.commit("clean", CLEAN_HEAD);
    // In the order they are sent: a GraphQL query not matched by the first interceptor left counts as unmatched.
    gh.token().tree(base).tree(slow).compare(base, slow).contextQuery().createCheckRun().blobQuery().tree(clean).compare(base, clean).contextQuery().createCheckRun().updateCheckRun(2);
    const judging = new Promise<void>((resolve) => (held.received = resolve));

    await acknowledge(pullRequestEvent("opened", { number: 7, base, head: slow }));
    await judging;
    // The first delivery is answered, its check run in progress, its judgement waiting for its worker.
    expect(gh.checkRuns.map((r) => [gh.named(r.headSha), r.status])).toEqual([["@slow", "in_progress"]]);

    await acknowledge(pullRequestEvent("opened", { number: 8, base, head: clean }));
    await until(() => gh.checkRuns.some((r) => r.headSha === clean && r.status === "completed"), "the clean pull request judged");
    expect(gh.checkRuns.map((r) => [gh.named(r.headSha), r.status, r.conclusion ?? null])).toEqual([
      ["@slow", "in_progress", null],
      ["@clean", "completed", "success"],
    ]);

    held.release();
    await memory.idle();
    expect(gh.checkRuns.map((r) => [gh.named(r.headSha), r.status, r.conclusion])).toEqual([
      ["@slow", "completed", "success"],
      ["@clean", "completed", "success"],
    ]);
  });
});

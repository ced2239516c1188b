/**
 * Hole 2 of the security review: an override bound to whatever head the app saw when it handled the
 * comment, so a push made after a platform member wrote `/netpol override` (or a redelivery after a
 * restart) was overridden too. It now applies only to a head pushed before the comment was written, as the
 * app's own record or its own check run's creation time (GitHub's clock) shows, and only within 10
 * minutes of the comment. The clock is injected: nothing sleeps.
 */
import { describe, expect, it } from "vitest";
import { useHandlerTest } from "../helpers/handler-test.js";
import { APP_ID } from "../helpers/github-mock.js";
import { BASE, CROSS_VC_HEAD } from "../helpers/infra-repo.js";
import { issueCommentEvent, pullRequestEvent } from "../helpers/payloads.js";
import { createTestProbot, TEST_NOW, testMemory } from "../helpers/probot.js";

const t = useHandlerTest();
const COMMENT = 4001;
const MINUTE = 60_000;
/** The fixtures' comments are written at TEST_NOW. */
const OVERRIDE = { number: 7, body: "/netpol override Reason: INC-1", login: "alice", commentId: COMMENT } as const;

/** The one reply the app posted. */
function reply(): string {
  return t.gh.comments.get(7)!.at(-1)!.body;
}

/** PR #7 opened at `at` with a crossing head (failure), judged. */
async function openPull(at: number): Promise<{ base: string; head: string }> {
  t.clock.now = at;
  const base = t.gh.commit("base", BASE);
  const head = t.gh.commit("head", CROSS_VC_HEAD);
  t.gh.pull(7, base, head);
  t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().publishMutation().updateCheckRun();
  await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head, author: "dev" }));
  return { base, head };
}

/** A push after the comment: head2 (another crossing) judged at TEST_NOW + 1 minute. */
async function pushAfterComment(base: string): Promise<string> {
  t.clock.now = TEST_NOW + MINUTE;
  t.gh.clock = "2024-05-02T12:01:00Z";
  const head2 = t.gh.commit("head2", { ...CROSS_VC_HEAD, "README.md": "pushed after the override was written" });
  t.gh.pull(7, base, head2);
  t.gh.tree(head2).compare(base, head2).contextQuery().createCheckRun().publishMutation().updateCheckRun();
  await t.probot.receive(pullRequestEvent("synchronize", { number: 7, base, head: head2, author: "dev" }));

  return head2;
}

describe("an override binds to the head the pull request had when it was written", () => {
  it("does not override a head pushed after the comment, when the comment is handled late", async () => {
    const { base } = await openPull(TEST_NOW - 5 * MINUTE);
    const head2 = await pushAfterComment(base);
    t.clock.now = TEST_NOW + 2 * MINUTE;
    const before = t.gh.checkRuns.length;
    // Seen by this process after the comment: its own check run on head2 is asked, and started after it too.
    t.gh.reaction(COMMENT).getPull(7).teamMembership("platform", "alice", "active").listCheckRunsForRef(head2).listComments(7).createComment(7);

    await t.probot.receive(issueCommentEvent(OVERRIDE));

    expect(t.gh.checkRuns).toHaveLength(before);
    expect(t.gh.checkRuns.at(-1)).toMatchObject({ headSha: head2, conclusion: "failure" });
    expect(reply()).toContain("Nothing was overridden: the head `");
    expect(reply()).toContain("may have been pushed after this comment (written 2024-05-02T12:00:00Z): netpol-guard's first check run on it started at 2024-05-02T12:01:00Z");
  });

  it("after a restart, does not bind a redelivered override to the head of that moment", async () => {
    const { base } = await openPull(TEST_NOW - 5 * MINUTE);
    const head2 = await pushAfterComment(base);
    t.probot = await createTestProbot(testMemory(() => TEST_NOW + 3 * MINUTE)); // a restart: nothing remembered
    t.gh.token().reaction(COMMENT).getPull(7).contextQuery().teamMembership("platform", "alice", "active").listCheckRunsForRef(head2).listComments(7).createComment(7);

    await t.probot.receive(issueCommentEvent(OVERRIDE));

    expect(t.gh.checkRuns.filter((r) => r.headSha === head2).map((r) => r.conclusion)).toEqual(["failure"]);
    expect(reply()).toContain("Nothing was overridden");
  });

  it("refuses, and says why, when nothing shows when the head was pushed", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("head", CROSS_VC_HEAD);
    t.gh.pull(7, base, head);
    // Only another pull request's run on this head (a decoy, started long before): it says nothing of #7.
    t.gh.checkRuns.push({ id: 77, name: "netpol-guard (into decoy)", headSha: head, status: "completed", conclusion: "success", output: {}, appId: APP_ID, externalId: `8:${base}:decoy`, startedAt: "2024-05-01T00:00:00Z" });
    t.gh.token().reaction(COMMENT).getPull(7).contextQuery().teamMembership("platform", "alice", "active").listCheckRunsForRef(head).listComments(7).createComment(7);

    await t.probot.receive(issueCommentEvent(OVERRIDE));

    expect(t.gh.checkRuns).toHaveLength(1);
    expect(reply()).toContain("netpol-guard cannot establish that the head `");
    expect(reply()).toContain("was pushed before this comment (written 2024-05-02T12:00:00Z)");
  });

  it("overrides the head pushed before the comment (the control: the same steps, no push after it)", async () => {
    const { head } = await openPull(TEST_NOW - 5 * MINUTE);
    t.clock.now = TEST_NOW + 2 * MINUTE;
    t.gh.reaction(COMMENT).getPull(7).teamMembership("platform", "alice", "active").createCheckRun().updateCheckRun().listComments(7).createComment(7);

    await t.probot.receive(issueCommentEvent(OVERRIDE));

    expect(t.gh.checkRuns.at(-1)).toMatchObject({ headSha: head, conclusion: "success" });
  });

  it("does not act on an override comment older than 10 minutes when handled, and says so", async () => {
    await openPull(TEST_NOW - 5 * MINUTE);
    t.clock.now = TEST_NOW + 10 * MINUTE + 1_000;
    t.gh.reaction(COMMENT).listComments(7).createComment(7);

    await t.probot.receive(issueCommentEvent(OVERRIDE));

    expect(t.gh.checkRuns).toHaveLength(1);
    expect(reply()).toContain("Not acted on: this `/netpol override` comment (written 2024-05-02T12:00:00Z) is 10 minutes old");
  });
});

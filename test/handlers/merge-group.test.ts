import { describe, expect, it } from "vitest";
import { useHandlerTest } from "../helpers/handler-test.js";
import { BASE, CROSS_VC_HEAD, VC_TO_VC_HEAD } from "../helpers/infra-repo.js";
import { checkRunRerequestedEvent, mergeGroupEvent, pullRequestEvent } from "../helpers/payloads.js";

interface CheckUpdate {
  conclusion?: string;
  output: { title: string };
}

const t = useHandlerTest();

describe("merge_group.checks_requested", () => {
  it("publishes the same check on the merge group's commit, judged against its base", async () => {
    const base = t.gh.commit("main", BASE);
    const head = t.gh.commit("queue", CROSS_VC_HEAD);
    t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun(1, { listPulls: false }).blobQuery().updateCheckRun();

    await t.probot.receive(mergeGroupEvent({ base, head }));

    expect(t.gh.summary()).toMatchInlineSnapshot(`
      [
        "POST /app/installations/4242/access_tokens",
        "GET {repo}/git/trees/@main?recursive=1",
        "GET {repo}/git/trees/@queue?recursive=1",
        "GET {repo}/compare/@main...@queue?per_page=1",
        "POST /graphql netpolGuardContext",
        "POST {repo}/check-runs",
        "POST /graphql netpolGuardBlobs",
        "PATCH {repo}/check-runs/1001",
      ]
    `);
    expect(t.gh.bodies("POST {repo}/check-runs")).toMatchInlineSnapshot(`
      [
        {
          "external_id": "merge_group:@main",
          "head_sha": "@queue",
          "name": "netpol-guard",
          "output": {
            "summary": "netpol-guard is reading the base and the head of this change.",
            "text": "<!-- netpol-guard-run @marker -->",
            "title": "Judging the change",
          },
          "status": "in_progress",
        },
      ]
    `);
    expect((t.gh.bodies("PATCH") as CheckUpdate[])[0]!.conclusion).toBe("failure");
  });

  it("neither reviews, labels nor asks for reviewers on a merge group", async () => {
    const base = t.gh.commit("main", BASE);
    const head = t.gh.commit("queue", VC_TO_VC_HEAD);
    t.gh.pull(104, base, head);
    // The queued pull request (pr-104 in the example's branch) has no approval: the group stays pending.
    t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun(1, { listPulls: false }).blobQuery().getPull(104).listReviews(104, []).updateCheckRun();

    await t.probot.receive(mergeGroupEvent({ base, head }));

    const [context] = t.gh.bodies("netpolGuardContext") as { variables: { withReviews: boolean } }[];
    expect(context!.variables.withReviews).toBe(false);
    expect((t.gh.bodies("PATCH") as CheckUpdate[])[0]!.conclusion).toBe("action_required");
  });

  it("passes a queued VC-to-VC pull request the platform team approved, when the group needs what was approved", async () => {
    const base = t.gh.commit("main", BASE);
    const prHead = t.gh.commit("vc-to-vc", VC_TO_VC_HEAD);
    t.gh.pull(8, base, prHead);
    t.gh.token().contextQuery().tree(base).tree(prHead).compare(base, prHead).createCheckRun().blobQuery().publishMutation().updateCheckRun();
    await t.probot.receive(pullRequestEvent("opened", { number: 8, base, head: prHead, author: "dev" }));
    expect((t.gh.bodies("PATCH") as CheckUpdate[]).at(-1)!.conclusion).toBe("action_required");

    // The queue's commit holds the same change; alice (platform) approved the pull request's head.
    const group = t.gh.commit("queue", VC_TO_VC_HEAD);
    t.gh.contextQuery().tree(group).compare(base, group).createCheckRun(1, { listPulls: false }).getPull(8).listReviews(8, [{ user: "alice", state: "APPROVED", commit: prHead }]).teamMembership("platform", "alice", "active").updateCheckRun();
    const before = t.gh.requests.length;
    await t.probot.receive(mergeGroupEvent({ base, head: group, headRef: `refs/heads/gh-readonly-queue/main/pr-8-${prHead}` }));

    expect(t.gh.summary().slice(before)).toMatchInlineSnapshot(`
      [
        "GET {repo}/git/trees/@queue?recursive=1",
        "GET {repo}/compare/@main...@queue?per_page=1",
        "POST /graphql netpolGuardContext",
        "POST {repo}/check-runs",
        "GET {repo}/pulls/8",
        "GET {repo}/pulls/8/reviews?per_page=100&page=1",
        "GET /orgs/acme/teams/platform/memberships/alice",
        "PATCH {repo}/check-runs/1002",
      ]
    `);
    const update = (t.gh.bodies("PATCH") as CheckUpdate[]).at(-1)!;
    expect(update.conclusion).toBe("success");
    expect(update.output.title).toContain("approved by alice");
  });

  it("counts the approval again when the merge group's check is re-run (the suite's branch names the pull request)", async () => {
    const base = t.gh.commit("main", BASE);
    const prHead = t.gh.commit("vc-to-vc", VC_TO_VC_HEAD);
    t.gh.pull(8, base, prHead);
    t.gh.token().contextQuery().tree(base).tree(prHead).compare(base, prHead).createCheckRun().blobQuery().publishMutation().updateCheckRun();
    await t.probot.receive(pullRequestEvent("opened", { number: 8, base, head: prHead, author: "dev" }));

    const group = t.gh.commit("queue", VC_TO_VC_HEAD);
    t.gh.contextQuery().tree(group).compare(base, group).createCheckRun(1, { listPulls: false }).getPull(8).listReviews(8, [{ user: "alice", state: "APPROVED", commit: prHead }]).teamMembership("platform", "alice", "active").updateCheckRun();
    await t.probot.receive(
      checkRunRerequestedEvent({ headSha: group, externalId: `merge_group:${base}`, headBranch: `gh-readonly-queue/main/pr-8-${prHead}` }),
    );

    const update = (t.gh.bodies("PATCH") as CheckUpdate[]).at(-1)!;
    expect(update.conclusion).toBe("success");
    expect(update.output.title).toContain("approved by alice");
  });

  it("keeps a queued pull request pending when its approval was for something else", async () => {
    const base = t.gh.commit("main", BASE);
    const prHead = t.gh.commit("cross", CROSS_VC_HEAD);
    t.gh.pull(9, base, prHead);
    // The group's change (VC_TO_VC_HEAD) is not what pull request 9's head (never judged here) recorded.
    const group = t.gh.commit("queue", VC_TO_VC_HEAD);
    t.gh.token().contextQuery().tree(base).tree(group).compare(base, group).createCheckRun(1, { listPulls: false }).blobQuery().getPull(9).listReviews(9, [{ user: "alice", state: "APPROVED", commit: prHead }]).teamMembership("platform", "alice", "active").listCheckRunsForRef(prHead).updateCheckRun();
    await t.probot.receive(mergeGroupEvent({ base, head: group, headRef: `refs/heads/gh-readonly-queue/main/pr-9-${prHead}` }));
    expect((t.gh.bodies("PATCH") as CheckUpdate[]).at(-1)!.conclusion).toBe("action_required");
  });
});

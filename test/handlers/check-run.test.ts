import { describe, expect, it } from "vitest";
import { useHandlerTest } from "../helpers/handler-test.js";
import { BASE, CROSS_VC_HEAD, VC_TO_VC_HEAD } from "../helpers/infra-repo.js";
import { checkRunRerequestedEvent, pullRequestEvent } from "../helpers/payloads.js";

interface CheckUpdate {
  conclusion?: string;
  output: { title: string; annotations?: unknown[] };
}

const t = useHandlerTest();

describe("check_run.rerequested", () => {
  it("judges the same head again from memory: no read but the open pull requests at it, nothing posted twice", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("cross-vc", CROSS_VC_HEAD);
    t.gh.pull(7, base, head);
    t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().publishMutation().updateCheckRun();
    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));
    const before = t.gh.requests.length;
    const reads = t.gh.reads().length;

    t.gh.createCheckRun().updateCheckRun();
    await t.probot.receive(checkRunRerequestedEvent({ headSha: head, externalId: "7", pullRequests: [7] }));

    expect(t.gh.reads().slice(reads)).toEqual(["GET {repo}/commits/@cross-vc/pulls?per_page=100"]);
    expect(t.gh.bodies("POST {repo}/check-runs")[1]).toMatchInlineSnapshot(`
      {
        "external_id": "7:@base:main",
        "head_sha": "@cross-vc",
        "name": "netpol-guard",
        "output": {
          "summary": "netpol-guard is reading the base and the head of this change.",
          "text": "<!-- netpol-guard-run @marker -->",
          "title": "Judging the change",
        },
        "status": "in_progress",
      }
    `);
    const updates = t.gh.bodies("PATCH") as CheckUpdate[];
    expect(updates[1]).toEqual(updates[0]);
  });

  it("finds a fork's pull request by the check run's external_id (pull_requests is empty)", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("fork", CROSS_VC_HEAD);
    t.gh.pull(9, base, head, { fork: true });
    t.gh.token().getPull(9).contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().listCheckRunsForRef(head).publishMutation().updateCheckRun();

    await t.probot.receive(checkRunRerequestedEvent({ headSha: head, externalId: "9", pullRequests: [] }));

    expect(t.gh.summary()).toMatchInlineSnapshot(`
      [
        "POST /app/installations/4242/access_tokens",
        "GET {repo}/pulls/9",
        "GET {repo}/git/trees/@base?recursive=1",
        "GET {repo}/git/trees/@fork?recursive=1",
        "GET {repo}/compare/@base...@fork?per_page=1",
        "POST /graphql netpolGuardContext",
        "POST {repo}/check-runs",
        "POST /graphql netpolGuardBlobs",
        "GET {repo}/commits/@fork/check-runs?check_name=netpol-guard&app_id=1&filter=all&per_page=100",
        "GET {repo}/commits/@fork/pulls?per_page=100",
        "POST /graphql netpolGuardPublish",
        "PATCH {repo}/check-runs/1001",
      ]
    `);
    expect((t.gh.bodies("PATCH") as CheckUpdate[])[0]!.conclusion).toBe("failure");
  });

  it("judges a merge group's check again from the base kept in its external_id", async () => {
    const base = t.gh.commit("main", BASE);
    const head = t.gh.commit("queue", VC_TO_VC_HEAD);
    t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun(1, { listPulls: false }).blobQuery().updateCheckRun();

    await t.probot.receive(checkRunRerequestedEvent({ headSha: head, externalId: `merge_group:${base}` }));

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
    expect((t.gh.bodies("PATCH") as CheckUpdate[])[0]!.conclusion).toBe("action_required");
  });

  it("ignores a check run that names no pull request", async () => {
    const head = t.gh.commit("head", CROSS_VC_HEAD);

    await t.probot.receive(checkRunRerequestedEvent({ headSha: head, externalId: "", pullRequests: [] }));

    expect(t.gh.requests).toEqual([]);
  });
});

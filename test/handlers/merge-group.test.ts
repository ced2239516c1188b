import { describe, expect, it } from "vitest";
import { useHandlerTest } from "../helpers/handler-test.js";
import { BASE, CROSS_VC_HEAD, VC_TO_VC_HEAD } from "../helpers/infra-repo.js";
import { mergeGroupEvent } from "../helpers/payloads.js";

interface CheckUpdate {
  conclusion?: string;
  output: { title: string };
}

const t = useHandlerTest();

describe("merge_group.checks_requested", () => {
  it("publishes the same check on the merge group's commit, judged against its base", async () => {
    const base = t.gh.commit("main", BASE);
    const head = t.gh.commit("queue", CROSS_VC_HEAD);
    t.gh.token().contextQuery().tree(base).tree(head).createCheckRun().blobQuery().updateCheckRun();

    await t.probot.receive(mergeGroupEvent({ base, head }));

    expect(t.gh.summary()).toMatchInlineSnapshot(`
      [
        "POST /app/installations/4242/access_tokens",
        "GET {repo}/git/trees/@main?recursive=1",
        "GET {repo}/git/trees/@queue?recursive=1",
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
    t.gh.token().contextQuery().tree(base).tree(head).createCheckRun().blobQuery().updateCheckRun();

    await t.probot.receive(mergeGroupEvent({ base, head }));

    const [context] = t.gh.bodies("netpolGuardContext") as { variables: { withReviews: boolean } }[];
    expect(context!.variables.withReviews).toBe(false);
    expect((t.gh.bodies("PATCH") as CheckUpdate[])[0]!.conclusion).toBe("action_required");
  });
});

import { describe, expect, it } from "vitest";
import { useHandlerTest } from "../helpers/handler-test.js";
import { BASE, CLEAN_HEAD } from "../helpers/infra-repo.js";
import { checkSuiteRerequestedEvent, pullRequestEvent } from "../helpers/payloads.js";

const t = useHandlerTest();

describe("check_suite.rerequested", () => {
  it("finds a fork's pull request through the external_id of the suite's check runs", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("fork", CLEAN_HEAD);
    t.gh.pull(9, base, head, { fork: true });
    t.gh.token().listSuiteCheckRuns(555, "9").getPull(9).contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().updateCheckRun();

    await t.probot.receive(checkSuiteRerequestedEvent({ headSha: head, suiteId: 555 }));

    expect(t.gh.summary()).toMatchInlineSnapshot(`
      [
        "POST /app/installations/4242/access_tokens",
        "GET {repo}/check-suites/555/check-runs?per_page=100",
        "GET {repo}/pulls/9",
        "GET {repo}/git/trees/@base?recursive=1",
        "GET {repo}/git/trees/@fork?recursive=1",
        "GET {repo}/compare/@base...@fork?per_page=1",
        "POST /graphql netpolGuardContext",
        "POST {repo}/check-runs",
        "POST /graphql netpolGuardBlobs",
        "GET {repo}/commits/@fork/pulls?per_page=100",
        "PATCH {repo}/check-runs/1001",
      ]
    `);
    expect(t.gh.bodies("POST {repo}/check-runs")).toMatchObject([{ external_id: "9:@base:main", head_sha: "@fork" }]);
  });

  it("judges a head it has judged before from memory", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("clean", CLEAN_HEAD);
    t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().updateCheckRun();
    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));
    const before = t.gh.requests.length;

    t.gh.createCheckRun().updateCheckRun();
    await t.probot.receive(checkSuiteRerequestedEvent({ headSha: head, suiteId: 556 }));

    expect(t.gh.summary().slice(before)).toEqual(["POST {repo}/check-runs", "GET {repo}/commits/@clean/pulls?per_page=100", "PATCH {repo}/check-runs/1002"]);
  });

  it("does nothing for a suite with no pull request", async () => {
    const head = t.gh.commit("head", CLEAN_HEAD);
    t.gh.token().listSuiteCheckRuns(557, "");

    await t.probot.receive(checkSuiteRerequestedEvent({ headSha: head, suiteId: 557 }));

    expect(t.gh.summary()).toEqual(["POST /app/installations/4242/access_tokens", "GET {repo}/check-suites/557/check-runs?per_page=100"]);
  });
});

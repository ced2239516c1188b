/**
 * The pipeline's steps, driven by an in-memory GitHub (no HTTP): what a judgement publishes, how approvals
 * and an override turn the check green and when they stop counting, the strictest verdict over the pull
 * requests of one head, and that any failure completes the check run as a failure naming the step.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { CROSS_VC_LABEL } from "../../../src/github/labels.js";
import type { BudgetHooks } from "../../../src/parse-pool/judge-within-budget.js";
import { AppMemory } from "../../../src/pipeline/app-memory.js";
import { judgePullRequest, type JudgeRequest, type Log } from "../../../src/pipeline/judge-pull-request.js";
import type { PullRequestInfo } from "../../../src/github/pull-requests.js";
import { IN_THREAD, OVER_BUDGET } from "../../helpers/in-thread-budget.js";
import { InMemoryGitHub } from "../../helpers/in-memory-github.js";
import { BASE, CLEAN_HEAD, SERVICE_2_WIDENED, TEAM_B_MOVED, VC_TO_VC_HEAD, withChanges } from "../../helpers/infra-repo.js";

const quiet: Log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function memory(hooks: BudgetHooks = IN_THREAD): AppMemory {
  return new AppMemory(undefined, hooks);
}

function opened(pull: PullRequestInfo): JudgeRequest {
  return { kind: "pull_request", pullRequest: { ...pull }, pushed: true, opened: true };
}

function reviewed(pull: PullRequestInfo): JudgeRequest {
  return { kind: "pull_request", pullRequest: { ...pull } };
}

let gh: InMemoryGitHub;
let base: string;

beforeEach(() => {
  gh = new InMemoryGitHub();
  base = gh.commit("base", BASE, "main");
  gh.teams.set("platform", new Set(["pat"]));
});

describe("judgePullRequest on an in-memory GitHub", () => {
  it("judges a clean change: one check run, created in progress and completed green over REST", async () => {
    const pull = gh.openPull(1, base, gh.commit("clean", CLEAN_HEAD));
    const result = await judgePullRequest(opened(pull), gh, memory(), quiet);
    expect(result).toMatchObject({ conclusion: "success", verdict: "success", checkName: "netpol-guard", override: null });
    expect(gh.runs(pull.headSha)).toMatchObject([{ name: "netpol-guard", status: "completed", completedBy: "rest", externalId: `1:${base}:main` }]);
    expect(gh.calls).toEqual(["readTree", "readTree", "readAncestry", "readContext", "startCheckRun", "readWatchedFiles", "listOpenPullsAtHead", "completeCheckRun"]);
    expect(gh.published).toEqual([]);
  });

  it("asks the platform team and labels a cross-company change, completing the check run in the same request", async () => {
    const pull = gh.openPull(1, base, gh.commit("cross", VC_TO_VC_HEAD));
    const result = await judgePullRequest(opened(pull), gh, memory(), quiet);
    expect(result?.conclusion).toBe("action_required");
    expect(gh.published).toMatchObject([{ pullNumber: 1, team: "platform", label: { name: CROSS_VC_LABEL, add: true } }]);
    expect(gh.runs(pull.headSha)).toMatchObject([{ status: "completed", completedBy: "mutation", output: { conclusion: "action_required" } }]);
    expect(gh.pulls.get(1)).toMatchObject({ requestedTeams: ["platform"], labels: [CROSS_VC_LABEL] });
  });

  describe("a head behind its base is judged as merging it gives", () => {
    it("a crossing only the merge makes fails the check, at the head's line", async () => {
      const tip = gh.commit("team-b moved", TEAM_B_MOVED, "main");
      const head = gh.commit("clean", CLEAN_HEAD);
      // Judged as its own tree, the head would move team-b back (a platform review), not cross.
      gh.mergeBases.set(`${tip}...${head}`, base);
      const pull = gh.openPull(1, tip, head);
      const result = await judgePullRequest(opened(pull), gh, memory(), quiet);
      expect(result?.conclusion).toBe("failure");
      const output = gh.runs(head)[0]!.output!;
      expect(output.annotations.map((a) => [a.path, a.title ?? "", a.annotation_level])).toEqual([["terraform/services/company-x/team-a.tf", expect.stringContaining("cross-vc-access"), "failure"]]);
      expect(output.summary).toContain("service-3");
      expect(output.summary).toContain(`merged onto the base's tip \`${tip.slice(0, 7)}\``);
      expect(output.summary).not.toContain("vc-move");
    });

    it("a file changed on both sides since the merge base fails with behind-base until the branch is updated", async () => {
      const tip = gh.commit("service-2 widened", SERVICE_2_WIDENED, "main");
      const head = gh.commit("clean", CLEAN_HEAD);
      gh.mergeBases.set(`${tip}...${head}`, base);
      const result = await judgePullRequest(opened(gh.openPull(1, tip, head)), gh, memory(), quiet);
      expect(result?.conclusion).toBe("failure");
      const annotations = gh.runs(head)[0]!.output!.annotations;
      expect(annotations.map((a) => [a.path, a.start_line, a.title ?? ""])).toEqual([["terraform/services/company-x/team-a.tf", 1, expect.stringContaining("behind-base")]]);
      expect(annotations[0]!.message).toContain(tip.slice(0, 7));
    });

    it("a head that shares no history with its base cannot pass", async () => {
      const tip = gh.commit("unrelated", BASE, "main");
      const head = gh.commit("clean", CLEAN_HEAD);
      gh.mergeBases.set(`${tip}...${head}`, null);
      const result = await judgePullRequest(opened(gh.openPull(1, tip, head)), gh, memory(), quiet);
      expect(result?.conclusion).toBe("failure");
      expect(gh.runs(head)[0]!.output!.summary).toContain("they share no history");
    });
  });

  describe("approvals", () => {
    it("a platform team member's approval of the head turns the check green; the author's and a non-member's do not", async () => {
      const pull = gh.openPull(1, base, gh.commit("cross", VC_TO_VC_HEAD));
      const mem = memory();
      await judgePullRequest(opened(pull), gh, mem, quiet);

      gh.reviews.set(1, [
        { user: "alice", state: "APPROVED", commitId: pull.headSha },
        { user: "bob", state: "APPROVED", commitId: pull.headSha },
      ]);
      expect((await judgePullRequest(reviewed(pull), gh, mem, quiet))?.conclusion).toBe("action_required");

      gh.reviews.get(1)!.push({ user: "pat", state: "APPROVED", commitId: pull.headSha });
      const approved = await judgePullRequest(reviewed(pull), gh, mem, quiet);
      expect(approved).toMatchObject({ conclusion: "success", verdict: "action_required" });
      expect(gh.runs(pull.headSha).at(-1)?.output?.summary).toContain("pat");
    });

    it("reads no review for a pull request just opened, and says at the top of the summary when the reviews cannot be read", async () => {
      const pull = gh.openPull(1, base, gh.commit("cross", VC_TO_VC_HEAD));
      const mem = memory();
      await judgePullRequest(opened(pull), gh, mem, quiet);
      expect(gh.calls).not.toContain("listReviews");

      gh.failing.set("listReviews", Object.assign(new Error("Server Error"), { status: 502 }));
      const result = await judgePullRequest(reviewed(pull), gh, mem, quiet);
      expect(result?.conclusion).toBe("action_required");
      const summary = gh.runs(pull.headSha).at(-1)!.output!.summary;
      // The error's text is markdown-escaped: what GitHub answers is not the app's markup.
      expect(summary.startsWith("> [!WARNING]\n> netpol-guard could not read the platform team's reviews: Server Error \\(HTTP 502\\). The verdict below stands")).toBe(true);
    });
  });

  describe("override timing", () => {
    const record = { by: "pat", at: "2024-05-02T12:00:00Z", reason: "incident 42", headSha: "", commentUrl: "https://example.invalid/c/1" };

    it("holds for the head it was given on, across a restart, and is void after a push", async () => {
      const pull = gh.openPull(1, base, gh.commit("cross", VC_TO_VC_HEAD));
      await judgePullRequest(opened(pull), gh, memory(), quiet);
      const overridden = await judgePullRequest({ kind: "pull_request", pullRequest: { ...pull }, override: record }, gh, memory(), quiet);
      expect(overridden).toMatchObject({ conclusion: "success", verdict: "action_required", override: { by: "pat", headSha: pull.headSha, baseSha: base } });

      // A fresh process reads it back from the check run it recorded it on.
      const restarted = await judgePullRequest(reviewed(pull), gh, memory(), quiet);
      expect(restarted).toMatchObject({ conclusion: "success", override: { by: "pat" } });
      expect(gh.calls.filter((c) => c === "readCheckMarkers")).toHaveLength(1);

      // A push: the new head needs its own override.
      const pushed = gh.openPull(1, base, gh.commit("cross again", withChanges(VC_TO_VC_HEAD, { "README.md": "# infra, again\n" })));
      const afterPush = await judgePullRequest({ kind: "pull_request", pullRequest: { ...pushed }, pushed: true }, gh, memory(), quiet);
      expect(afterPush).toMatchObject({ conclusion: "action_required", override: null });
    });

    it("is void once the base moved: the change judged is another one", async () => {
      const pull = gh.openPull(1, base, gh.commit("cross", VC_TO_VC_HEAD));
      await judgePullRequest({ kind: "pull_request", pullRequest: { ...pull }, override: record }, gh, memory(), quiet);
      const moved = gh.openPull(1, gh.commit("base moved", withChanges(BASE, { "README.md": "# infra, moved\n" }), "main"), pull.headSha);
      const result = await judgePullRequest(reviewed(moved), gh, memory(), quiet);
      expect(result).toMatchObject({ conclusion: "action_required", override: null });
    });
  });

  it("counts the platform team's approval of a queued pull request on its merge group, when the group's change is the one approved", async () => {
    const pull = gh.openPull(1, base, gh.commit("cross", VC_TO_VC_HEAD));
    await judgePullRequest(opened(pull), gh, memory(), quiet);
    gh.reviews.set(1, [{ user: "pat", state: "APPROVED", commitId: pull.headSha }]);
    const group = gh.commit("queue", VC_TO_VC_HEAD);
    const queued: JudgeRequest = { kind: "merge_group", baseSha: base, headSha: group, headRef: `gh-readonly-queue/main/pr-1-${pull.headSha}` };
    // A fresh process: what pull request 1's head needed approved is read back from its check run.
    expect(await judgePullRequest(queued, gh, memory(), quiet)).toMatchObject({ conclusion: "success", verdict: "action_required" });
    expect(gh.runs(group)).toMatchObject([{ externalId: `merge_group:${base}`, status: "completed", output: { conclusion: "success" } }]);

    // Without the approval, the group waits like the pull request.
    gh.reviews.set(1, []);
    expect(await judgePullRequest(queued, gh, memory(), quiet)).toMatchObject({ conclusion: "action_required" });
  });

  it("a check suite naming no pull request judges nothing and publishes nothing", async () => {
    const head = gh.commit("clean", CLEAN_HEAD);
    const result = await judgePullRequest({ kind: "check_suite", checkSuiteId: 9, headSha: head, pullNumbers: [] }, gh, memory(), quiet);
    expect(result).toBeNull();
    expect(gh.calls).toEqual(["findPullNumberInSuite"]);
    expect(gh.checkRuns).toEqual([]);
  });

  it("a re-run judges the head it names against the pull request's base, and re-reads nothing the process knows", async () => {
    const pull = gh.openPull(1, base, gh.commit("clean", CLEAN_HEAD));
    const mem = memory();
    await judgePullRequest(opened(pull), gh, mem, quiet);
    gh.calls.length = 0;
    const rerun = await judgePullRequest({ kind: "rerun", pullNumber: 1, headSha: pull.headSha, checkName: "netpol-guard" }, gh, mem, quiet);
    expect(rerun).toMatchObject({ conclusion: "success", headSha: pull.headSha });
    expect(gh.calls).not.toContain("getPullRequest");
    expect(gh.runs(pull.headSha)).toHaveLength(2);
  });

  it("publishes the strictest verdict of the open pull requests that share the head", async () => {
    const head = gh.commit("cross", VC_TO_VC_HEAD);
    // Pull request 1's base has the crossing already: its own change adds nothing.
    const crossed = gh.commit("crossed base", withChanges(VC_TO_VC_HEAD, { "README.md": "# infra, crossed\n" }));
    const first = gh.openPull(1, crossed, head);
    gh.openPull(2, base, head);
    const result = await judgePullRequest(opened(first), gh, memory(), quiet);
    expect(result).toMatchObject({ verdict: "success", conclusion: "action_required" });
    expect(result?.title).toMatch(/^#2 into main: /);
    expect(gh.runs(head).at(-1)?.output?.summary).toContain("> [!IMPORTANT]\n> This commit is the head of 2 open pull requests into protected branches.");
  });

  it("fails a judgement over its budget, naming what it cost, and never leaves the check in progress", async () => {
    const pull = gh.openPull(1, base, gh.commit("cross", VC_TO_VC_HEAD));
    const result = await judgePullRequest(opened(pull), gh, memory(OVER_BUDGET), quiet);
    expect(result).toMatchObject({ conclusion: null, title: expect.stringContaining("judging took more than its budget") });
    expect(gh.runs(pull.headSha)).toMatchObject([
      { status: "completed", completedBy: "failure", output: { conclusion: "failure", title: "netpol-guard stopped: this change took longer to judge than its budget" } },
    ]);
  });

  describe("a step that fails", () => {
    const cases: [method: "readTree" | "readWatchedFiles" | "listOpenPullsAtHead" | "completeCheckRun" | "readBranchConfig", step: string][] = [
      ["readTree", "read the watched files"],
      ["readWatchedFiles", "read the watched files"],
      ["listOpenPullsAtHead", "list the open pull requests of this commit"],
      ["completeCheckRun", "complete the check run"],
    ];
    for (const [method, step] of cases) {
      it(`${method} failing: the check run is completed as a failure that says netpol-guard could not ${step}`, async () => {
        const pull = gh.openPull(1, base, gh.commit("clean", CLEAN_HEAD));
        gh.failing.set(method, new Error(`${method} broke`));
        const result = await judgePullRequest(opened(pull), gh, memory(), quiet, "delivery-1");
        expect(result).toMatchObject({ conclusion: null, title: `netpol-guard could not ${step}: ${method} broke` });
        const runs = gh.runs(pull.headSha);
        expect(runs).toHaveLength(1);
        expect(runs[0]).toMatchObject({ status: "completed", output: { conclusion: "failure", title: `netpol-guard could not ${step}` } });
        expect(runs[0]!.output!.summary).toContain(`netpol-guard failed to ${step}: ${method} broke.`);
        expect(runs[0]!.output!.summary).toContain("webhook delivery `delivery-1`");
      });
    }

    it("the check run cannot be created: a failed one is created completed", async () => {
      const pull = gh.openPull(1, base, gh.commit("clean", CLEAN_HEAD));
      gh.failing.set("startCheckRun", new Error("no"));
      const result = await judgePullRequest(opened(pull), gh, memory(), quiet);
      expect(result?.title).toBe("netpol-guard could not create the check run: no");
      expect(gh.runs(pull.headSha)).toMatchObject([{ status: "completed", completedBy: "failure", externalId: `1:${base}:main` }]);
    });

    it("the default branch's config cannot be read for a pull request into another branch: the step says which branch", async () => {
      const pull = gh.openPull(1, base, gh.commit("clean", CLEAN_HEAD), { baseRef: "release" });
      gh.failing.set("readBranchConfig", new Error("gone"));
      const result = await judgePullRequest(opened(pull), gh, memory(), quiet);
      expect(result?.title).toBe("netpol-guard could not read the configuration of the default branch main: gone");
      expect(gh.runs(pull.headSha)).toMatchObject([{ status: "completed", output: { conclusion: "failure" } }]);
    });
  });
});

/**
 * The skip after a push, on an in-memory GitHub: a push to the base that provably leaves an open pull
 * request alone starts no judgement of it (and the log says why); a push that may change its verdict, or
 * one that cannot be compared with its last judgement, judges it again.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { AppMemory } from "../../../src/pipeline/app-memory.js";
import { judgePullRequest, type Log } from "../../../src/pipeline/judge-pull-request.js";
import { rejudgeAfterPush } from "../../../src/pipeline/rejudge-after-push.js";
import type { PullRequestInfo } from "../../../src/github/pull-requests.js";
import { createMemoryState } from "../../../src/state/create-memory-state.js";
import type { AppState } from "../../../src/state/app-state.js";
import { IN_THREAD } from "../../helpers/in-thread-budget.js";
import { InMemoryGitHub, type Files } from "../../helpers/in-memory-github.js";
import { BASE, CLEAN_HEAD, ingressPolicy, withChanges } from "../../helpers/infra-repo.js";

let gh: InMemoryGitHub;
let base: string;
let state: AppState;
let logged: string[];
const log: Log = { debug: () => undefined, info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: () => undefined };

beforeEach(() => {
  gh = new InMemoryGitHub();
  base = gh.commit("base", BASE, "main");
  state = createMemoryState();
  logged = [];
});

/** An instance of the app; instances given the same state are replicas sharing it (as over Redis). */
function replica(): AppMemory {
  return new AppMemory(undefined, IN_THREAD, Date.now, state);
}

/** Pull request 1 (CLEAN_HEAD: service-1 also reaches service-3), opened and judged by `memory`. */
async function judgedPull(memory: AppMemory): Promise<PullRequestInfo> {
  const pull = gh.openPull(1, base, gh.commit("clean", CLEAN_HEAD));
  await judgePullRequest({ kind: "pull_request", pullRequest: { ...pull }, pushed: true, opened: true }, gh, memory, log);
  expect(gh.runs(pull.headSha)).toHaveLength(1);
  return pull;
}

/** Pushes `changes` onto `from` (the tip of main), as the webhook lists them; returns the new tip. */
async function push(memory: AppMemory, name: string, from: string, changes: Record<string, string | null>): Promise<string> {
  const after = gh.commit(name, withChanges(gh.repo.files(from) as Files, changes), "main");
  logged = [];
  await rejudgeAfterPush({ branch: "main", before: from, after, paths: Object.keys(changes) }, gh, memory, log);
  return after;
}

const SERVICE_4_OWN = { "kubernetes/policies/service-4/allow-own.yaml": ingressPolicy("service-4", "service-4") };

describe("the skip after a push", () => {
  it("keeps the verdict of a pull request the push leaves alone, with no judgement, and says why; the next push compares with the new tip", async () => {
    const memory = replica();
    const pull = await judgedPull(memory);
    const calls = gh.calls.length;

    const after = await push(memory, "after", base, SERVICE_4_OWN);
    expect(gh.runs(pull.headSha)).toHaveLength(1);
    expect(logged).toContainEqual(expect.stringMatching(/#1 keeps its verdict: the push changes the policies of service-4 only, which the pull request neither changes nor reaches$/));
    // Only the push was read and judged: no check run, nothing of the pull request's head.
    expect(gh.calls.slice(calls)).toEqual(["listOpenPullsInto", "readBranchConfig", "readTree", "readTree", "readContext", "readWatchedFiles"]);

    await push(memory, "after-2", after, { "kubernetes/policies/service-5/allow-own.yaml": ingressPolicy("service-5", "service-5") });
    expect(gh.runs(pull.headSha)).toHaveLength(1);
    expect(logged).toContainEqual(expect.stringMatching(/#1 keeps its verdict: the push changes the policies of service-5 only/));
  });

  it("skips on another replica sharing the state: the record of the judgement is in AppState", async () => {
    const pull = await judgedPull(replica());
    await push(replica(), "after", base, SERVICE_4_OWN);
    expect(gh.runs(pull.headSha)).toHaveLength(1);
    expect(logged).toContainEqual(expect.stringMatching(/#1 keeps its verdict/));
  });

  const mustJudge: [string, Record<string, string | null>, RegExp][] = [
    ["a policy of a namespace the pull request reaches", { "kubernetes/policies/service-3/allow-service-1.yaml": ingressPolicy("service-3", "service-1") }, /#1 is judged again: the push changes the policies of service-3, which the pull request changes or reaches/],
    [
      "a Namespace's labels (the hierarchy)",
      { "kubernetes/namespaces/service-5.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: service-5\n  labels:\n    tier: gold\n" },
      /#1 is judged again: the push can act anywhere \(/,
    ],
    ["a platform-owned policy", { "kubernetes/policies/company-y/allow-own.yaml": ingressPolicy("company-y", "company-y") }, /#1 is judged again: the push changes findings of the base or something the platform team owns/],
    [
      "a team-kit (the hierarchy)",
      { "terraform/teams/main.tf": `${BASE["terraform/teams/main.tf"]}\nmodule "team-d" {\n  source       = "microservice-team-kit/v2.1.0.tar.gz"\n  team_name    = "team-d"\n  team_company = "company-y"\n}\n` },
      /#1 is judged again: the push can act anywhere \(/,
    ],
    ["a file the pull request changes too", { "terraform/services/company-x/team-a.tf": CLEAN_HEAD["terraform/services/company-x/team-a.tf"]! }, /#1 is judged again: both change terraform\/services\/company-x\/team-a.tf/],
    ["the config", { ".github/netpol-guard.yml": `${BASE[".github/netpol-guard.yml"]}\n# changed\n` }, /every open pull request into it is judged again: it changes the config/],
  ];
  for (const [what, changes, why] of mustJudge) {
    it(`judges the pull request again after a push that changes ${what}`, async () => {
      const memory = replica();
      const pull = await judgedPull(memory);
      await push(memory, "after", base, changes);
      expect(gh.runs(pull.headSha)).toHaveLength(2);
      expect(logged).toContainEqual(expect.stringMatching(why));
    });
  }

  it("judges again a pull request whose head has no recorded judgement against the old base", async () => {
    const memory = replica();
    const pull = gh.openPull(2, base, gh.commit("never-judged", CLEAN_HEAD));
    await push(memory, "after", base, SERVICE_4_OWN);
    expect(gh.runs(pull.headSha)).toHaveLength(1);
    expect(logged).toContainEqual(expect.stringMatching(/#2 is judged again: no judgement of its head against/));
  });

  it("judges again a pull request last judged against another base", async () => {
    const memory = replica();
    const pull = await judgedPull(memory);
    const elsewhere = gh.commit("elsewhere", withChanges(BASE, { "README.md": "# moved\n" }), "main");
    const after = gh.commit("after", withChanges(BASE, SERVICE_4_OWN), "main");
    await rejudgeAfterPush({ branch: "main", before: elsewhere, after, paths: Object.keys(SERVICE_4_OWN) }, gh, memory, log);
    expect(gh.runs(pull.headSha)).toHaveLength(2);
  });

  it("judges every pull request again after a forced push (it may move their merge bases)", async () => {
    const memory = replica();
    const pull = await judgedPull(memory);
    const after = gh.commit("after", withChanges(BASE, SERVICE_4_OWN), "main");
    await rejudgeAfterPush({ branch: "main", before: base, after, paths: Object.keys(SERVICE_4_OWN), forced: true }, gh, memory, log);
    expect(logged).toContainEqual(expect.stringMatching(/every open pull request into it is judged again: a forced push$/));
    expect(gh.runs(pull.headSha)).toHaveLength(2);
  });

  it("judges every pull request again when the branch's config cannot be read (it names the observed-flows file)", async () => {
    const memory = replica();
    const pull = await judgedPull(memory);
    gh.readBranchConfig = async () => ({ unreadable: "it is not valid UTF-8" });
    await push(memory, "after", base, SERVICE_4_OWN);
    expect(logged).toContainEqual(expect.stringMatching(/every open pull request into it is judged again: the branch's config cannot be read$/));
    expect(gh.runs(pull.headSha)).toHaveLength(2);
  });

  it("judges every pull request again when the push cannot be judged", async () => {
    const memory = replica();
    const pull = await judgedPull(memory);
    gh.failing.set("readWatchedFiles", new Error("GitHub is down"));
    const after = gh.commit("after", withChanges(BASE, SERVICE_4_OWN), "main");
    await rejudgeAfterPush({ branch: "main", before: base, after, paths: Object.keys(SERVICE_4_OWN) }, gh, memory, log);
    expect(logged).toContainEqual(expect.stringMatching(/could not tell which open pull requests the push to .* leaves alone \(GitHub is down\)/));
    expect(gh.runs(pull.headSha).length).toBeGreaterThan(1);
  });
});

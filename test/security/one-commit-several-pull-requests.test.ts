/**
 * Hole 1 of the security review: a check run belongs to a commit, not to a pull request. An author opens
 * pull request A (head H into main: a crossing, failure), pushes a branch `decoy` whose watched files are
 * H's, and opens pull request B (head H into decoy): its verdict must never reach the required check on H,
 * and nothing recorded for B (a fingerprint an approval is matched against, an override) may count for A.
 */
import { describe, expect, it } from "vitest";
import { parsePullNumber } from "../../src/github/pull-requests.js";
import { pullExternalId } from "../../src/pipeline/judge-pull-request.js";
import { useHandlerTest } from "../helpers/handler-test.js";
import { createTestProbot } from "../helpers/probot.js";
import { APP_ID } from "../helpers/github-mock.js";
import { BASE, CONFIG, CROSS_VC_HEAD, VC_TO_VC_HEAD } from "../helpers/infra-repo.js";
import { checkRunRerequestedEvent, pullRequestEvent, pullRequestReviewEvent } from "../helpers/payloads.js";

const t = useHandlerTest();

/** The latest run of each name on a commit, as branch protection reads them. */
function latestRuns(sha: string): Record<string, string | null> {
  const latest: Record<string, string | null> = {};
  for (const run of t.gh.checkRuns.filter((r) => r.headSha === sha).sort((a, b) => a.id - b.id)) latest[run.name] = run.conclusion;
  return latest;
}

/** The config of a branch the author pushed: it says its own branch is protected. */
const DECOY_CONFIG = `${CONFIG}protectedBranches: ["decoy"]\n`;
/** Head H: a crossing, and the decoy's config (the author's branch holds both). */
const HEAD = { ...CROSS_VC_HEAD, ".github/netpol-guard.yml": DECOY_CONFIG };

/** Pull request A: head H into main, judged: failure. */
async function openIntoMain(): Promise<{ main: string; head: string }> {
  const main = t.gh.commit("main", BASE);
  const head = t.gh.commit("cross-vc", HEAD);
  t.gh.pull(7, main, head);
  t.gh.token().contextQuery().tree(main).tree(head).compare(main, head).createCheckRun().blobQuery().publishMutation().updateCheckRun();
  await t.probot.receive(pullRequestEvent("opened", { number: 7, base: main, head }));
  expect(latestRuns(head)).toEqual({ "netpol-guard": "failure" });
  return { main, head };
}

describe("one commit, several pull requests", () => {
  it("a decoy pull request into an unprotected branch publishes under its own name: the required check stays failure", async () => {
    const { head } = await openIntoMain();
    // The decoy branch holds H's watched files: against it, H changes nothing. Its config is the author's.
    const decoy = t.gh.commit("decoy", HEAD);
    t.gh.pull(8, decoy, head, { baseRef: "decoy" });
    const before = t.gh.requests.length;
    t.gh.tree(decoy).compare(decoy, head).contextQuery().branchConfig("main", CONFIG).createCheckRun(1, { listPulls: false }).updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 8, base: decoy, baseRef: "decoy", head }));

    expect(t.gh.summary().slice(before)).toContain("GET {repo}/contents/.github%2Fnetpol-guard.yml?ref=refs%2Fheads%2Fmain");
    expect(t.gh.bodies("POST {repo}/check-runs").at(-1)).toMatchObject({ name: "netpol-guard (into decoy)", external_id: "8:@decoy:decoy" });
    expect(latestRuns(head)).toEqual({ "netpol-guard": "failure", "netpol-guard (into decoy)": "success" });
  });

  it("a pull request into another protected branch judged after a failing one carries that failure", async () => {
    const { main, head } = await openIntoMain();
    const release = t.gh.commit("release", HEAD);
    t.gh.pull(9, release, head, { baseRef: "release/1" });
    t.gh.tree(release).compare(release, head).contextQuery().branchConfig("main", `${CONFIG}protectedBranches: ["release/*"]\n`).createCheckRun().updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 9, base: release, baseRef: "release/1", head }));

    const [update] = (t.gh.bodies("PATCH") as { conclusion: string; output: { title: string; summary: string } }[]).slice(-1);
    expect(update!.conclusion).toBe("failure");
    expect(update!.output.title).toMatch(/^#7 into main: Crosses the company-x \/ company-y boundary/);
    expect(update!.output.summary).toContain("| #9 | `release/1` | success |");
    expect(update!.output.summary).toContain("| #7 | `main` | failure |");
    expect(latestRuns(head)).toEqual({ "netpol-guard": "failure" });
    expect(main).not.toBe(release);
  });

  it("judges another open pull request of the head that this process has not judged: its failure is not missed", async () => {
    const main = t.gh.commit("main", BASE);
    const head = t.gh.commit("cross-vc", HEAD);
    const release = t.gh.commit("release", HEAD);
    t.gh.pull(7, main, head);
    t.gh.pull(9, release, head, { baseRef: "release/1" });
    // #9 first (clean against its base), with #7 open and never judged here (another instance, a restart).
    t.gh.token().tree(release).tree(head).compare(release, head).contextQuery().branchConfig("main", `${CONFIG}protectedBranches: ["release/*"]\n`).createCheckRun().blobQuery();
    t.gh.tree(main).compare(main, head).contextQuery().updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 9, base: release, baseRef: "release/1", head }));

    expect(latestRuns(head)).toEqual({ "netpol-guard": "failure" });
    expect(t.gh.checkRuns[0]!.output.title).toMatch(/^#7 into main: /);
  });

  it("fails the required check, never passes it, when the open pull requests of the head cannot be listed", async () => {
    const main = t.gh.commit("main", BASE);
    const head = t.gh.commit("clean", { ...BASE, "README.md": "clean" });
    t.gh.token().contextQuery().tree(main).tree(head).compare(main, head).createCheckRun(1, { listPulls: false }).blobQuery().pullsAtHead(head, { status: 502 }).updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base: main, head }));

    const [update] = t.gh.bodies("PATCH") as { conclusion: string; output: { title: string } }[];
    expect(update).toMatchObject({ conclusion: "failure", output: { title: "netpol-guard could not list the open pull requests of this commit" } });
  });

  it("leaves out closed pull requests and ones whose head moved on", async () => {
    const main = t.gh.commit("main", BASE);
    const head = t.gh.commit("clean", { ...BASE, "README.md": "clean" });
    t.gh.token().contextQuery().tree(main).tree(head).compare(main, head).createCheckRun(1, { listPulls: false }).blobQuery()
      .pullsAtHead(head, { extra: [{ number: 3, state: "closed", head }, { number: 4, state: "open", head: main }] })
      .updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base: main, head }));

    expect(latestRuns(head)).toEqual({ "netpol-guard": "success" });
  });

  it("never matches an approval against what another pull request recorded on the approved commit", async () => {
    const main = t.gh.commit("main", BASE);
    const head = t.gh.commit("vc-to-vc", VC_TO_VC_HEAD);
    t.gh.pull(8, main, head);
    t.gh.token().contextQuery().tree(main).tree(head).compare(main, head).createCheckRun().blobQuery().publishMutation().updateCheckRun();
    await t.probot.receive(pullRequestEvent("opened", { number: 8, base: main, head, author: "dev" }));
    const text = t.gh.checkRuns[0]!.output.text!;
    // Commit C, approved by alice on #8: this app's run on C was published for #10 (another pull request with
    // head C), with the fingerprint #8's head needs. Had it been #8's, the approval would count.
    const approved = t.gh.commit("approved", VC_TO_VC_HEAD);
    for (const [pull, id] of [[10, 1], [8, 2]] as const) {
      const bound = text.replace(/"pull":8/, `"pull":${pull}`);
      t.gh.checkRuns.push({ id: 50 + id, name: "netpol-guard", headSha: approved, status: "completed", conclusion: "success", output: { text: bound }, appId: APP_ID });
      t.gh.createCheckRun().listReviews(8, [{ user: "alice", state: "APPROVED", commit: approved }]).teamMembership("platform", "alice", "active").listCheckRunsForRef(approved).updateCheckRun();
      await t.probot.receive(pullRequestReviewEvent("submitted", { number: 8, base: main, head, author: "dev", reviewer: "alice", state: "approved", deliveryId: `review-${pull}` }));
      const last = (t.gh.bodies("PATCH") as { conclusion: string }[]).at(-1)!;
      expect(last.conclusion, `run bound to #${pull}`).toBe(pull === 8 ? "success" : "action_required");
      // The markers read are remembered: forget them, as a restart would, before the next case.
      t.gh.checkRuns.splice(t.gh.checkRuns.findIndex((r) => r.id === 50 + id), 1);
    }
  });

  it("after a restart, never reads another pull request's override of the same head", async () => {
    const { main, head } = await openIntoMain();
    const expected: Record<number, string> = { 9: "failure", 7: "success" };
    for (const pull of [9, 7]) {
      // This app's latest run on H recorded an override of H for pull request `pull` (9: another one).
      const text = `<!-- netpol-guard:fingerprint=none -->\n<!-- netpol-guard:binding={"pull":${pull},"baseRef":"main","baseSha":"${main}"} -->\n<!-- netpol-guard:override={"headSha":"${head}","baseSha":"${main}","by":"alice","at":"2024-05-02T12:00:00Z","reason":"INC-1"} -->\n`;
      t.gh.checkRuns.push({ id: 5000 + pull, name: "netpol-guard", headSha: head, status: "completed", conclusion: "success", output: { text }, appId: APP_ID });
      t.probot = await createTestProbot(); // a restart: nothing remembered
      t.gh.token().getPull(7).tree(main).tree(head).compare(main, head).contextQuery().createCheckRun().blobQuery().listCheckRunsForRef(head).publishMutation().updateCheckRun();

      await t.probot.receive(checkRunRerequestedEvent({ headSha: head, externalId: pullExternalId(7, main, "main") }));

      expect((t.gh.bodies("PATCH") as { conclusion: string }[]).at(-1)!.conclusion, `override bound to #${pull}`).toBe(expected[pull]);
    }
  });
});

describe("the external_id of a pull request's check run", () => {
  it("carries the base, and the bare number of earlier runs is still read", () => {
    const sha = "a".repeat(40);
    expect(pullExternalId(7, sha, "release/1")).toBe(`7:${sha}:release/1`);
    expect(parsePullNumber(`7:${sha}:release/1`)).toBe(7);
    expect(parsePullNumber("7")).toBe(7);
    expect(parsePullNumber(`7:${sha}`)).toBeNull();
    expect(parsePullNumber(`x:${sha}:main`)).toBeNull();
    expect(parsePullNumber("merge_group:abc")).toBeNull();
  });
});

/**
 * Holes 1 and 2 of the security review, end to end over real HTTP (Probot's `run()` against the GitHub
 * stand-in serving a real git repository): a decoy pull request sharing a crossing head never turns the
 * required check on that head green, and an override written before a push does not override the head the
 * push made.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../helpers/fake-github.js";
import { issueCommentDelivery, pullRequestDelivery } from "../helpers/e2e-payloads.js";
import { captureLog, generateAppKey } from "../helpers/e2e-server.js";
import { startE2eWorld, type E2eWorld } from "../helpers/e2e-world.js";
import { BASE, CROSS_VC_HEAD } from "../helpers/infra-repo.js";

const SECRET = `e2e-webhook-secret-${process.pid}-5b2c`;
const key = generateAppKey();
const capture = captureLog();

let world: E2eWorld | undefined;
let gh: FakeGitHub;
let commits: Record<string, string>;
let deliverAndSettle: E2eWorld["deliverAndSettle"];

beforeAll(async () => {
  world = await startE2eWorld({
    commits: [
      { name: "base", files: BASE },
      { name: "cross", files: CROSS_VC_HEAD, parent: "base" },
      // A branch the author pushed: the head's watched files, so that against it the head changes nothing.
      { name: "decoy", files: CROSS_VC_HEAD, parent: "base" },
      { name: "cross-2", files: { ...CROSS_VC_HEAD, "README.md": "pushed after the override was written" }, parent: "cross" },
    ],
    key,
    secret: SECRET,
    log: capture.log,
  });
  ({ gh, commits, deliverAndSettle } = world);
  gh.branches.set("main", commits.base!);
  gh.branches.set("decoy", commits.decoy!);
  gh.teams.set("platform", new Set(["plat-lead"]));
});

afterAll(async () => {
  await world?.close();
});

/** The latest completed run of each name on a commit, as branch protection reads them. */
function latestRuns(sha: string): Record<string, string | null> {
  const latest: Record<string, string | null> = {};
  for (const run of gh.checksOn(sha).filter((r) => r.status === "completed")) latest[run.name] = run.conclusion;
  return latest;
}

describe("two pull requests sharing a head", () => {
  it("keeps the required check on the head a failure when a decoy pull request into an unprotected branch passes", async () => {
    const intoMain = gh.openPull(7, commits.base!, commits.cross!);
    await deliverAndSettle(pullRequestDelivery("opened", intoMain), () => gh.checksOn(intoMain.head).some((r) => r.status === "completed"), "#7 judged");
    const decoy = gh.openPull(8, commits.decoy!, commits.cross!, { baseRef: "decoy", headRef: "feature-7" });
    await deliverAndSettle(pullRequestDelivery("opened", decoy), () => gh.checksOn(decoy.head).filter((r) => r.status === "completed").length >= 2, "#8 judged");

    expect(latestRuns(commits.cross!)).toEqual({ "netpol-guard": "failure", "netpol-guard (into decoy)": "success" });
    expect(gh.invariantProblems()).toEqual([]);
    expect(gh.problems).toEqual([]);
  });
});

describe("an override followed by a push", () => {
  it("does not override the new head when the comment is handled after the push", async () => {
    const pull = gh.pulls.get(7)!;
    // plat-lead writes the override (two seconds ago, in GitHub's whole seconds) ...
    const comment = gh.addComment(7, "plat-lead", "/netpol override Reason: INC-2");
    comment.createdAt = new Date(Date.now() - 2_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    // ... the author pushes before the app handles it ...
    pull.head = commits["cross-2"]!;
    pull.updatedAt = new Date().toISOString();
    await deliverAndSettle(pullRequestDelivery("synchronize", pull), () => gh.checksOn(pull.head).some((r) => r.status === "completed"), "the push judged");
    // ... and then the comment is delivered.
    await deliverAndSettle(issueCommentDelivery(pull, comment), () => gh.comments.some((c) => c.byApp && c.body.includes(`reply-to=${comment.id}`)), "the override answered");

    expect(gh.checksOn(pull.head).map((r) => r.conclusion)).toEqual(["failure"]);
    expect(latestRuns(pull.head)).toEqual({ "netpol-guard": "failure" });
    const reply = gh.comments.find((c) => c.byApp && c.body.includes(`reply-to=${comment.id}`))!;
    expect(reply.body).toContain("Nothing was overridden");
    expect(gh.invariantProblems()).toEqual([]);
    expect(gh.problems).toEqual([]);
  });
});

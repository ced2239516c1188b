/**
 * Failures of one part of a run: a branch deleted while the app reads it (404 on its commit), and GitHub
 * refusing the inline comments of a review (an error on the review part of the publishing mutation). The check run is completed either way, and nothing is
 * posted twice.
 */
import { describe, expect, it } from "vitest";
import { checkRunRerequestedEvent, pullRequestEvent } from "../helpers/payloads.js";
import { useFaultTest } from "./fault-test.js";

const t = useFaultTest();

const LINE_NOT_RESOLVED = { message: "Unprocessable Entity", errors: ["Line could not be resolved"], documentation_url: "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request" };

describe("a branch deleted mid-run", () => {
  it("completes the check as a failure that says the commit is gone", async () => {
    const { base, clean } = t.commits;
    t.gh.fail({ method: "GET", path: new RegExp(`/git/trees/${clean}$`), status: 404, body: { message: "Not Found" } });

    await t.probot.receive(pullRequestEvent("synchronize", { number: 7, base, head: clean, deliveryId: "d-gone" }));

    // A 404 is not retried.
    expect(t.gh.summary().filter((line) => line.includes(`/git/trees/${clean}`))).toHaveLength(1);
    const [run, ...others] = t.gh.checksOn(clean);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "netpol-guard could not read the watched files" } });
    expect(run!.output.summary).toContain(
      `commit ${clean} is no longer in acme/infra \\(GitHub answered 404 Not Found\\): its branch was probably deleted or force-pushed while netpol-guard was reading it \\(HTTP 404\\)`,
    );
  });

  it("re-runs the check of a closed pull request whose branch is gone without crashing, and completes it", async () => {
    const { base, cross } = t.commits;
    t.gh.openPull(9, base, cross, { state: "closed" });
    t.gh.fail({ method: "GET", path: new RegExp(`/git/trees/${cross}$`), status: 404, body: { message: "Not Found" } });

    await expect(t.probot.receive(checkRunRerequestedEvent({ headSha: cross, externalId: "9", pullRequests: [] }))).resolves.toBeUndefined();

    const [run, ...others] = t.gh.checksOn(cross);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(run!.output.summary).toContain("no longer in acme/infra");
    expect(t.gh.reviews).toEqual([]);
  });
});

/** GitHub's answer to a review mutation whose thread is not on its diff: the review part null, with its error. */
const THREAD_NOT_ON_DIFF = {
  data: { review: null },
  errors: [{ type: "UNPROCESSABLE", path: ["review"], locations: [{ line: 1, column: 1 }], message: "Pull request review thread line must be part of the diff" }],
};

describe("an inline comment GitHub refuses", () => {
  it("posts the review again without its comments; the finding stays an annotation", async () => {
    const { base, cross } = t.commits;
    t.gh.openPull(7, base, cross);
    t.gh.fail({ operation: "netpolGuardPublish", status: 200, body: THREAD_NOT_ON_DIFF });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: cross }));

    const mutations = t.gh.requests.filter((r) => r.operation === "netpolGuardPublish");
    expect(mutations.map((r) => (r.body as { variables: { review: { threads: unknown[] } } }).variables.review.threads.length)).toEqual([1]);
    const posts = t.gh.requests.filter((r) => r.method === "POST" && r.path.endsWith("/pulls/7/reviews"));
    expect(posts.map((r) => [r.status, (r.body as { comments?: unknown[] }).comments?.length])).toEqual([[200, 0]]);
    const [review, ...more] = t.gh.reviews;
    expect(more).toEqual([]);
    expect(review!.commit).toBe(cross);
    const [title, note, marker, ...rest] = review!.body.split("\n\n");
    expect(rest).toEqual([]);
    expect(title).toBe("**netpol-guard: Crosses the company-x / company-y boundary: 1 error to fix**");
    expect(note).toBe("GitHub refused the inline comments of this review (Pull request review thread line must be part of the diff), so every finding is an annotation on its line in the check run instead.");
    expect(marker).toBe(`<!-- netpol-guard:review head=${cross} -->`);
    const [run, ...others] = t.gh.checksOn(cross);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(run!.annotations).toEqual([expect.objectContaining({ path: "terraform/services/company-x/team-a.tf", start_line: 11, annotation_level: "failure" })]);
    expect(run!.output.summary).not.toContain("could not post");

    // The review of this head is settled: a re-run posts nothing.
    await t.probot.receive(checkRunRerequestedEvent({ headSha: cross, externalId: "7", pullRequests: [7] }));
    expect(t.gh.reviews).toHaveLength(1);
    expect(t.gh.checksOn(cross).map((r) => r.status)).toEqual(["completed", "completed"]);
  });

  it("keeps the verdict and says so when the review without comments is refused too", async () => {
    const { base, cross } = t.commits;
    t.gh.openPull(7, base, cross);
    t.gh.fail({ operation: "netpolGuardPublish", status: 200, body: THREAD_NOT_ON_DIFF });
    t.gh.fail({ method: "POST", path: /\/pulls\/7\/reviews$/, status: 422, body: LINE_NOT_RESOLVED });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: cross }));

    expect(t.gh.reviews).toEqual([]);
    const [run] = t.gh.checksOn(cross);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(run!.annotations).toHaveLength(1);
    expect(run!.output.summary).toMatch(/^> \[!WARNING\]\n> netpol-guard could not post the inline review: Unprocessable Entity/);
  });
});

/** The check runs the publishing mutations completed, in order. */
function checkParts(t: ReturnType<typeof useFaultTest>): unknown[] {
  return t.gh.requests.filter((r) => r.operation === "netpolGuardPublish").map((r) => (r.body as { variables: { check?: unknown } }).variables.check);
}

describe("a team without a node id (asked over REST): the check run completed inside the publishing mutation", () => {
  it("completes it there with the verdict, and asks the team over REST", async () => {
    const { base, vcToVc } = t.commits;
    t.gh.openPull(8, base, vcToVc);

    await t.probot.receive(pullRequestEvent("opened", { number: 8, base, head: vcToVc }));

    expect(checkParts(t)).toEqual([expect.objectContaining({ status: "COMPLETED", conclusion: "ACTION_REQUIRED" })]);
    expect(t.gh.summary().filter((line) => line.startsWith("PATCH"))).toEqual([]);
    expect(t.gh.pulls.get(8)!.requestedTeams).toEqual(["platform"]);
    const [run, ...others] = t.gh.checksOn(vcToVc);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "action_required" });
    expect(run!.output.text).toContain("netpol-guard");
  });

  it("sends it again when the mutation's answer is lost after GitHub acted, and the check run ends completed", async () => {
    const { base, vcToVc } = t.commits;
    t.gh.openPull(8, base, vcToVc);
    t.gh.fail({ operation: "netpolGuardPublish", status: 502, body: { message: "Bad Gateway" }, acted: true });

    await t.probot.receive(pullRequestEvent("opened", { number: 8, base, head: vcToVc }));

    const parts = checkParts(t);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((part) => (part as { conclusion?: string } | undefined)?.conclusion === "ACTION_REQUIRED")).toBe(true);
    const [run, ...others] = t.gh.checksOn(vcToVc);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "action_required" });
    expect(run!.output.summary).not.toContain("could not");
  });

  it("completes it over REST when the whole mutation fails, with the warnings", async () => {
    const { base, vcToVc } = t.commits;
    t.gh.openPull(8, base, vcToVc);
    t.gh.fail({ operation: "netpolGuardPublish", status: 403, body: { message: "Resource not accessible by integration" } });

    await t.probot.receive(pullRequestEvent("opened", { number: 8, base, head: vcToVc }));

    expect(checkParts(t)).toHaveLength(1);
    const [run, ...others] = t.gh.checksOn(vcToVc);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "action_required" });
    expect(run!.output.summary).toMatch(/^> \[!WARNING\]\n> netpol-guard could not/);
  });
});

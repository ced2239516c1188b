/**
 * The app as production runs it: Probot's `run()` (what `probot run` calls) with its configuration in
 * environment variables, a generated private key and webhook secret, Probot's own client (throttling and
 * retries as configured by Probot), webhooks over HTTP with real signatures, and GitHub's API served by the
 * stand-in on 127.0.0.1 as a GitHub Enterprise Server (GHE_HOST, GHE_PROTOCOL=http) from a real git
 * repository. Every request body is checked against GitHub's OpenAPI description or GraphQL schema.
 *
 * The whole file's log is captured at debug level: it must never contain the private key, the webhook
 * secret, an installation token or a JWT the app signed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeGitHub, FakePull } from "../helpers/fake-github.js";
import { checkRunRerequestedDelivery, pullRequestDelivery, pullRequestReviewDelivery } from "../helpers/e2e-payloads.js";
import { captureLog, deliver, generateAppKey, sign, type RunningApp } from "../helpers/e2e-server.js";
import { startE2eWorld, type E2eWorld } from "../helpers/e2e-world.js";
import { BASE, CROSS_VC_HEAD, VC_TO_VC_HEAD } from "../helpers/infra-repo.js";
import { secretsIn } from "../helpers/e2e-secrets.js";

const SECRET = `e2e-webhook-secret-${process.pid}-9d1e`;
const key = generateAppKey();
const capture = captureLog();

let world: E2eWorld | undefined;
let gh: FakeGitHub;
let app: RunningApp;
let commits: Record<string, string>;

beforeAll(async () => {
  world = await startE2eWorld({
    commits: [
      { name: "base", files: BASE },
      { name: "cross", files: CROSS_VC_HEAD, parent: "base" },
      { name: "vc-to-vc", files: VC_TO_VC_HEAD, parent: "base" },
    ],
    key,
    secret: SECRET,
    log: capture.log,
  });
  ({ gh, app, commits } = world);
});

afterAll(async () => {
  await world?.close();
});

function deliverAndSettle(...args: Parameters<E2eWorld["deliverAndSettle"]>): Promise<void> {
  return world!.deliverAndSettle(...args);
}

function completedOn(sha: string, count: number): () => boolean {
  return () => gh.checksOn(sha).filter((r) => r.status === "completed").length >= count;
}

describe("webhook signatures", () => {
  it("refuses a delivery signed with another secret, or not signed, and does nothing", async () => {
    const pull: FakePull = gh.openPull(7, commits.base!, commits.cross!);
    const d = pullRequestDelivery("opened", pull);

    const forged = await deliver(app.webhookUrl, SECRET, d, sign("not-the-secret", JSON.stringify(d.payload)));
    const unsigned = await deliver(app.webhookUrl, SECRET, d, null);
    const garbage = await deliver(app.webhookUrl, SECRET, d, "sha256=deadbeef");

    expect([forged.status, unsigned.status, garbage.status]).toEqual([400, 400, 400]);
    expect(forged.body).toContain("signature does not match");
    expect(unsigned.body).toContain("Required headers missing: x-hub-signature-256");
    expect(gh.requests).toEqual([]);
  });
});

describe("a pull request, end to end", () => {
  it("judges a crossing pull request: token, reads, check run, inline review", async () => {
    const pull = gh.pulls.get(7) ?? gh.openPull(7, commits.base!, commits.cross!);
    await deliverAndSettle(pullRequestDelivery("opened", pull), completedOn(pull.head, 1), "the check run on #7 is completed");

    expect(gh.issuedTokens).toHaveLength(1);
    expect(gh.summary().map((line) => line.replaceAll(commits.base!, "@base").replaceAll(commits.cross!, "@cross"))).toEqual([
      "POST /app/installations/4242/access_tokens",
      "GET {repo}/git/trees/@base?recursive=1",
      "GET {repo}/git/trees/@cross?recursive=1",
      "GET {repo}/compare/@base...@cross?per_page=1",
      "POST /graphql netpolGuardContext",
      "POST {repo}/check-runs",
      "POST /graphql netpolGuardBlobs",
      "GET {repo}/commits/@cross/pulls?per_page=100",
      "POST /graphql netpolGuardPublish",
      `PATCH {repo}/check-runs/${gh.checkRuns[0]!.id}`,
    ]);
    const [run] = gh.checksOn(pull.head);
    expect(run).toMatchObject({ name: "netpol-guard", externalId: `7:${commits.base!}:main`, status: "completed", conclusion: "failure", output: { title: "Crosses the company-x / company-y boundary: 1 error to fix" } });
    expect(run!.annotations).toEqual([expect.objectContaining({ path: "terraform/services/company-x/team-a.tf", start_line: 11, annotation_level: "failure" })]);
    const [review] = gh.reviews;
    expect(review).toMatchObject({ byApp: true, commit: pull.head, state: "COMMENTED" });
    expect(review!.comments).toEqual([expect.objectContaining({ path: "terraform/services/company-x/team-a.tf", line: 11, side: "RIGHT" })]);
    expect(gh.invariantProblems()).toEqual([]);
  });

  it("re-runs the check on request: a new completed check run, nothing read but the open pull requests at the head, nothing posted again", async () => {
    const pull = gh.pulls.get(7)!;
    const before = gh.requests.length;
    const [first] = gh.checksOn(pull.head);

    await deliverAndSettle(checkRunRerequestedDelivery(first!), completedOn(pull.head, 2), "the re-run on #7 is completed");

    expect(gh.summary().slice(before).map((line) => line.replaceAll(pull.head, "@cross"))).toEqual([
      "POST {repo}/check-runs",
      "GET {repo}/commits/@cross/pulls?per_page=100",
      `PATCH {repo}/check-runs/${gh.checkRuns.at(-1)!.id}`,
    ]);
    const [, rerun] = gh.checksOn(pull.head);
    expect(rerun).toMatchObject({ status: "completed", conclusion: "failure", externalId: `7:${commits.base!}:main` });
    expect(rerun!.output.summary).toBe(first!.output.summary);
    expect(gh.reviews).toHaveLength(1);
    expect(gh.invariantProblems()).toEqual([]);
  });

  it("asks the platform team for a VC-to-VC policy, and turns the check green on a member's approval", async () => {
    gh.teams.set("platform", new Set(["plat-lead"]));
    const pull = gh.openPull(8, commits.base!, commits["vc-to-vc"]!, { user: "dev-2" });

    await deliverAndSettle(pullRequestDelivery("opened", pull), completedOn(pull.head, 1), "the check run on #8 is completed");
    const [first] = gh.checksOn(pull.head);
    expect(first).toMatchObject({ status: "completed", conclusion: "action_required" });
    expect(pull.requestedTeams).toEqual(["platform"]);
    expect(pull.labels).toEqual(["cross-vc-boundary"]);

    // Someone outside the team approves: nothing changes.
    const outsider = gh.addReview(8, "dev-3", "APPROVED", pull.head);
    await deliverAndSettle(pullRequestReviewDelivery(pull, { id: outsider.id, user: "dev-3", state: "approved", commitId: pull.head }), completedOn(pull.head, 2), "the check is judged again after dev-3's review");
    expect(gh.checksOn(pull.head)[1]).toMatchObject({ status: "completed", conclusion: "action_required" });

    // A platform member approves: green, and the label and team request stay as they were.
    const member = gh.addReview(8, "plat-lead", "APPROVED", pull.head);
    await deliverAndSettle(pullRequestReviewDelivery(pull, { id: member.id, user: "plat-lead", state: "approved", commitId: pull.head }), completedOn(pull.head, 3), "the check is judged again after plat-lead's approval");
    const approved = gh.checksOn(pull.head)[2]!;
    expect(approved).toMatchObject({ status: "completed", conclusion: "success" });
    expect(approved.output.title).toContain("approved by plat-lead");
    expect(gh.reviews.filter((r) => r.byApp && r.pull === 8)).toHaveLength(1);
    // The team was asked once (over REST: no file query was left to look up its node id; the files the
    // change touches came with the configs), the label in the mutation that posted the review.
    const asks = gh.requests.filter((r) => r.path.endsWith("/pulls/8/requested_reviewers") || (r.operation === "netpolGuardPublish" && JSON.stringify(r.body).includes("teamIds") && JSON.stringify(r.body).includes('"PR_8"')));
    expect(asks).toHaveLength(1);
    const published = gh.requests.filter((r) => r.operation === "netpolGuardPublish" && JSON.stringify(r.body).includes('"PR_8"'));
    expect(published).toHaveLength(1);
    expect(JSON.stringify(published[0]!.body)).toContain("addLabelsToLabelable");
    expect(gh.requests.filter((r) => r.path.endsWith("/issues/8/labels"))).toEqual([]);
    expect(gh.invariantProblems()).toEqual([]);
  });
});

describe("the log", () => {
  it("holds the whole file's debug log, and no secret in it", () => {
    const text = capture.lines.join("");
    // The capture is real: debug lines from Probot, Octokit and the app are in it.
    for (const line of ['"msg":"GitHub request: POST http://127.0.0.1:', '"msg":"pull_request event received (id: ', '"level":20']) {
      expect(text.includes(line), `the log has ${line}`).toBe(true);
    }
    expect(gh.issuedTokens.length).toBeGreaterThan(0);
    expect(gh.receivedJwts.length).toBeGreaterThan(0);
    expect(secretsIn(text, [key.privateKey, SECRET, ...gh.issuedTokens, ...gh.receivedJwts])).toEqual([]);
  });
});

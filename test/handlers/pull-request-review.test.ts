import { describe, expect, it } from "vitest";
import { createTestProbot } from "../helpers/probot.js";
import { APP_ID } from "../helpers/github-mock.js";
import { useHandlerTest } from "../helpers/handler-test.js";
import { BASE, CROSS_VC_HEAD, VC_TO_VC_HEAD, withChanges } from "../helpers/infra-repo.js";
import { pullRequestEvent, pullRequestReviewEvent } from "../helpers/payloads.js";

interface CheckUpdate {
  status?: string;
  conclusion?: string;
  output: { title: string; summary: string; text?: string };
}

const t = useHandlerTest();
const LABELS = ["cross-vc-boundary"];

/** company-y lets company-x in: with the egress policy of VC_TO_VC_HEAD, company-x now reaches service-5. */
const SECOND_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-from-company-x
  namespace: company-y
spec:
  podSelector: {}
  policyTypes:
    - Ingress
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              acme.io/company: company-x
`;

/** PR #8 by `dev`: the platform team's VC-to-VC policy, judged once (action_required). */
async function openVcToVc(): Promise<{ base: string; head: string }> {
  const base = t.gh.commit("base", BASE);
  const head = t.gh.commit("vc-to-vc", VC_TO_VC_HEAD);
  t.gh.pull(8, base, head);
  t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().publishMutation().updateCheckRun();
  await t.probot.receive(pullRequestEvent("opened", { number: 8, base, head, author: "dev" }));
  expect(lastUpdate().conclusion).toBe("action_required");
  return { base, head };
}

function lastUpdate(): CheckUpdate {
  return (t.gh.bodies("PATCH {repo}/check-runs") as CheckUpdate[]).at(-1)!;
}

describe("pull_request_review: platform approval", () => {
  it("turns the check green on a platform member's approval, naming who approved what, in five requests (the open pull requests at the head listed)", async () => {
    const { base, head } = await openVcToVc();
    t.gh.createCheckRun().listReviews(8, [{ user: "alice", state: "APPROVED", commit: head }]).teamMembership("platform", "alice", "active").updateCheckRun();
    const before = t.gh.requests.length;

    await t.probot.receive(pullRequestReviewEvent("submitted", { number: 8, base, head, author: "dev", labels: LABELS, reviewer: "alice", state: "approved" }));

    expect(t.gh.summary().slice(before)).toMatchInlineSnapshot(`
      [
        "POST {repo}/check-runs",
        "GET {repo}/pulls/8/reviews?per_page=100&page=1",
        "GET /orgs/acme/teams/platform/memberships/alice",
        "GET {repo}/commits/@vc-to-vc/pulls?per_page=100",
        "PATCH {repo}/check-runs/1002",
      ]
    `);
    const update = lastUpdate();
    expect(update.conclusion).toBe("success");
    expect(update.output.title).toMatchInlineSnapshot(`"Crosses the company-x / company-y boundary: approved by alice"`);
    expect(update.output.summary.split("### Introduced")[0]).toMatchInlineSnapshot(`
      "## netpol-guard: :white_check_mark: success: approved by the platform team

      **Crosses the company-x / company-y boundary: approved by alice**

      ### Platform review: approved

      Approved by alice, a member of \`platform\` (1 approval required). What they approved, unchanged at this commit:

      - vc-to-vc-policy at kubernetes/policies/company-x/allow-to-company-y.yaml:12 \\(company-x\\)

      A push that changes any of these needs a new approval; a push that leaves them alone keeps this one.

      "
    `);
    expect(update.output.text).toMatch(/^<!-- netpol-guard:fingerprint=[0-9a-f]{24} -->\n<!-- netpol-guard:binding={"pull":8,"baseRef":"main","baseSha":"@base"} -->\n<!-- netpol-guard:covers=[0-9a-f]{12} -->\n$/);
  });

  it("does not count the author's own approval", async () => {
    const { base, head } = await openVcToVc();
    // No membership request: the author never counts, whatever their team.
    t.gh.createCheckRun().listReviews(8, [{ user: "dev", state: "APPROVED", commit: head }]).updateCheckRun();

    await t.probot.receive(pullRequestReviewEvent("submitted", { number: 8, base, head, author: "dev", labels: LABELS, reviewer: "dev", state: "approved" }));

    const update = lastUpdate();
    expect(update.conclusion).toBe("action_required");
    expect(section(update.output.summary, "### Platform review")).toMatchInlineSnapshot(`
      "### Platform review

      1 approval from members of \`platform\` needed; none counts yet.

      - dev's approval does not count: the author of the pull request."
    `);
  });

  it("does not count a non-member's approval, nor a pending invitation, checked with the teams API", async () => {
    const { base, head } = await openVcToVc();
    t.gh
      .createCheckRun()
      .listReviews(8, [
        { user: "mallory", state: "APPROVED", commit: head },
        { user: "newbie", state: "APPROVED", commit: head },
      ])
      .teamMembership("platform", "mallory", "none")
      .teamMembership("platform", "newbie", "pending")
      .updateCheckRun();

    await t.probot.receive(pullRequestReviewEvent("submitted", { number: 8, base, head, author: "dev", labels: LABELS, reviewer: "mallory", state: "approved" }));

    const update = lastUpdate();
    expect(update.conclusion).toBe("action_required");
    expect(section(update.output.summary, "### Platform review").split("\n").slice(-2)).toEqual([
      "- mallory's approval does not count: not a member of the platform team.",
      "- newbie's approval does not count: not a member of the platform team.",
    ]);
  });

  it("needs approval again after a push that adds a VC-to-VC policy and a cross-company edge, and says why", async () => {
    const { base, head } = await openVcToVc();
    const approval = [{ user: "alice", state: "APPROVED" as const, commit: head }];
    t.gh.createCheckRun().listReviews(8, approval).teamMembership("platform", "alice", "active").updateCheckRun();
    await t.probot.receive(pullRequestReviewEvent("submitted", { number: 8, base, head, author: "dev", labels: LABELS, reviewer: "alice", state: "approved" }));
    expect(lastUpdate().conclusion).toBe("success");

    const head2 = t.gh.commit("second-policy", withChanges(VC_TO_VC_HEAD, { "kubernetes/policies/company-y/allow-from-company-x.yaml": SECOND_POLICY }));
    t.gh.pull(8, base, head2);
    // What alice approved is known from this process's own check run on the approved commit: no request.
    t.gh.contextQuery().tree(head2).compare(base, head2).createCheckRun().listReviews(8, approval).teamMembership("platform", "alice", "active").publishMutation().updateCheckRun();
    const before = t.gh.requests.length;
    await t.probot.receive(pullRequestEvent("synchronize", { number: 8, base, head: head2, author: "dev", labels: LABELS }));

    expect(t.gh.summary().slice(before)).not.toContain(expect.stringContaining("/check-runs?"));
    const update = lastUpdate();
    expect(update.conclusion).toBe("action_required");
    expect(update.output.title).toMatchInlineSnapshot(`"Crosses the company-x / company-y boundary: platform review needed again"`);
    expect(t.gh.named(section(update.output.summary, "### Platform review"))).toMatchInlineSnapshot(`
      "### Platform review

      1 approval from members of \`platform\` needed; none counts yet.

      - alice approved \`64cb779\`, but the cross-company edges and platform-owned changes are different now; it needs approval again. New or changed since then:
        - vc-to-vc-policy at kubernetes/policies/company-y/allow-from-company-x.yaml:12 \\(company-y\\)
        - company-x \\(company-x\\) → service-5 \\(company-y\\)"
    `);
  });

  it("keeps the approval after a push that leaves the crossings alone", async () => {
    const { base, head } = await openVcToVc();
    const approval = [{ user: "alice", state: "APPROVED" as const, commit: head }];
    t.gh.createCheckRun().listReviews(8, approval).teamMembership("platform", "alice", "active").updateCheckRun();
    await t.probot.receive(pullRequestReviewEvent("submitted", { number: 8, base, head, author: "dev", labels: LABELS, reviewer: "alice", state: "approved" }));

    const head2 = t.gh.commit("readme", withChanges(VC_TO_VC_HEAD, { "README.md": "# infra\n\nVC-to-VC: PLAT-431.\n" }));
    t.gh.pull(8, base, head2);
    t.gh.contextQuery().tree(head2).compare(base, head2).createCheckRun().listReviews(8, approval).teamMembership("platform", "alice", "active").publishMutation().updateCheckRun();
    await t.probot.receive(pullRequestEvent("synchronize", { number: 8, base, head: head2, author: "dev", labels: LABELS }));

    const update = lastUpdate();
    expect(update.conclusion).toBe("success");
    expect(update.output.summary).toContain(`Approved by alice (on \`${head.slice(0, 7)}\`), a member of \`platform\``);
  });

  it("after a restart, reads what an approved commit needed from this app's check run on it, never from a look-alike", async () => {
    const { base, head } = await openVcToVc();
    // A workflow's check run of the same name on the approved commit, claiming what the new head needs: ignored.
    const head2 = t.gh.commit("second-policy", withChanges(VC_TO_VC_HEAD, { "kubernetes/policies/company-y/allow-from-company-x.yaml": SECOND_POLICY }));
    t.gh.pull(8, base, head2);

    t.probot = await createTestProbot();
    const approval = [{ user: "alice", state: "APPROVED" as const, commit: head }];
    t.gh.token().contextQuery().tree(base).tree(head2).compare(base, head2).createCheckRun().blobQuery().listReviews(8, approval).teamMembership("platform", "alice", "active");
    t.gh.listCheckRunsForRef(head).publishMutation().updateCheckRun();
    t.gh.addCheckRun({ id: 1, name: "netpol-guard", headSha: head, status: "completed", conclusion: "success", output: { text: "forged" }, appId: APP_ID + 1 });
    await t.probot.receive(pullRequestEvent("synchronize", { number: 8, base, head: head2, author: "dev", labels: LABELS }));

    expect(t.gh.summary()).toContain("GET {repo}/commits/@vc-to-vc/check-runs?check_name=netpol-guard&app_id=1&filter=all&per_page=100");
    const update = lastUpdate();
    expect(update.conclusion).toBe("action_required");
    expect(update.output.summary).toContain(`- alice approved \`${head.slice(0, 7)}\`, but the cross-company edges and platform-owned changes are different now`);
  });

  it("turns the check back when the approval is dismissed", async () => {
    const { base, head } = await openVcToVc();
    t.gh.createCheckRun().listReviews(8, [{ user: "alice", state: "APPROVED", commit: head }]).teamMembership("platform", "alice", "active").updateCheckRun();
    await t.probot.receive(pullRequestReviewEvent("submitted", { number: 8, base, head, author: "dev", labels: LABELS, reviewer: "alice", state: "approved" }));
    expect(lastUpdate().conclusion).toBe("success");

    // Dismissed: GitHub lists the review as DISMISSED; nobody's latest review approves, no membership to check.
    t.gh.createCheckRun().listReviews(8, [{ user: "alice", state: "DISMISSED", commit: head }]).updateCheckRun();
    await t.probot.receive(pullRequestReviewEvent("dismissed", { number: 8, base, head, author: "dev", labels: LABELS, reviewer: "alice", state: "dismissed" }));

    expect(lastUpdate().conclusion).toBe("action_required");
    expect(lastUpdate().output.title).toMatchInlineSnapshot(`"Crosses the company-x / company-y boundary: platform review requested"`);
  });

  it("never turns a failure green, and reads no review for it", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("cross-vc", CROSS_VC_HEAD);
    t.gh.pull(7, base, head);
    t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().publishMutation().updateCheckRun();
    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head, author: "dev" }));

    t.gh.createCheckRun().updateCheckRun();
    const before = t.gh.requests.length;
    await t.probot.receive(pullRequestReviewEvent("submitted", { number: 7, base, head, author: "dev", reviewer: "alice", state: "approved" }));

    expect(t.gh.summary().slice(before)).toEqual(["POST {repo}/check-runs", "GET {repo}/commits/@cross-vc/pulls?per_page=100", "PATCH {repo}/check-runs/1002"]);
    expect(lastUpdate().conclusion).toBe("failure");
  });

  it("judges nothing for a review that only comments (this app's own review included)", async () => {
    const { base, head } = await openVcToVc();
    const before = t.gh.requests.length;

    await t.probot.receive(pullRequestReviewEvent("submitted", { number: 8, base, head, reviewer: "netpol-guard[bot]", state: "commented" }));
    await t.probot.receive(pullRequestReviewEvent("edited", { number: 8, base, head, reviewer: "bob", state: "commented" }));

    expect(t.gh.requests.length).toBe(before);
  });
});

/** The markdown section that starts with `heading`, up to the next heading. */
function section(summary: string, heading: string): string {
  const start = summary.indexOf(`${heading}\n`);
  if (start < 0) return "";
  const rest = summary.slice(start + heading.length);
  const end = rest.search(/\n#{2,3} /);
  return (heading + (end < 0 ? rest : rest.slice(0, end))).trim();
}

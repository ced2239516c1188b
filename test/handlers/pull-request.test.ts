import { describe, expect, it } from "vitest";
import { MAX_SUMMARY_BYTES, SUMMARY_CUT_NOTE } from "../../src/report/render-check-output.js";
import { utf8Length } from "../../src/report/utf8-length.js";
import { useHandlerTest } from "../helpers/handler-test.js";
import { BASE, CLEAN_HEAD, CONFIG_CHANGE_HEAD, CROSS_VC_HEAD, VC_TO_VC_HEAD, withChanges } from "../helpers/infra-repo.js";
import type { RepoFiles } from "../helpers/github-mock.js";
import { checkRunRerequestedEvent, pullRequestEvent } from "../helpers/payloads.js";

interface CheckUpdate {
  status?: string;
  conclusion?: string;
  output: { title: string; summary: string; annotations?: { path: string; start_line: number; annotation_level: string; message: string }[] };
}

const t = useHandlerTest();

/** The expectations of a first judgement: token, context, both trees, check run, blobs. */
function firstJudgement(base: string, head: string): void {
  t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery();
}

describe("pull_request", () => {
  it("judges a clean pull request as success, in six requests after the token", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("clean", CLEAN_HEAD);
    firstJudgement(base, head);
    t.gh.updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

    expect(t.gh.summary()).toMatchInlineSnapshot(`
      [
        "POST /app/installations/4242/access_tokens",
        "GET {repo}/git/trees/@base?recursive=1",
        "GET {repo}/git/trees/@clean?recursive=1",
        "GET {repo}/compare/@base...@clean?per_page=1",
        "POST /graphql netpolGuardContext",
        "POST {repo}/check-runs",
        "POST /graphql netpolGuardBlobs",
        "GET {repo}/commits/@clean/pulls?per_page=100",
        "PATCH {repo}/check-runs/1001",
      ]
    `);
    expect(t.gh.bodies("POST {repo}/check-runs")).toMatchInlineSnapshot(`
      [
        {
          "external_id": "7:@base:main",
          "head_sha": "@clean",
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
    expect(t.gh.bodies("PATCH")).toMatchInlineSnapshot(`
      [
        {
          "conclusion": "success",
          "output": {
            "summary": "## netpol-guard: :white_check_mark: success

      **No new access across companies \\(2 edges added, 0 removed\\)**

      ### Introduced by this change

      Nothing: no finding is new in this change.

      ### Connectivity

      2 namespace edges added (0 across companies), 0 removed.

      **Added**

      | From (company) | To (company) | Crosses companies |
      | --- | --- | --- |
      | service-1 (company-x) | service-3 (company-x) | no |
      | service-3 (company-x) | service-1 (company-x) | no |
      ",
            "text": "<!-- netpol-guard:fingerprint=none -->
      <!-- netpol-guard:binding={"pull":7,"baseRef":"main","baseSha":"@base"} -->
      ",
            "title": "No new access across companies (2 edges added, 0 removed)",
          },
          "status": "completed",
        },
      ]
    `);
    // The context query asks for both configs, the review marker, the label and the (default) team, and the
    // two blobs the change touches; the blob query the other watched files.
    const [context] = t.gh.bodies("netpolGuardContext") as { variables: Record<string, unknown> }[];
    expect(JSON.stringify(context!.variables)).toMatchInlineSnapshot(`"{"label":"cross-vc-boundary","team":"platform","o0":"0d09ba8f50d6d2e9449ec20e13628ecaeac20751","o1":"b38b99e6129071123f6495d27a74a5b36ed5b802","owner":"acme","name":"infra","baseExpression":"@base:.github/netpol-guard.yml","withBase":true,"headExpression":"@clean:.github/netpol-guard.yml","withHead":true,"number":7,"withReviews":true}"`);
    const oids = (t.gh.bodies("POST /graphql netpolGuard") as { variables: Record<string, string> }[]).flatMap((b) => Object.keys(b.variables).filter((k) => /^o\d+$/.test(k)));
    expect(oids).toHaveLength(Object.keys(BASE).length - 2 + 1);
  });

  it("fails a pull request that crosses a company boundary in a starter-kit block: annotation and inline suggestion", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("cross-vc", CROSS_VC_HEAD);
    t.gh.pull(7, base, head);
    firstJudgement(base, head);
    t.gh.publishMutation().updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

    expect(t.gh.summary().slice(6)).toMatchInlineSnapshot(`
      [
        "POST /graphql netpolGuardBlobs",
        "GET {repo}/commits/@cross-vc/pulls?per_page=100",
        "POST /graphql netpolGuardPublish",
        "PATCH {repo}/check-runs/1001",
      ]
    `);
    const [update] = t.gh.bodies("PATCH") as CheckUpdate[];
    expect(update!.conclusion).toBe("failure");
    expect(update!.output.title).toMatchInlineSnapshot(`"Crosses the company-x / company-y boundary: 1 error to fix"`);
    expect(update!.output.annotations).toMatchInlineSnapshot(`
      [
        {
          "annotation_level": "failure",
          "end_line": 11,
          "message": "service-1 (in company-x) lists service-4, which belongs to company company-y: traffic between companies is the platform team's decision, so remove it and ask the platform team for a VC-to-VC policy.",
          "path": "terraform/services/company-x/team-a.tf",
          "start_line": 11,
          "title": "cross-vc-access (error)",
        },
      ]
    `);
    // One mutation: the review only (no platform review, no label to remove).
    const [published] = t.gh.published();
    expect(Object.keys(published!)).toEqual(["review"]);
    const review = published!.review;
    expect(review!.pullRequestId).toBe("PR_7");
    expect(review!.commitOID).toBe("@cross-vc");
    expect(review!.event).toBe("COMMENT");
    expect(review!.body).toMatchInlineSnapshot(`
      "**netpol-guard: Crosses the company-x / company-y boundary: 1 error to fix**

      Each finding is commented on its line below.

      <!-- netpol-guard:review head=@cross-vc -->"
    `);
    expect(review!.threads).toMatchInlineSnapshot(`
      [
        {
          "body": ":x: **netpol-guard** error \`cross-vc-access\`

      service-1 \\(in company-x\\) lists service-4, which belongs to company company-y: traffic between companies is the platform team's decision, so remove it and ask the platform team for a VC-to-VC policy.

      Suggested fix (removes the line):

      \`\`\`suggestion
      \`\`\`",
          "line": 11,
          "path": "terraform/services/company-x/team-a.tf",
          "side": "RIGHT",
        },
      ]
    `);
  });

  it("asks the platform team once for a VC-to-VC policy, and labels the pull request", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("vc-to-vc", VC_TO_VC_HEAD);
    t.gh.pull(8, base, head);
    firstJudgement(base, head);
    t.gh.publishMutation().updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 8, base, head }));

    const [update] = t.gh.bodies("PATCH") as CheckUpdate[];
    expect(update!.conclusion).toBe("action_required");
    expect(update!.output.title).toMatchInlineSnapshot(`"Crosses the company-x / company-y boundary: platform review requested"`);
    expect(update!.output.annotations!.map((a) => `${a.annotation_level} ${a.path}:${a.start_line}`)).toMatchInlineSnapshot(`
      [
        "warning kubernetes/policies/company-x/allow-to-company-y.yaml:12",
      ]
    `);
    // The review, the team and the label in one mutation, by the node ids the blob query found.
    const [published] = t.gh.published();
    expect(published!.team).toEqual({ pullRequestId: "PR_8", teamIds: ["T_platform"], union: true });
    expect(published!.label).toEqual({ labelableId: "PR_8", labelIds: ["LA_cross"] });
    // The most a first judgement costs: ten requests after the installation token.
    expect(t.gh.summary()).toMatchInlineSnapshot(`
      [
        "POST /app/installations/4242/access_tokens",
        "GET {repo}/git/trees/@base?recursive=1",
        "GET {repo}/git/trees/@vc-to-vc?recursive=1",
        "GET {repo}/compare/@base...@vc-to-vc?per_page=1",
        "POST /graphql netpolGuardContext",
        "POST {repo}/check-runs",
        "POST /graphql netpolGuardBlobs",
        "GET {repo}/commits/@vc-to-vc/pulls?per_page=100",
        "POST /graphql netpolGuardPublish",
        "PATCH {repo}/check-runs/1001",
      ]
    `);

    // A new commit on the same pull request: the team was asked already, the label is there.
    const head2 = t.gh.commit("vc-to-vc-2", withChanges(VC_TO_VC_HEAD, { "README.md": "# infra\n\nVC-to-VC: PLAT-431.\n" }));
    t.gh.pull(8, base, head2);
    // A push: the reviews are read (an approval of the same crossings would still hold); none yet.
    t.gh.contextQuery().tree(head2).compare(base, head2).createCheckRun().listReviews(8, []).publishMutation().updateCheckRun();
    const before = t.gh.requests.length;

    await t.probot.receive(pullRequestEvent("synchronize", { number: 8, base, head: head2, labels: ["cross-vc-boundary"] }));

    expect(t.gh.summary().slice(before)).toMatchInlineSnapshot(`
      [
        "GET {repo}/git/trees/@vc-to-vc-2?recursive=1",
        "GET {repo}/compare/@base...@vc-to-vc-2?per_page=1",
        "POST /graphql netpolGuardContext",
        "POST {repo}/check-runs",
        "GET {repo}/pulls/8/reviews?per_page=100&page=1",
        "GET {repo}/commits/@vc-to-vc-2/pulls?per_page=100",
        "POST /graphql netpolGuardPublish",
        "PATCH {repo}/check-runs/1002",
      ]
    `);
    expect(t.gh.published().filter((p) => p.team)).toHaveLength(1);
  });

  it("asks a team the blob query could not find over REST, and takes its 422 (already requested) as done", async () => {
    t.gh.teamIds.delete("platform");
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("vc-to-vc", VC_TO_VC_HEAD);
    t.gh.pull(8, base, head);
    firstJudgement(base, head);
    // The team over REST: the mutation completes the check run (see request-budget.test.ts).
    t.gh.publishMutation().requestReviewers(8, 422);

    await t.probot.receive(pullRequestEvent("opened", { number: 8, base, head }));

    expect(t.gh.bodies("PATCH")).toEqual([]);
    const check = t.gh.published()[0]!.check;
    expect(check).toMatchObject({ status: "COMPLETED", conclusion: "ACTION_REQUIRED" });
    expect(check!.output.summary).not.toContain("could not");
  });

  it("judges a draft, but asks the platform team only once it is ready for review", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("vc-to-vc", VC_TO_VC_HEAD);
    t.gh.pull(8, base, head, { draft: true });
    firstJudgement(base, head);
    t.gh.publishMutation().updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 8, base, head, draft: true }));
    expect(t.gh.published().filter((p) => p.team)).toEqual([]);
    expect((t.gh.bodies("PATCH") as CheckUpdate[])[0]!.conclusion).toBe("action_required");

    // Ready for review: same commits, so no file is read again, only the reviews; the review and the label are done.
    t.gh.createCheckRun().listReviews(8, []).publishMutation().updateCheckRun();
    const before = t.gh.requests.length;
    await t.probot.receive(pullRequestEvent("ready_for_review", { number: 8, base, head, labels: ["cross-vc-boundary"] }));
    expect(t.gh.summary().slice(before)).toMatchInlineSnapshot(`
      [
        "POST {repo}/check-runs",
        "GET {repo}/pulls/8/reviews?per_page=100&page=1",
        "GET {repo}/commits/@vc-to-vc/pulls?per_page=100",
        "POST /graphql netpolGuardPublish",
        "PATCH {repo}/check-runs/1002",
      ]
    `);
  });

  it("creates a label the repository does not have yet over REST, the rest in the mutation", async () => {
    t.gh.labelIds.delete("cross-vc-boundary");
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("vc-to-vc", VC_TO_VC_HEAD);
    t.gh.pull(8, base, head);
    firstJudgement(base, head);
    t.gh.publishMutation().addLabels(8).updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 8, base, head }));

    expect(t.gh.summary().slice(-3)).toEqual(["POST /graphql netpolGuardPublish", "POST {repo}/issues/8/labels", "PATCH {repo}/check-runs/1001"]);
    expect(Object.keys(t.gh.published()[0]!)).toEqual(["review", "team"]);
    expect(t.gh.bodies("/labels")).toEqual([{ labels: ["cross-vc-boundary"] }]);
    expect((t.gh.bodies("PATCH") as CheckUpdate[])[0]!.output.summary).not.toContain("could not");
  });

  it("keeps the verdict when one part of the publishing mutation fails, says which, and tries that part again next time", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("vc-to-vc", VC_TO_VC_HEAD);
    t.gh.pull(8, base, head);
    firstJudgement(base, head);
    t.gh.publishMutation({ fail: ["label"] }).updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 8, base, head }));

    const [update] = t.gh.bodies("PATCH") as CheckUpdate[];
    expect(update!.conclusion).toBe("action_required");
    expect(update!.output.summary.split("\n\n")[0]).toMatchInlineSnapshot(`
      "> [!WARNING]
      > netpol-guard could not update the \`cross-vc-boundary\` label: Could not resolve to a node with the global id of 'LA\\_cross'. The verdict below stands; re-run this check to try again."
    `);
    expect(update!.output.summary).not.toContain("could not post the inline review");
    expect(update!.output.summary).not.toContain("could not request");
    const [published] = t.gh.published();
    expect(Object.keys(published!)).toEqual(["review", "team", "label"]);

    // A re-run: the review and the team are done, only the label is sent again.
    t.gh.createCheckRun().listReviews(8, []).publishMutation().updateCheckRun();
    await t.probot.receive(checkRunRerequestedEvent({ headSha: head, externalId: "8" }));
    expect(t.gh.published().slice(1)).toEqual([{ label: { labelableId: "PR_8", labelIds: ["LA_cross"] } }]);
    expect((t.gh.bodies("PATCH") as CheckUpdate[])[1]!.output.summary).not.toContain("could not");
  });

  it("fails no part twice when the whole publishing mutation fails: each is a warning, the verdict stands", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("cross-vc", CROSS_VC_HEAD);
    t.gh.pull(7, base, head);
    firstJudgement(base, head);
    t.gh.publishMutation({ status: 403 }).updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

    const [update] = t.gh.bodies("PATCH") as CheckUpdate[];
    expect(update!.status).toBe("completed");
    expect(update!.conclusion).toBe("failure");
    expect(update!.output.summary.split("\n\n")[0]).toContain("netpol-guard could not post the inline review");
    // The review is not posted again over REST when GraphQL refused the whole document: one request.
    expect(t.gh.summary().filter((l) => l.includes("reviews"))).toEqual([]);
  });

  it("removes the label when the change no longer crosses a boundary", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("clean", CLEAN_HEAD);
    firstJudgement(base, head);
    t.gh.publishMutation().updateCheckRun();

    await t.probot.receive(pullRequestEvent("synchronize", { number: 9, base, head, labels: ["cross-vc-boundary"] }));

    expect(t.gh.summary().at(-2)).toBe("POST /graphql netpolGuardPublish");
    expect(t.gh.bodies("netpolGuardPublish")[0]).toMatchObject({ query: expect.stringContaining("removeLabelsFromLabelable") });
    expect(t.gh.published()).toEqual([{ label: { labelableId: "PR_9", labelIds: ["LA_cross"] } }]);
    expect((t.gh.bodies("PATCH") as CheckUpdate[])[0]!.conclusion).toBe("success");
  });

  it("sends 120 annotations in three updates of 50, 50 and 20, and never fetches files over 1 MiB", async () => {
    const big: RepoFiles = {};
    for (let i = 0; i < 120; i++) big[`kubernetes/generated/policy-${String(i).padStart(3, "0")}.yaml`] = { size: 2 * 1024 * 1024 };
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("huge", { ...CLEAN_HEAD, ...big });
    t.gh.pull(10, base, head);
    firstJudgement(base, head);
    t.gh.updateCheckRun(3);

    await t.probot.receive(pullRequestEvent("opened", { number: 10, base, head }));

    const updates = t.gh.bodies("PATCH") as CheckUpdate[];
    expect(updates.map((u) => [u.status ?? "in_progress", u.conclusion ?? null, u.output.annotations?.length])).toEqual([
      ["in_progress", null, 50],
      ["in_progress", null, 50],
      ["completed", "failure", 20],
    ]);
    expect(updates[2]!.output.annotations![19]).toMatchInlineSnapshot(`
      {
        "annotation_level": "failure",
        "end_line": 1,
        "message": "kubernetes/generated/policy-119.yaml was not read: it is 2.0 MiB, over the 1 MiB limit. What it declares is unknown, so it cannot pass.",
        "path": "kubernetes/generated/policy-119.yaml",
        "start_line": 1,
        "title": "parse-error (error)",
      }
    `);
    // The blob query never asks for the large files: they are findings from their size in the tree alone.
    const oids = (t.gh.bodies("POST /graphql netpolGuard") as { variables: Record<string, string> }[]).flatMap((b) => Object.keys(b.variables).filter((k) => /^o\d+$/.test(k)));
    expect(oids).toHaveLength(Object.keys(BASE).length - 2 + 1);
  });

  it("cuts a summary over 65,535 bytes with a note instead of having it rejected", async () => {
    const long: RepoFiles = {};
    const dir = ["a", "b", "c", "d"].map((c) => c.repeat(200)).join("/");
    for (let i = 0; i < 60; i++) long[`kubernetes/${dir}/policy-${i}.yaml`] = { size: 5 * 1024 * 1024 };
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("long", { ...BASE, ...long });
    t.gh.pull(11, base, head);
    firstJudgement(base, head);
    t.gh.updateCheckRun(2);

    await t.probot.receive(pullRequestEvent("opened", { number: 11, base, head }));

    const updates = t.gh.bodies("PATCH") as CheckUpdate[];
    for (const update of updates) {
      expect(utf8Length(update.output.summary)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
      expect(update.output.summary).toContain(SUMMARY_CUT_NOTE);
    }
    expect(updates.at(-1)!.conclusion).toBe("failure");
    expect(updates.map((u) => u.output.annotations?.length)).toEqual([50, 10]);
  });

  it("judges a change to the config with the base's config, and flags it as platform-owned", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("config-change", CONFIG_CHANGE_HEAD);
    t.gh.pull(12, base, head);
    firstJudgement(base, head);
    t.gh.publishMutation().updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 12, base, head }));

    const [update] = t.gh.bodies("PATCH") as CheckUpdate[];
    expect(update!.conclusion).toBe("failure");
    // The head's config watches nothing; the base's still finds the starter-kit entry.
    expect(update!.output.annotations!.map((a) => `${a.annotation_level} ${a.path}:${a.start_line} ${a.message.slice(0, 60)}`)).toMatchInlineSnapshot(`
      [
        "warning .github/netpol-guard.yml:1 .github/netpol-guard.yml is changed; the bot's configuration",
        "failure terraform/services/company-x/team-a.tf:11 service-1 (in company-x) lists service-4, which belongs to c",
      ]
    `);
    const review = t.gh.published()[0]!.review;
    expect(review!.threads.map((c) => `${c.path}:${c.line}`)).toMatchInlineSnapshot(`
      [
        ".github/netpol-guard.yml:1",
        "terraform/services/company-x/team-a.tf:11",
      ]
    `);
  });

  it("does not post the review again when GitHub already has this app's review of the head", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("cross-vc", CROSS_VC_HEAD);
    t.gh.pull(7, base, head);
    // Posted before a restart: the marker in the review is all that is left of it.
    t.gh.reviews.push({ pull: 7, body: `earlier\n\n<!-- netpol-guard:review head=${head} -->`, byApp: true });
    // A marker in someone else's review does not count.
    t.gh.reviews.push({ pull: 7, body: `<!-- netpol-guard:review head=${head} -->`, byApp: false });
    firstJudgement(base, head);
    // Reopened, not pushed: an override of this head would still hold, and after a restart only the check
    // run on GitHub knows.
    t.gh.listCheckRunsForRef(head).updateCheckRun();

    await t.probot.receive(pullRequestEvent("reopened", { number: 7, base, head }));

    expect(t.gh.summary()).not.toContain("POST {repo}/pulls/7/reviews");
    expect((t.gh.bodies("PATCH") as CheckUpdate[])[0]!.conclusion).toBe("failure");
  });

  it("re-judges an edited pull request only when its base branch changed", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("clean", CLEAN_HEAD);

    await t.probot.receive(pullRequestEvent("edited", { number: 7, base, head, changes: { title: { from: "old" } } }));
    expect(t.gh.requests).toEqual([]);

    firstJudgement(base, head);
    t.gh.updateCheckRun();
    await t.probot.receive(pullRequestEvent("edited", { number: 7, base, head, changes: { base: { ref: { from: "release" }, sha: { from: base } } } }));
    expect(t.gh.summary()).toHaveLength(9);
  });

  it("fails closed on a tree GitHub truncated", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("clean", CLEAN_HEAD);
    t.gh.token().contextQuery().tree(base).tree(head, { truncated: true }).compare(base, head).createCheckRun().blobQuery().updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

    const [update] = t.gh.bodies("PATCH") as CheckUpdate[];
    expect(update!.conclusion).toBe("failure");
    expect(update!.output.annotations![0]!.message).toMatchInlineSnapshot(`"The file tree of commit @clean is larger than GitHub lists in one response (it came back truncated), so some watched files may be missing from what was judged. What was not read cannot pass."`);
  });
});

describe("errors", () => {
  it("completes the check as a failure when an API request fails in the middle", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("cross-vc", CROSS_VC_HEAD);
    t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun(1, { listPulls: false }).failGraphql("netpolGuardBlobs", 502).updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head, deliveryId: "d-1" }));

    expect(t.gh.summary().at(-1)).toBe("PATCH {repo}/check-runs/1001");
    expect(t.gh.bodies("PATCH")).toMatchInlineSnapshot(`
      [
        {
          "conclusion": "failure",
          "output": {
            "summary": "## netpol-guard: could not judge this change

      netpol-guard failed to read the watched files: Server Error \\(HTTP 502\\).

      Nothing was judged, so this check fails rather than pass unread.

      **To try again**, click **Re-run** on this check in the Checks tab, or push a new commit. If it fails again, ask the platform team to look at the app's log (webhook delivery \`d-1\`).
      ",
            "title": "netpol-guard could not read the watched files",
          },
          "status": "completed",
        },
      ]
    `);
  });

  it("keeps the verdict when the review cannot be posted, and says so at the top of the summary", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("cross-vc", CROSS_VC_HEAD);
    t.gh.pull(7, base, head);
    firstJudgement(base, head);
    // Refused with its comments, then without them (test/faults covers the retry that succeeds).
    t.gh.publishMutation({ fail: ["review"] }).createReview(7, 422).updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

    const [update] = t.gh.bodies("PATCH") as CheckUpdate[];
    expect(update!.conclusion).toBe("failure");
    expect(update!.output.summary.split("\n\n")[0]).toMatchInlineSnapshot(`
      "> [!WARNING]
      > netpol-guard could not post the inline review: Unprocessable Entity: "Line could not be resolved" \\(HTTP 422\\). The verdict below stands; re-run this check to try again."
    `);
    expect(update!.output.annotations).toHaveLength(1);
  });

  it("creates the check as a failure when reading fails before the check run exists", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("clean", CLEAN_HEAD);
    t.gh.token().failGraphql("netpolGuardContext", 500).tree(base).tree(head).compare(base, head).createCheckRun(1, { listPulls: false });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head, deliveryId: "d-2" }));

    const [created] = t.gh.bodies("POST {repo}/check-runs") as Record<string, unknown>[];
    expect(created).toMatchInlineSnapshot(`
      {
        "conclusion": "failure",
        "external_id": "7:@base:main",
        "head_sha": "@clean",
        "name": "netpol-guard",
        "output": {
          "summary": "## netpol-guard: could not judge this change

      netpol-guard failed to read the configuration: Server Error \\(HTTP 500\\).

      Nothing was judged, so this check fails rather than pass unread.

      **To try again**, click **Re-run** on this check in the Checks tab, or push a new commit. If it fails again, ask the platform team to look at the app's log (webhook delivery \`d-2\`).
      ",
          "title": "netpol-guard could not read the configuration",
        },
        "status": "completed",
      }
    `);
  });
});

describe("duplicate deliveries", () => {
  it("judges the same event delivered again under another id from memory: no read but the open pull requests at the head, nothing posted twice", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("vc-to-vc", VC_TO_VC_HEAD);
    t.gh.pull(8, base, head);
    firstJudgement(base, head);
    t.gh.publishMutation().updateCheckRun();
    const event = pullRequestEvent("opened", { number: 8, base, head, deliveryId: "same-delivery" });

    await t.probot.receive(event);
    const reads = t.gh.reads().length;
    const before = t.gh.requests.length;
    t.gh.createCheckRun().updateCheckRun();
    await t.probot.receive({ ...event, id: "another-delivery" });

    // Which pull requests are open at the head is read again: never taken from memory.
    expect(t.gh.reads().slice(reads)).toEqual(["GET {repo}/commits/@vc-to-vc/pulls?per_page=100"]);
    expect(t.gh.summary().slice(before)).toEqual(["POST {repo}/check-runs", "GET {repo}/commits/@vc-to-vc/pulls?per_page=100", "PATCH {repo}/check-runs/1002"]);
    const updates = t.gh.bodies("PATCH") as CheckUpdate[];
    expect(updates[1]).toEqual(updates[0]);

    // A redelivery (GitHub keeps the delivery id) publishes nothing at all, not even a check run.
    const after = t.gh.requests.length;
    await t.probot.receive(event);
    expect(t.gh.requests).toHaveLength(after);
  });

  it("judges a delivery that arrives twice at once only once", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("cross-vc", CROSS_VC_HEAD);
    t.gh.pull(7, base, head);
    firstJudgement(base, head);
    t.gh.publishMutation().updateCheckRun();
    const event = pullRequestEvent("opened", { number: 7, base, head, deliveryId: "twice" });

    await Promise.all([t.probot.receive(event), t.probot.receive(event)]);

    expect(t.gh.bodies("POST {repo}/check-runs")).toHaveLength(1);
    expect(t.gh.published()).toHaveLength(1);
    expect(t.gh.reads()).toHaveLength(6);
  });
});

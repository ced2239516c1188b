import { describe, expect, it } from "vitest";
import { replyMarker } from "../../src/report/reply-marker.js";
import { useHandlerTest } from "../helpers/handler-test.js";
import { createTestProbot } from "../helpers/probot.js";
import { BASE, CROSS_VC_HEAD, VC_TO_VC_HEAD, withChanges } from "../helpers/infra-repo.js";
import { issueCommentEvent, pullRequestEvent } from "../helpers/payloads.js";

interface CheckUpdate {
  conclusion?: string;
  output: { title: string; summary: string; text?: string };
}

const t = useHandlerTest();
const COMMENT = 4001;

/** The app's latest reply to a comment (as posted or edited), marker line left out. */
function reply(commentId = COMMENT): string {
  const marker = replyMarker(commentId);
  const bodies = t.gh.requests
    .filter((r) => r.path.startsWith("/repos/acme/infra/issues/") && r.path.includes("comments") && (r.method === "POST" || r.method === "PATCH"))
    .map((r) => (r.body as { body?: string }).body ?? "")
    .filter((body) => body.split("\n", 1)[0] === marker);
  const body = bodies.at(-1)!;
  return body.slice(body.indexOf("\n") + 1);
}

/** company-y lets company-x in: with the egress policy of VC_TO_VC_HEAD, company-x reaches service-5. */
const CROSSING_HEAD = withChanges(VC_TO_VC_HEAD, {
  "kubernetes/policies/company-y/allow-from-company-x.yaml": `apiVersion: networking.k8s.io/v1
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
`,
});

function lastUpdate(): CheckUpdate {
  return (t.gh.bodies("PATCH {repo}/check-runs") as CheckUpdate[]).at(-1)!;
}

/** PR #7 judged once (so the caches are warm); `files` is its head. */
async function openPull(files = CROSS_VC_HEAD): Promise<{ base: string; head: string }> {
  const base = t.gh.commit("base", BASE);
  const head = t.gh.commit("head", files);
  t.gh.pull(7, base, head);
  t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().publishMutation();
  t.gh.updateCheckRun();
  await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head, author: "dev" }));
  return { base, head };
}

/** The requests of answering any command: eyes, then the search for an earlier reply, then the reply. */
function answering(): void {
  t.gh.reaction(COMMENT).listComments(7).createComment(7);
}

describe("issue_comment: what is ignored", () => {
  it("ignores comments on issues, by bots, edits, and comments whose first line is not a command", async () => {
    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol help", onIssue: true }));
    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol help", bot: true, login: "renovate" }));
    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol help", action: "edited" }));
    await t.probot.receive(issueCommentEvent({ number: 7, body: "LGTM\n/netpol recheck" }));
    await t.probot.receive(issueCommentEvent({ number: 7, body: "> /netpol override Reason: quoted" }));

    expect(t.gh.requests).toEqual([]);
  });
});

describe("issue_comment: commands", () => {
  it("/netpol help: eyes, then one reply with the command table", async () => {
    t.gh.token();
    answering();

    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol help" }));

    expect(t.gh.summary()).toMatchInlineSnapshot(`
      [
        "POST /app/installations/4242/access_tokens",
        "POST {repo}/issues/comments/4001/reactions",
        "GET {repo}/issues/7/comments?since=2024-05-02T12%3A00%3A00Z&per_page=100&page=1",
        "POST {repo}/issues/7/comments",
      ]
    `);
    expect(t.gh.bodies("reactions")).toEqual([{ content: "eyes" }]);
    expect(reply()).toMatchInlineSnapshot(`
      "**netpol-guard commands** (the first line of a comment):

      | Command | What it does | Who |
      | --- | --- | --- |
      | \`/netpol help\` | Show this list of commands. | anyone |
      | \`/netpol recheck\` | Judge the pull request again now. | users with write access |
      | \`/netpol explain NAMESPACE\` | Every policy that applies to NAMESPACE at the head commit, where it comes from, and what it allows. | anyone |
      | \`/netpol tree [COMPANY]\` | The namespace hierarchy at the head commit, drawn like \`kubectl hns tree\`. | anyone |
      | \`/netpol diff\` | The connectivity this pull request adds and removes, with company names, as a table and a Mermaid graph. | anyone |
      | \`/netpol override Reason: TEXT\` | Break-glass: turn a failing or pending check green until the next push, recording who, when and why. | platform team members |
      "
    `);
  });

  it("answers an unknown command and bad arguments with the usage", async () => {
    t.gh.token();
    answering();
    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol explain two words" }));
    expect(reply()).toMatchInlineSnapshot(`
      "\`explain\` needs exactly one namespace.

      Usage: \`/netpol explain NAMESPACE\`

      Every policy that applies to NAMESPACE at the head commit, where it comes from, and what it allows.
      "
    `);

    t.gh.reaction(COMMENT + 1).listComments(7).createComment(7);
    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol deploy", commentId: COMMENT + 1 }));
    expect(reply(COMMENT + 1).split("\n\n")[0]).toBe("Unknown command `deploy`.");
  });

  it("answers once per comment: a second delivery edits the reply it finds, or leaves it when unchanged", async () => {
    t.gh.token();
    answering();
    const event = issueCommentEvent({ number: 7, body: "/netpol help", deliveryId: "same" });
    await t.probot.receive(event);
    // Someone quoting the marker does not make their comment the app's.
    t.gh.comments.unshift({ id: 1, issue: 7, body: replyMarker(COMMENT), user: "mallory", byApp: false, createdAt: t.gh.now(), updatedAt: t.gh.now(), reactions: [] });

    t.gh.reaction(COMMENT).listComments(7);
    const before = t.gh.requests.length;
    await t.probot.receive(event);
    expect(t.gh.summary().slice(before)).toEqual(["POST {repo}/issues/comments/4001/reactions", "GET {repo}/issues/7/comments?since=2024-05-02T12%3A00%3A00Z&per_page=100&page=1"]);

    // An earlier, different answer to the same comment is edited in place.
    const mine = t.gh.comments.find((c) => c.issue === 7 && c.byApp)!;
    mine.body = `${replyMarker(COMMENT)}\nan older answer`;
    t.gh.reaction(COMMENT).listComments(7).updateComment(mine.id);
    await t.probot.receive(event);
    expect(t.gh.bodies("POST {repo}/issues/7/comments")).toHaveLength(1);
    expect(reply()).toContain("**netpol-guard commands**");
  });

  it("/netpol explain: what netpol-guard explain prints for the head, in a collapsible block, from the caches", async () => {
    const { head } = await openPull();
    answering();
    const before = t.gh.requests.length;

    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol explain service-1" }));

    expect(t.gh.summary().slice(before)).toEqual([
      "POST {repo}/issues/comments/4001/reactions",
      "GET {repo}/issues/7/comments?since=2024-05-02T12%3A00%3A00Z&per_page=100&page=1",
      "POST {repo}/issues/7/comments",
    ]);
    const answer = t.gh.named(reply());
    expect(answer.split("\n\n").slice(0, 2)).toEqual([
      "**service-1** at the head commit `" + head.slice(0, 7) + "`: a service namespace under team-a, company company-x",
      "<details><summary>netpol-guard explain service-1</summary>",
    ]);
    expect(answer).toContain("```text\nservice-1: a service namespace under team-a, company company-x\n\nPolicies that apply");
    expect(answer).toContain("  2. service-1/service-1-allow-egress: generated by starter-kit module \"service-1\" (terraform/services/company-x/team-a.tf:10)");
    expect(answer).toContain("  May reach 2 known namespaces:\n    kube-system (shared)\n    service-2 (company-x)\n");
    expect(answer.trimEnd().endsWith("```\n\n</details>")).toBe(true);
  });

  it("/netpol explain of a namespace the head does not have", async () => {
    const { head } = await openPull();
    answering();
    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol explain service-9" }));
    expect(reply()).toBe(`\`service-9\` is not a namespace at the head commit \`${head.slice(0, 7)}\`. \`/netpol tree\` lists them.\n`);
  });

  it("/netpol tree and /netpol tree COMPANY: the hierarchy at the head, as kubectl hns tree draws it", async () => {
    await openPull();
    answering();
    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol tree" }));
    expect(reply().replace(/`[0-9a-f]{7}`/, "`HEAD`")).toMatchInlineSnapshot(`
      "The namespace hierarchy at the head commit \`HEAD\`:

      \`\`\`text
      company-x
      ├── team-a
      │   ├── service-1
      │   └── service-2
      └── team-b
          └── service-3
      company-y
      └── team-c
          ├── service-4
          └── service-5
      \`\`\`
      "
    `);

    t.gh.reaction(COMMENT + 1).listComments(7).createComment(7);
    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol tree company-y", commentId: COMMENT + 1 }));
    expect(reply(COMMENT + 1)).toContain("The hierarchy under `company-y` at the head commit");
    expect(reply(COMMENT + 1)).toContain("```text\ncompany-y\n└── team-c\n");
  });

  it("/netpol diff: the connectivity the PR adds and removes, with companies, as a table and a Mermaid graph", async () => {
    await openPull(CROSSING_HEAD);
    answering();
    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol diff" }));
    expect(reply().replace(/`[0-9a-f]{7}`/g, "`SHA`")).toMatchInlineSnapshot(`
      "Connectivity from the base \`SHA\` to the head \`SHA\`:

      **Connectivity:** 1 added (1 across companies), 0 removed.

      | Change | From | Company | To | Company | Crosses companies |
      | --- | --- | --- | --- | --- | --- |
      | added | company-x | company-x | service-5 | company-y | **yes** |

      \`\`\`mermaid
      graph LR
        subgraph g0["company-x"]
          n0["company-x"]
        end
        subgraph g1["company-y"]
          n1["service-5"]
        end
        n0 -->|added, crosses| n1
      \`\`\`
      "
    `);
  });

  it("answers a read-only command about a pull request it has not seen by reading it first", async () => {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("head", CROSS_VC_HEAD);
    t.gh.pull(7, base, head);
    t.gh.token().reaction(COMMENT).getPull(7).contextQuery().tree(base).tree(head).compare(base, head).blobQuery().listComments(7).createComment(7);

    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol tree company-x" }));

    // Nothing is published: no check run, no review.
    expect(t.gh.summary().filter((line) => !line.startsWith("GET") && !line.includes("graphql"))).toEqual([
      "POST /app/installations/4242/access_tokens",
      "POST {repo}/issues/comments/4001/reactions",
      "POST {repo}/issues/7/comments",
    ]);
    expect(reply()).toContain("company-x\n├── team-a");
  });
});

describe("issue_comment: recheck and override", () => {
  it("/netpol recheck by a user with write access judges the head again", async () => {
    const { head } = await openPull();
    t.gh.reaction(COMMENT).collaboratorPermission("alice", "write").getPull(7).createCheckRun().updateCheckRun().listComments(7).createComment(7);
    const before = t.gh.requests.length;

    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol recheck", login: "alice" }));

    expect(t.gh.summary().slice(before)).toMatchInlineSnapshot(`
      [
        "POST {repo}/issues/comments/4001/reactions",
        "GET {repo}/collaborators/alice/permission",
        "GET {repo}/pulls/7",
        "POST {repo}/check-runs",
        "GET {repo}/commits/@head/pulls?per_page=100",
        "PATCH {repo}/check-runs/1002",
        "GET {repo}/issues/7/comments?since=2024-05-02T12%3A00%3A00Z&per_page=100&page=1",
        "POST {repo}/issues/7/comments",
      ]
    `);
    expect(reply()).toBe(
      `Judged again at \`${head.slice(0, 7)}\`: :x: failure. Crosses the company-x / company-y boundary: 1 error to fix. The \`netpol-guard\` check has the details.\n`,
    );
  });

  it("refuses /netpol recheck, politely, to a user without write access", async () => {
    await openPull();
    t.gh.reaction(COMMENT).collaboratorPermission("visitor", "read").listComments(7).createComment(7);

    const before = t.gh.requests.length;
    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol recheck", login: "visitor" }));

    expect(reply()).toMatchInlineSnapshot(`
      "Sorry @visitor, \`/netpol recheck\` needs write access to this repository, and you have read access. Someone with write access can run it, or a new push judges the pull request again.
      "
    `);
    expect(t.gh.summary().slice(before)).not.toContain("POST {repo}/check-runs");
  });

  it("refuses /netpol override to someone outside the platform team", async () => {
    await openPull();
    t.gh.reaction(COMMENT).getPull(7).teamMembership("platform", "dev", "none").listComments(7).createComment(7);

    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol override Reason: I am in a hurry", login: "dev" }));

    expect(reply()).toMatchInlineSnapshot(`
      "Sorry @dev, \`/netpol override\` is for members of the platform team (\`platform\`) only. Ask them to review the change: their approval turns the check green.
      "
    `);
    expect(t.gh.bodies("PATCH {repo}/check-runs")).toHaveLength(1);
  });

  it("/netpol override by a platform member turns a failure green, records who, when and why, and is void after the next push", async () => {
    const { base, head } = await openPull();
    t.gh.reaction(COMMENT).getPull(7).teamMembership("platform", "alice", "active").createCheckRun().updateCheckRun().listComments(7).createComment(7);
    const before = t.gh.requests.length;

    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol override Reason: INC-4711 <b>outage</b> @everyone", login: "alice" }));

    expect(t.gh.summary().slice(before)).toMatchInlineSnapshot(`
      [
        "POST {repo}/issues/comments/4001/reactions",
        "GET {repo}/pulls/7",
        "GET /orgs/acme/teams/platform/memberships/alice",
        "POST {repo}/check-runs",
        "GET {repo}/commits/@head/pulls?per_page=100",
        "PATCH {repo}/check-runs/1002",
        "GET {repo}/issues/7/comments?since=2024-05-02T12%3A00%3A00Z&per_page=100&page=1",
        "POST {repo}/issues/7/comments",
      ]
    `);
    const update = lastUpdate();
    expect(update.conclusion).toBe("success");
    expect(update.output.title).toMatchInlineSnapshot(`"Overridden by alice: Crosses the company-x / company-y boundary: 1 error to fix"`);
    expect(t.gh.named(update.output.summary.split("### Introduced")[0]!)).toMatchInlineSnapshot(`
      "## netpol-guard: :white_check_mark: success: overridden (break-glass)

      **Overridden by alice: Crosses the company-x / company-y boundary: 1 error to fix**

      ### Override

      **alice** of the platform team overrode this check at 2024-05-02T12:00:00Z ([comment](https://github.com/acme/infra/pull/7#issuecomment-4001)), for head \`e3afece\` only: the next push voids it. Without the override the conclusion is **failure**.

      Reason: INC-4711 &lt;b&gt;outage&lt;/b&gt; @​everyone

      "
    `);
    expect(t.gh.named(update.output.text!)).toMatchInlineSnapshot(`
      "<!-- netpol-guard:fingerprint=none -->
      <!-- netpol-guard:binding={"pull":7,"baseRef":"main","baseSha":"@base"} -->
      <!-- netpol-guard:override={"headSha":"@head","by":"alice","at":"2024\\u002d05\\u002d02T12:00:00Z","reason":"INC\\u002d4711 \\u003cb\\u003eoutage\\u003c/b\\u003e @everyone","baseSha":"@base","commentUrl":"https://github.com/acme/infra/pull/7#issuecomment\\u002d4001"} -->
      "
    `);
    expect(t.gh.named(reply())).toMatchInlineSnapshot(`
      "**Override** (break-glass) by alice at 2024-05-02T12:00:00Z: the \`netpol-guard\` check on \`e3afece\` is :white_check_mark: success; without it the conclusion is :x: failure.

      Reason: INC-4711 &lt;b&gt;outage&lt;/b&gt; @​everyone

      Recorded in the check's summary. The next push voids it.
      "
    `);

    // A recheck of the same head keeps it.
    t.gh.reaction(COMMENT + 1).collaboratorPermission("alice", "admin").getPull(7).createCheckRun().updateCheckRun().listComments(7).createComment(7);
    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol recheck", login: "alice", commentId: COMMENT + 1 }));
    expect(lastUpdate().conclusion).toBe("success");

    // A push voids it.
    const head2 = t.gh.commit("head-2", withChanges(CROSS_VC_HEAD, { "README.md": "# infra\n\nstill crossing\n" }));
    t.gh.pull(7, base, head2);
    t.gh.contextQuery().tree(head2).compare(base, head2).createCheckRun().publishMutation().updateCheckRun();
    await t.probot.receive(pullRequestEvent("synchronize", { number: 7, base, head: head2, author: "dev" }));
    expect(lastUpdate().conclusion).toBe("failure");
    expect(lastUpdate().output.summary).not.toContain("Override");
    expect(lastUpdate().output.text).not.toContain("override");
    expect(head).not.toBe(head2);
  });

  it("after a restart, a recheck of the same head reads the override back from this app's check run", async () => {
    const { base, head } = await openPull();
    t.gh.reaction(COMMENT).getPull(7).teamMembership("platform", "alice", "active").createCheckRun().updateCheckRun().listComments(7).createComment(7);
    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol override Reason: INC-4711", login: "alice" }));

    t.probot = await createTestProbot();
    t.gh.token().reaction(COMMENT + 1).collaboratorPermission("bob", "write").getPull(7);
    t.gh.contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().listCheckRunsForRef(head).updateCheckRun().listComments(7).createComment(7);
    const before = t.gh.requests.length;
    await t.probot.receive(issueCommentEvent({ number: 7, body: "/netpol recheck", login: "bob", commentId: COMMENT + 1 }));

    expect(t.gh.summary().slice(before)).toContain("GET {repo}/commits/@head/check-runs?check_name=netpol-guard&app_id=1&filter=all&per_page=100");
    expect(lastUpdate().conclusion).toBe("success");
    expect(lastUpdate().output.title).toBe("Overridden by alice: Crosses the company-x / company-y boundary: 1 error to fix");
    expect(reply(COMMENT + 1)).toContain(":white_check_mark: success");
  });
});

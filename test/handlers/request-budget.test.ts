/**
 * The GitHub API requests a judgement costs, installation token included: at most 10 to judge a pull
 * request the first time (a clean one, a failing one with inline suggestions, one that needs the platform
 * team, of any name), in a process that has read nothing (small and large repository) and in one that has (warm), and
 * no read on a re-run of the same head but the listing of the open pull requests at that head (the
 * required check holds for all of them, and which are open is never taken from memory). Also the tarball a large repository is read from: a file
 * the archive leaves out, changes, or holds as a link is never taken from it. And what judging the open
 * pull requests into a branch again costs after a push to it.
 */
import { describe, expect, it } from "vitest";
import { useHandlerTest } from "../helpers/handler-test.js";
import { REPO_NODE_ID, type RepoFiles } from "../helpers/github-mock.js";
import { BASE, CLEAN_HEAD, CROSS_VC_HEAD, VC_TO_VC_HEAD, ingressPolicy, withChanges } from "../helpers/infra-repo.js";
import { checkRunRerequestedEvent, pullRequestEvent, pushEvent } from "../helpers/payloads.js";

const t = useHandlerTest();

interface CheckUpdate {
  conclusion?: string;
  output: { summary: string; annotations?: { path: string; message: string }[] };
}

/** 300 more watched files, that judge to nothing: more than one GraphQL query's worth (250). */
const BULK: RepoFiles = Object.fromEntries(
  Array.from({ length: 300 }, (_, i) => [`kubernetes/bulk/config-${String(i).padStart(3, "0")}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-${i}\n  namespace: service-1\ndata:\n  index: "${i}"\n`]),
);

const KINDS = {
  clean: { head: CLEAN_HEAD, conclusion: "success", publishes: false },
  failing: { head: CROSS_VC_HEAD, conclusion: "failure", publishes: true },
  "platform review": { head: VC_TO_VC_HEAD, conclusion: "action_required", publishes: true },
} as const;

describe("requests to judge a pull request the first time, token included", () => {
  for (const [kind, { head: headFiles, conclusion, publishes }] of Object.entries(KINDS)) {
    it(`${kind}, small repository, cold: ${publishes ? 10 : 9}`, async () => {
      const base = t.gh.commit("base", BASE);
      const head = t.gh.commit("head", headFiles);
      t.gh.pull(7, base, head);
      t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery();
      if (publishes) t.gh.publishMutation();
      t.gh.updateCheckRun();

      await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

      expect((t.gh.bodies("PATCH") as CheckUpdate[])[0]!.conclusion).toBe(conclusion);
      expect(t.gh.requests).toHaveLength(publishes ? 10 : 9);

      // A re-run of the same head reads nothing but which pull requests are open at it.
      const before = t.gh.requests.length;
      t.gh.createCheckRun().updateCheckRun();
      if (kind === "platform review") t.gh.listReviews(7, []);
      await t.probot.receive(checkRunRerequestedEvent({ headSha: head, externalId: "7" }));
      const reads = t.gh.summary().slice(before).filter((line) => line.startsWith("GET ") || line.startsWith("POST /graphql"));
      // The platform team's reviews are the one thing a re-run must read again: an approval may have come.
      const listing = `GET {repo}/commits/@head/pulls?per_page=100`;
      expect(reads).toEqual(kind === "platform review" ? ["GET {repo}/pulls/7/reviews?per_page=100&page=1", listing] : [listing]);
    });

    it(`${kind}, large repository, cold: the head's files from its tarball, ${publishes ? 10 : 9}`, async () => {
      const base = t.gh.commit("base", { ...BASE, ...BULK });
      const head = t.gh.commit("head", { ...headFiles, ...BULK });
      t.gh.pull(7, base, head);
      t.gh.token().tree(base).tree(head).compare(base, head).contextQuery().createCheckRun().tarball(head);
      if (publishes) t.gh.publishMutation();
      t.gh.updateCheckRun();

      await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

      expect((t.gh.bodies("PATCH") as CheckUpdate[])[0]!.conclusion).toBe(conclusion);
      expect(t.gh.archiveDownloads).toEqual([head]);
      // What the head's archive does not give (the base's versions of the changed files) came with the
      // configs, and the label's node id too.
      const [context] = t.gh.bodies("netpolGuardContext") as { variables: Record<string, string> }[];
      expect(Object.keys(context!.variables).filter((k) => /^o\d+$/.test(k)).length).toBeGreaterThan(0);
      expect(context!.variables).toMatchObject({ label: "cross-vc-boundary", team: "platform" });
      expect(t.gh.requests).toHaveLength(publishes ? 10 : 9);
    });

    it(`${kind}, warm process (the base judged before): ${publishes ? 7 : 6}`, async () => {
      const base = t.gh.commit("base", BASE);
      const other = t.gh.commit("other", CLEAN_HEAD);
      t.gh.token().contextQuery().tree(base).tree(other).compare(base, other).createCheckRun().blobQuery().updateCheckRun();
      await t.probot.receive(pullRequestEvent("opened", { number: 6, base, head: other }));
      const before = t.gh.requests.length;

      // The files the change touches come with the configs: no file query.
      const head = t.gh.commit("head", headFiles);
      t.gh.pull(7, base, head);
      t.gh.tree(head).compare(base, head).contextQuery().createCheckRun();
      if (publishes) t.gh.publishMutation();
      t.gh.updateCheckRun();
      await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

      expect((t.gh.bodies("PATCH") as CheckUpdate[]).at(-1)!.conclusion).toBe(conclusion);
      expect(t.gh.requests.length - before).toBe(publishes ? 7 : 6);
    });
  }
});

describe("a platform team other than the default, large repository, cold", () => {
  const custom = (files: RepoFiles): RepoFiles => ({ ...files, ".github/netpol-guard.yml": String(files[".github/netpol-guard.yml"]).replace("team: platform", "team: net-platform") });

  /** The commits of the case: the team's node id could ride on no query, so it is asked over REST. */
  function commits(): { base: string; head: string } {
    const base = t.gh.commit("base", custom({ ...BASE, ...BULK }));
    const head = t.gh.commit("head", custom({ ...VC_TO_VC_HEAD, ...BULK }));
    t.gh.pull(7, base, head);
    t.gh.token().tree(base).tree(head).compare(base, head).contextQuery().createCheckRun().tarball(head);
    return { base, head };
  }

  it("asks the team over REST and completes the check run inside the publishing mutation (10 requests)", async () => {
    const { base, head } = commits();
    t.gh.publishMutation().requestReviewers(7);

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

    expect(t.gh.bodies("requested_reviewers")).toEqual([{ team_reviewers: ["net-platform"] }]);
    const [published, ...more] = t.gh.published();
    expect(more).toEqual([]);
    expect(published!.team).toBeUndefined();
    // The check run's completion is the mutation's last part (GitHub runs them in order).
    expect(Object.keys(published!)).toEqual(["review", "label", "check"]);
    expect(published!.check).toMatchObject({ checkRunId: "CR_1001", repositoryId: REPO_NODE_ID, status: "COMPLETED", conclusion: "ACTION_REQUIRED" });
    expect(published!.check!.output.text).toContain("netpol-guard");
    expect(t.gh.bodies("PATCH")).toEqual([]);
    expect(t.gh.checkRuns).toMatchObject([{ id: 1001, status: "completed", conclusion: "action_required" }]);
    expect(t.gh.requests).toHaveLength(10);
    expect(t.gh.summary()).toMatchInlineSnapshot(`
      [
        "POST /app/installations/4242/access_tokens",
        "GET {repo}/git/trees/@base?recursive=1",
        "GET {repo}/git/trees/@head?recursive=1",
        "GET {repo}/compare/@base...@head?per_page=1",
        "POST /graphql netpolGuardContext",
        "POST {repo}/check-runs",
        "GET {repo}/tarball/@head",
        "GET {repo}/commits/@head/pulls?per_page=100",
        "POST /graphql netpolGuardPublish",
        "POST {repo}/pulls/7/requested_reviewers",
      ]
    `);
  });

  it("completes the check run again over REST when the team request fails, saying so, with the same conclusion", async () => {
    const { base, head } = commits();
    t.gh.publishMutation().requestReviewers(7, 403).updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

    expect(t.gh.published()[0]!.check!.output.summary).not.toContain("could not");
    const [update, ...more] = t.gh.bodies("PATCH") as CheckUpdate[];
    expect(more).toEqual([]);
    expect(update!.conclusion).toBe("action_required");
    expect(update!.output.summary).toMatch(/^> \[!WARNING\]\n> netpol-guard could not request a review from `net-platform`/);
    // The annotations came with the mutation: not sent twice.
    expect(update!.output.annotations).toBeUndefined();
    expect(t.gh.requests).toHaveLength(11);
  });

  it("completes the check run over REST when GitHub refuses the mutation's check part", async () => {
    const { base, head } = commits();
    t.gh.publishMutation({ fail: ["check"] }).requestReviewers(7).updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

    const [update, ...more] = t.gh.bodies("PATCH") as (CheckUpdate & { status: string })[];
    expect(more).toEqual([]);
    expect(update).toMatchObject({ status: "completed", conclusion: "action_required" });
    expect(update!.output.summary).not.toContain("could not");
    // The annotations the refused part carried, over REST instead.
    const refused = t.gh.published()[0]!.check!.output.annotations ?? [];
    expect(refused.length).toBeGreaterThan(0);
    expect(update!.output.annotations).toHaveLength(refused.length);
    expect(t.gh.checkRuns).toMatchObject([{ status: "completed", conclusion: "action_required" }]);
  });
});

describe("the tarball of a large repository", () => {
  async function judgeLarge(options: Parameters<typeof t.gh.tarball>[1], extraBlobs: boolean): Promise<CheckUpdate> {
    const base = t.gh.commit("base", { ...BASE, ...BULK });
    const head = t.gh.commit("head", { ...CLEAN_HEAD, ...BULK });
    t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().tarball(head, options).blobQuery(extraBlobs ? 2 : 1).updateCheckRun();
    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));
    return (t.gh.bodies("PATCH") as CheckUpdate[])[0]!;
  }

  function blobOids(): string[] {
    return (t.gh.bodies("netpolGuardBlobs") as { variables: Record<string, string> }[]).flatMap((b) => Object.entries(b.variables).filter(([k]) => /^o\d+$/.test(k)).map(([, v]) => v));
  }

  it("reads a file the archive leaves out (export-ignore) by GraphQL, and judges it", async () => {
    const hidden = "kubernetes/bulk/config-007.yaml";
    const update = await judgeLarge({ omit: [hidden] }, false);
    expect(update.conclusion).toBe("success");
    expect(blobOids()).toContain(t.gh.shaOf("head", hidden));
  });

  it("never takes a file whose archived bytes are not the tree's blob (export-subst): reads it by GraphQL", async () => {
    const altered = "kubernetes/bulk/config-011.yaml";
    const update = await judgeLarge({ alter: { [altered]: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rewritten\n" } }, false);
    expect(update.conclusion).toBe("success");
    expect(blobOids()).toContain(t.gh.shaOf("head", altered));
  });

  it("never takes a regular file's content from a link in the archive", async () => {
    const linked = "kubernetes/bulk/config-012.yaml";
    await judgeLarge({ links: [linked] }, false);
    expect(blobOids()).toContain(t.gh.shaOf("head", linked));
  });

  it("reads every file by GraphQL when the archive is not the commit at all", async () => {
    const everything = Object.keys({ ...CLEAN_HEAD, ...BULK }).filter((p) => p.startsWith("kubernetes/bulk/"));
    const update = await judgeLarge({ omit: everything }, true);
    expect(update.conclusion).toBe("success");
    expect(blobOids().length).toBeGreaterThanOrEqual(300);
  });
});

describe("requests to judge open pull requests again after a push to their base", () => {
  /** The listing of the open pull requests, the branch's config, and the push judged as a change of the base. */
  const PUSH_JUDGED = [
    "GET {repo}/pulls?state=open&base=main&sort=created&direction=desc&per_page=100",
    "GET {repo}/contents/.github%2Fnetpol-guard.yml?ref=refs%2Fheads%2Fmain",
    "GET {repo}/git/trees/@after?recursive=1",
    "POST /graphql netpolGuardContext",
  ];

  /** Pull request 7 (CLEAN_HEAD: service-1 also reaches service-3), opened and judged. */
  async function judgedPull(): Promise<{ base: string; head: string }> {
    const base = t.gh.commit("base", BASE);
    const head = t.gh.commit("head", CLEAN_HEAD);
    t.gh.pull(7, base, head);
    t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().updateCheckRun();
    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));
    return { base, head };
  }

  it("a push that may change the verdict: the listing and the config once, the push judged once (the new base's tree and a context query, whose configs serve the judgement), the comparison of its head with the new tip, then what a re-run costs (8 for one pull request)", async () => {
    const { base, head } = await judgedPull();
    // service-3, which the pull request opens service-1 to, now lets service-1 in: its verdict may change.
    const moved = { "kubernetes/policies/service-3/allow-service-1.yaml": ingressPolicy("service-3", "service-1") };
    const after = t.gh.commit("after", withChanges(BASE, moved));
    t.gh.openPullsInto("main").branchConfig("main", BASE[".github/netpol-guard.yml"]!).tree(after).compare(after, head, "base").contextQuery().createCheckRun().updateCheckRun();
    const before = t.gh.requests.length;
    await t.probot.receive(pushEvent({ before: base, after, commits: [{ added: Object.keys(moved) }] }));

    expect(t.gh.summary().slice(before)).toEqual([
      ...PUSH_JUDGED,
      "GET {repo}/compare/@after...@head?per_page=1",
      "POST {repo}/check-runs",
      "GET {repo}/commits/@head/pulls?per_page=100",
      `PATCH {repo}/check-runs/1002`,
    ]);
    expect((t.gh.bodies("PATCH") as CheckUpdate[]).at(-1)!.conclusion).toBe("success");
  });

  it("a push that leaves the pull request alone: the listing, the config, the push judged once (4), and nothing for the pull request", async () => {
    const { base } = await judgedPull();
    const moved = { "kubernetes/apps/service-1/settings.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: service-1\n" };
    const after = t.gh.commit("after", withChanges(BASE, moved));
    t.gh.openPullsInto("main").branchConfig("main", BASE[".github/netpol-guard.yml"]!).tree(after).contextQuery();
    const before = t.gh.requests.length;
    await t.probot.receive(pushEvent({ before: base, after, commits: [{ added: Object.keys(moved) }] }));

    expect(t.gh.summary().slice(before)).toEqual(PUSH_JUDGED);
  });
});

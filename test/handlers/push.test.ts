/**
 * `push`: open pull requests into a branch that moved are judged again against its new tip, when the push
 * changes what they are judged by; the newest 50, the others asked to be re-run.
 */
import { describe, expect, it } from "vitest";
import { useHandlerTest } from "../helpers/handler-test.js";
import { BASE, CLEAN_HEAD, TEAM_B_MOVED, ingressPolicy, withChanges, type FileMap } from "../helpers/infra-repo.js";
import { pullRequestEvent, pushEvent } from "../helpers/payloads.js";

interface CheckUpdate {
  conclusion?: string;
  output: { title: string; summary: string };
}

const t = useHandlerTest();

/** A watched file that changes no verdict. */
const NEW_CONFIG_MAP = {
  "kubernetes/apps/service-1/settings.yaml": `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: service-1
data:
  level: info
`,
};

/** A policy of service-4 that lets in its own pods only: it changes no finding and opens nothing across namespaces. */
const SERVICE_4_OWN = { "kubernetes/policies/service-4/allow-own.yaml": ingressPolicy("service-4", "service-4") };

function completions(): CheckUpdate[] {
  return t.gh.bodies("PATCH {repo}/check-runs") as CheckUpdate[];
}

/** Pull request `number` into main at `base`, with head `files`, judged once. */
async function openPull(number: number, base: string, files: FileMap, name = `head-${number}`): Promise<string> {
  const head = t.gh.commit(name, files);
  t.gh.pull(number, base, head);
  t.gh.contextQuery().tree(head).compare(base, head).createCheckRun().blobQuery().updateCheckRun();
  await t.probot.receive(pullRequestEvent("opened", { number, base, head, author: "dev" }));
  return head;
}

describe("push", () => {
  it("judges an open pull request again against the new tip of its base, as merging it would make it, and says the base moved", async () => {
    // service-1 starts talking to service-3, of its own company: clean.
    const before = t.gh.commit("main-before", BASE);
    t.gh.token().tree(before);
    const head = await openPull(7, before, CLEAN_HEAD);
    expect(completions().at(-1)!.conclusion).toBe("success");

    // The platform then moves team-b, and service-3 with it, to company-y: merged now, the pull request crosses.
    const after = t.gh.commit("main-after", TEAM_B_MOVED);
    t.gh.openPullsInto("main").branchConfig("main", BASE[".github/netpol-guard.yml"]!);
    // The pull request's last judgement recorded where it acts: the push is judged once as a change of the
    // base to tell (the first context query); it changes the hierarchy, so the pull request is judged again.
    t.gh.tree(after).compare(after, head, "main-before").contextQuery(2).createCheckRun().publishMutation().updateCheckRun();
    const before2 = t.gh.requests.length;
    await t.probot.receive(pushEvent({ before, after, commits: [{ modified: Object.keys(TEAM_B_MOVED).filter((path) => TEAM_B_MOVED[path] !== BASE[path]) }] }));

    const last = completions().at(-1)!;
    expect(last.conclusion).toBe("failure");
    expect(last.output.title).toBe(`Base moved (main is now at ${after.slice(0, 7)}): ${last.output.title.split(": ").slice(1).join(": ")}`);
    expect(last.output.summary).toContain(`Judged again because the base branch moved: \`main\` is now at \`${after.slice(0, 7)}\``);
    expect(last.output.summary).toContain("cross-vc-access");
    expect(last.output.summary).toContain(`merged onto the base's tip \`${after.slice(0, 7)}\``);
    const created = t.gh.bodies("POST {repo}/check-runs").at(-1) as { head_sha: string; external_id: string };
    expect(created).toMatchObject({ head_sha: "@head-7", external_id: "7:@main-after:main" });
    // The merge base's tree is the old tip's, read already: the re-judgement costs the comparison, no more.
    expect(t.gh.summary().slice(before2)).toEqual([
      "GET {repo}/pulls?state=open&base=main&sort=created&direction=desc&per_page=100",
      expect.stringMatching(/^GET \{repo\}\/contents\/.github%2Fnetpol-guard.yml\?ref=refs%2Fheads%2Fmain$/),
      "GET {repo}/git/trees/@main-after?recursive=1",
      "POST /graphql netpolGuardContext",
      "GET {repo}/compare/@main-after...@head-7?per_page=1",
      "POST {repo}/check-runs",
      "GET {repo}/commits/@head-7/pulls?per_page=100",
      "POST /graphql netpolGuardContext",
      "POST /graphql netpolGuardPublish",
      "PATCH {repo}/check-runs/1002",
    ]);
  });

  it("leaves open pull requests alone when the push changes no watched file and not the config", async () => {
    const base = t.gh.commit("main-before", BASE);
    t.gh.token().tree(base);
    await openPull(7, base, CLEAN_HEAD);
    const after = t.gh.commit("main-after", withChanges(BASE, { "README.md": "# infra\n\nStill not watched.\n" }));
    t.gh.openPullsInto("main").branchConfig("main", BASE[".github/netpol-guard.yml"]!);
    const before = t.gh.requests.length;

    await t.probot.receive(pushEvent({ before: base, after, commits: [{ modified: ["README.md"] }] }));

    expect(t.gh.summary().slice(before)).toEqual([
      "GET {repo}/pulls?state=open&base=main&sort=created&direction=desc&per_page=100",
      expect.stringMatching(/^GET \{repo\}\/contents\//),
    ]);
  });

  it("keeps the verdict of an open pull request the push provably leaves alone: the push is judged, the pull request is not", async () => {
    const base = t.gh.commit("main-before", BASE);
    t.gh.token().tree(base);
    await openPull(7, base, CLEAN_HEAD);
    // service-4 (company-y) lets in its own pods: the pull request changes service-1 and service-2 and reaches
    // service-1, service-2, service-3 and DNS, none of which the push touches.
    const after = t.gh.commit("main-after", withChanges(BASE, SERVICE_4_OWN));
    t.gh.openPullsInto("main").branchConfig("main", BASE[".github/netpol-guard.yml"]!).tree(after).contextQuery();
    const before = t.gh.requests.length;

    await t.probot.receive(pushEvent({ before: base, after, commits: [{ added: Object.keys(SERVICE_4_OWN) }] }));

    expect(t.gh.summary().slice(before)).toEqual([
      "GET {repo}/pulls?state=open&base=main&sort=created&direction=desc&per_page=100",
      expect.stringMatching(/^GET \{repo\}\/contents\//),
      "GET {repo}/git/trees/@main-after?recursive=1",
      "POST /graphql netpolGuardContext",
    ]);
  });

  it("judges the 50 newest open pull requests again, and asks the others for a re-run with a failing check", async () => {
    const base = t.gh.commit("main-before", BASE);
    const heads = new Map<number, string>();
    for (let number = 1; number <= 52; number++) heads.set(number, t.gh.pull(number, base, t.gh.commit(`head-${number}`, CLEAN_HEAD)).head);
    const after = t.gh.commit("main-after", withChanges(BASE, NEW_CONFIG_MAP));
    t.gh.token().openPullsInto("main").branchConfig("main", BASE[".github/netpol-guard.yml"]!);
    t.gh.tree(after).blobQuery();
    for (let number = 52; number >= 3; number--) t.gh.tree(heads.get(number)!).compare(after, heads.get(number)!, "main-before");
    t.gh.tree(base);
    t.gh.contextQuery(50).createCheckRun(50).updateCheckRun(50);
    // The two oldest: one failing check run each, created completed.
    t.gh.createCheckRun(2, { listPulls: false });

    await t.probot.receive(pushEvent({ before: base, after, commits: [{ added: Object.keys(NEW_CONFIG_MAP) }] }));

    const created = t.gh.bodies("POST {repo}/check-runs") as { head_sha: string; status?: string; conclusion?: string; output?: { title: string; summary: string } }[];
    expect(created.map((c) => c.head_sha)).toEqual(Array.from({ length: 52 }, (_, i) => `@head-${52 - i}`));
    expect(completions()).toHaveLength(50);
    expect(completions().every((c) => c.conclusion === "success" && c.output.title.startsWith(`Base moved (main is now at ${after.slice(0, 7)}): `))).toBe(true);
    for (const rest of created.slice(50)) {
      expect(rest).toMatchObject({ status: "completed", conclusion: "failure", output: { title: `Base moved (main is now at ${after.slice(0, 7)}): re-run this check` } });
      expect(rest.output!.summary).toContain("The 50 newest open pull requests into it were judged again");
    }
  });

  it("skips tags and deleted branches without a request", async () => {
    const base = t.gh.commit("main-before", BASE);
    await t.probot.receive({ ...pushEvent({ before: base, after: base, commits: [] }), payload: { ...pushEvent({ before: base, after: base, commits: [] }).payload, ref: "refs/tags/v1" } } as never);
    await t.probot.receive(pushEvent({ before: base, after: "0".repeat(40), commits: [] }));
    expect(t.gh.requests).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { useHandlerTest } from "../helpers/handler-test.js";
import { BASE, CONFIG, withChanges } from "../helpers/infra-repo.js";
import { pullRequestEvent } from "../helpers/payloads.js";

const t = useHandlerTest();

const FLOWS = `{
  "version": 1,
  "window": {"from":"2026-11-29T10:00:00.000Z","to":"2026-11-30T10:00:00.000Z"},
  "flows": [
    {"from":"service-1","to":"service-2","port":"TCP/8080","verdict":"FORWARDED","count":42,"firstSeen":"2026-11-29T10:00:00.000Z","lastSeen":"2026-11-30T09:00:00.000Z"}
  ]
}
`;

const WITH_FLOWS = withChanges(BASE, {
  ".github/netpol-guard.yml": `${CONFIG}observedFlows:\n  path: observability/flows.json\n`,
  "observability/flows.json": FLOWS,
});

/** service-1 drops its entry for service-2, whose edge carried traffic. */
function dropEntry(files: Record<string, string>): Record<string, string> {
  const path = "terraform/services/company-x/team-a.tf";
  return withChanges(files, { [path]: files[path]!.replace('        "service-2",\n', "") });
}

interface CheckUpdate {
  conclusion?: string;
  output: { title: string; summary: string };
}

describe("observed flows in the app", () => {
  it("reads the base's flows file with the watched files (no request of its own) and reports the traffic a change breaks", async () => {
    const base = t.gh.commit("base", WITH_FLOWS);
    const head = t.gh.commit("drop", dropEntry(WITH_FLOWS));
    t.gh.pull(7, base, head);
    t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery();
    t.gh.publishMutation().updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

    expect(t.gh.summary()).toEqual([
      "POST /app/installations/4242/access_tokens",
      "GET {repo}/git/trees/@base?recursive=1",
      "GET {repo}/git/trees/@drop?recursive=1",
      "GET {repo}/compare/@base...@drop?per_page=1",
      "POST /graphql netpolGuardContext",
      "POST {repo}/check-runs",
      "POST /graphql netpolGuardBlobs",
      "GET {repo}/commits/@drop/pulls?per_page=100",
      "POST /graphql netpolGuardPublish",
      "PATCH {repo}/check-runs/1001",
    ]);
    const [update] = t.gh.bodies("PATCH") as CheckUpdate[];
    // A warning by default: said, not failing.
    expect(update!.conclusion).toBe("success");
    expect(update!.output.summary).toContain("`breaks-observed-flow`");
    expect(update!.output.summary).toContain("service-1 → service-2, which carried 42 forwarded flows");
    expect(update!.output.summary).toContain("| service-1 | service-2 | TCP/8080 | 42 | 2026-11-30T09:00:00.000Z |");
    // The flows file is no manifest: nothing is said about it.
    expect(update!.output.summary).not.toContain("observability/flows.json:");
  });

  it("fails a change when the flows file the base's config names is not there", async () => {
    const files = withChanges(WITH_FLOWS, { "observability/flows.json": null });
    const base = t.gh.commit("base", files);
    const head = t.gh.commit("drop", dropEntry(files));
    t.gh.pull(7, base, head);
    t.gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery();
    t.gh.updateCheckRun();

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

    const [update] = t.gh.bodies("PATCH") as CheckUpdate[];
    expect(update!.conclusion).toBe("failure");
    expect(update!.output.summary).toContain("observability/flows.json, which observedFlows.path names, is not on the base branch");
  });
});

/**
 * Hole 3 of the security review: a pull request could stall the app, its judgement running on the thread
 * that answers webhooks with no budget (one 1 MiB Terraform file: 7-12 s to parse; a few hundred namespaces
 * with selector policies: minutes to model). The whole judgement (parsing, models, reachability, rules,
 * diff) now runs in a judge worker under the base branch's `limits.judgeSeconds`; past it the worker is
 * stopped (and replaced) and the check run is completed as a failure that says what the worker was doing
 * (the file it was parsing, or the modelling) and what each file cost. The first test's worker is a
 * stand-in, judging in this thread, that goes quiet at the slow file; the second's is a real worker thread
 * on a change whose model is the costly part. The timer is fired by the test: nothing waits out a budget.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { JudgeMessage } from "../../src/parse-pool/judge-job.js";
import { spawnJudgeWorker, type JudgeWorker } from "../../src/parse-pool/judge-within-budget.js";
import { AppMemory } from "../../src/pipeline/app-memory.js";
import { GitHubSnapshotCache } from "../../src/github/github-snapshot-cache.js";
import { GitHubMock } from "../helpers/github-mock.js";
import { expectMockSettled } from "../helpers/handler-test.js";
import { InThreadJudgeWorker } from "../helpers/in-thread-judge-worker.js";
import { BASE, CLEAN_HEAD, CONFIG, withChanges } from "../helpers/infra-repo.js";
import { pullRequestEvent } from "../helpers/payloads.js";
import { createTestProbot } from "../helpers/probot.js";

const SLOW = "terraform/services/company-x/slow.tf";

let gh: GitHubMock;
afterEach(() => expectMockSettled(gh));

describe("security: a judgement over its budget", () => {
  it("stops the worker and completes the check run as a failure naming the file and what it cost", async () => {
    const workers: InThreadJudgeWorker[] = [];
    const budgets: number[] = [];
    let clock = 0;
    let runOut = (): void => undefined;
    const memory = new AppMemory(new GitHubSnapshotCache(), {
      spawn: () => {
        // Judges as the real worker does, and goes quiet when it would answer for the slow file: then the
        // budget runs out.
        const worker = new InThreadJudgeWorker({ quiet: (message, path) => (message.kind === "parsed" && path === SLOW ? "before" : null) });
        worker.wentQuiet = () => runOut();
        workers.push(worker);
        return worker;
      },
      now: () => clock,
      setTimer: (ms, fire) => {
        budgets.push(ms);
        runOut = () => {
          clock += ms;
          fire();
        };
        return () => undefined;
      },
    });
    const probot = await createTestProbot(memory);
    gh = new GitHubMock();
    // The budget is the base branch's, 5 s: the pull request's own config cannot raise it.
    const base = gh.commit("base", withChanges(BASE, { ".github/netpol-guard.yml": `${CONFIG}\nlimits:\n  judgeSeconds: 5\n` }));
    const head = gh.commit("slow", withChanges(BASE, { [SLOW]: 'locals {\n  slow = "yes"\n}\n', ".github/netpol-guard.yml": `${CONFIG}\nlimits:\n  judgeSeconds: 600\n` }));
    // Stopped before its verdict: the open pull requests at the head are never listed.
    gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun(1, { listPulls: false }).blobQuery().updateCheckRun();

    await probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

    expect(budgets).toEqual([5_000]);
    expect(workers.map((w) => w.terminated)).toEqual([true]);
    const [completed] = gh.bodies("PATCH") as { status?: string; conclusion: string; output: { title: string; summary: string } }[];
    expect(completed!.conclusion).toBe("failure");
    expect(completed!.output.title).toBe("netpol-guard stopped: this change took longer to judge than its budget");
    expect(completed!.output.summary).toContain("Judging took more than its budget of 5 s \\(limits.judgeSeconds\\) and was stopped while parsing terraform/services/company-x/slow.tf \\(26 B, 5.0 s so far\\)");
    expect(completed!.output.summary).toContain(`| \`${SLOW}\` | 26 B | 5.0 s so far (stopped) |`);
    // The files parsed before it, with what each cost.
    expect(completed!.output.summary).toMatch(/\| `[^`]+` \| \d+ (B|KiB) \| \d+\.\d s \|/);
  });

  it("stops a real worker whose modelling is the costly part, says so, and judges the next pull request on a new worker", async () => {
    const spawned: JudgeWorker[] = [];
    const stages: string[] = [];
    let fire: (() => void) | null = null;
    const memory = new AppMemory(new GitHubSnapshotCache(), {
      spawn: (memoryMb) => {
        const worker = spawnJudgeWorker(memoryMb);
        const first = spawned.push(worker) === 1;
        // The budget runs out once the worker has parsed everything and started modelling: on this change
        // that takes minutes, so the stop lands well inside it.
        worker.on("message", (message: JudgeMessage) => {
          if (message.kind !== "stage" || !first) return;
          stages.push(message.stage);
          if (message.stage === "model") fire?.();
        });
        return worker;
      },
      setTimer: (_ms, f) => {
        fire = f;
        return () => (fire = null);
      },
    });
    const probot = await createTestProbot(memory);
    gh = new GitHubMock();
    const config = `${CONFIG}\nlimits:\n  judgeSeconds: 5\n`;
    const base = gh.commit("base", withChanges(BASE, { ".github/netpol-guard.yml": config }));
    // 400 namespaces, each with a policy whose selector matches most of the others: 150 KB that parse in a
    // few seconds and take minutes to model (reachability over every pair).
    const costly = gh.commit("costly", withChanges(BASE, { ".github/netpol-guard.yml": config, "kubernetes/many/namespaces.yaml": manyNamespaces(400) }));
    gh.token().contextQuery().tree(base).tree(costly).compare(base, costly).createCheckRun(1, { listPulls: false }).blobQuery().updateCheckRun();

    await probot.receive(pullRequestEvent("opened", { number: 7, base, head: costly }));

    expect(stages).toEqual(["model"]);
    const [completed] = gh.bodies("PATCH") as { conclusion: string; output: { title: string; summary: string } }[];
    expect(completed!.conclusion).toBe("failure");
    expect(completed!.output.title).toBe("netpol-guard stopped: this change took longer to judge than its budget");
    expect(completed!.output.summary).toMatch(
      /Judging took more than its budget of 5 s \\\(limits\.judgeSeconds\\\) and was stopped while modelling the namespaces and policies and computing what they allow \\\(\d+\.\d s so far, after parsing \d+ files in \d+\.\d s\\\)/,
    );
    // What the parsing cost, file by file: the costly file among them.
    expect(completed!.output.summary).toContain("| `kubernetes/many/namespaces.yaml` |");

    // The stopped worker was replaced: the next pull request is judged, on a new worker.
    const clean = gh.commit("clean", withChanges(CLEAN_HEAD, { ".github/netpol-guard.yml": config }));
    gh.tree(clean).compare(base, clean).contextQuery().createCheckRun().updateCheckRun();
    await probot.receive(pullRequestEvent("opened", { number: 8, base, head: clean }));
    expect(spawned).toHaveLength(2);
    expect(gh.checkRuns.map((r) => [gh.named(r.headSha), r.conclusion])).toEqual([
      ["@costly", "failure"],
      ["@clean", "success"],
    ]);
  }, 120_000);
});

/** `count` namespaces, each with an egress policy to every namespace whose tier differs from one value. */
function manyNamespaces(count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${i}\n  labels:\n    tier: t${i % 7}\n`);
    docs.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: egress\n  namespace: ns-${i}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector:\n            matchExpressions:\n              - { key: tier, operator: NotIn, values: [t${i % 5}] }\n`,
    );
  }
  return docs.join("---\n");
}

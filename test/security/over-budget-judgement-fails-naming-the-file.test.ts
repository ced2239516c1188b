/**
 * Hole 3 of the security review: a pull request could stall the app, the parsing of its files running on
 * the thread that answers webhooks with no budget (one 1 MiB Terraform file: 7-12 s). Parsing now runs in a
 * worker thread under the base branch's `limits.judgeSeconds`; past it the worker is stopped and the check
 * run is completed as a failure that names the file being parsed and what the others cost. The worker
 * here is a stand-in that parses every file but one (the slow one), and the timer is fired by the test:
 * nothing waits out a budget.
 */
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import type { ParseJob } from "../../src/engine/parse-files.js";
import { parseManifestFile } from "../../src/parsers/kubernetes/parse-manifest-file.js";
import { parseTerraformFile } from "../../src/parsers/terraform/parse-terraform.js";
import { loadTerraformParser } from "../../src/parsers/terraform/load-terraform-parser.js";
import { encodeTerraformFileResult } from "../../src/parse-pool/terraform-wire.js";
import type { JudgeWorker } from "../../src/parse-pool/parse-within-budget.js";
import { AppMemory } from "../../src/pipeline/app-memory.js";
import { GitHubSnapshotCache } from "../../src/github/github-snapshot-cache.js";
import { ParseCache } from "../../src/engine/parse-files.js";
import { GitHubMock } from "../helpers/github-mock.js";
import { expectMockSettled } from "../helpers/handler-test.js";
import { BASE, CONFIG, withChanges } from "../helpers/infra-repo.js";
import { pullRequestEvent } from "../helpers/payloads.js";
import { createTestProbot } from "../helpers/probot.js";

const parser = await loadTerraformParser();

const SLOW = "terraform/services/company-x/slow.tf";

/** Parses every file it is sent, in this thread, until the slow one: then it says nothing more. */
class SlowOnOneFile extends EventEmitter implements JudgeWorker {
  terminated = false;
  postMessage(jobs: ParseJob[]): void {
    queueMicrotask(() => {
      for (const [index, job] of jobs.entries()) {
        if (job.path === SLOW) return;
        const result = job.kind === "manifest" ? parseManifestFile(job.path, job.text) : encodeTerraformFileResult(parseTerraformFile(parser, job.path, job.text), job.path);
        this.emit("message", { index, ms: 250, result });
      }
    });
  }
  terminate(): Promise<number> {
    this.terminated = true;
    return Promise.resolve(1);
  }
}

let gh: GitHubMock;
afterEach(() => expectMockSettled(gh));

describe("security: a judgement over its budget", () => {
  it("stops the worker and completes the check run as a failure naming the file and what it cost", async () => {
    const workers: SlowOnOneFile[] = [];
    const budgets: number[] = [];
    let clock = 0;
    const memory = new AppMemory(new GitHubSnapshotCache(), new ParseCache(20_000), {
      spawn: () => {
        const worker = new SlowOnOneFile();
        workers.push(worker);
        return worker;
      },
      now: () => clock,
      setTimer: (ms, fire) => {
        budgets.push(ms);
        // The budget runs out as soon as the worker has answered what it will.
        setImmediate(() => {
          clock += ms;
          fire();
        });
        return () => undefined;
      },
    });
    const probot = await createTestProbot(memory);
    gh = new GitHubMock();
    // The budget is the base branch's, 5 s: the pull request's own config cannot raise it.
    const base = gh.commit("base", withChanges(BASE, { ".github/netpol-guard.yml": `${CONFIG}\nlimits:\n  judgeSeconds: 5\n` }));
    const head = gh.commit("slow", withChanges(BASE, { [SLOW]: 'locals {\n  slow = "yes"\n}\n', ".github/netpol-guard.yml": `${CONFIG}\nlimits:\n  judgeSeconds: 600\n` }));
    // Stopped before its verdict: the open pull requests at the head are never listed.
    gh.token().contextQuery().tree(base).tree(head).createCheckRun(1, { listPulls: false }).blobQuery().updateCheckRun();

    await probot.receive(pullRequestEvent("opened", { number: 7, base, head }));

    expect(budgets).toEqual([5_000]);
    expect(workers.map((w) => w.terminated)).toEqual([true]);
    const [completed] = gh.bodies("PATCH") as { status?: string; conclusion: string; output: { title: string; summary: string } }[];
    expect(completed!.conclusion).toBe("failure");
    expect(completed!.output.title).toBe("netpol-guard stopped: this change took longer to judge than its budget");
    expect(completed!.output.summary).toContain("Judging took more than its budget of 5 s \\(limits.judgeSeconds\\) and was stopped while parsing terraform/services/company-x/slow.tf \\(26 B, 5.0 s so far\\)");
    expect(completed!.output.summary).toContain(`| \`${SLOW}\` | 26 B | 5.0 s so far (stopped) |`);
    // The files parsed before it, with what each cost.
    expect(completed!.output.summary).toMatch(/\| `[^`]+` \| \d+ (B|KiB) \| 0\.3 s \|/);
  });
});

/**
 * Two replicas of the app behind one load balancer, sharing a real Redis, each with its own memory (as two
 * processes): GitHub's same delivery reaching both at the same moment is handled once. One check run per
 * head, one review, one reply. And Redis going away mid-run costs no verdict.
 */
import { Redis } from "ioredis";
import type { Probot } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppMemory } from "../../src/pipeline/app-memory.js";
import type { AppState } from "../../src/state/app-state.js";
import { createRedisState } from "../../src/state/create-redis-state.js";
import { GitHubMock } from "../helpers/github-mock.js";
import { expectMockSettled } from "../helpers/handler-test.js";
import { BASE, CROSS_VC_HEAD } from "../helpers/infra-repo.js";
import { issueCommentEvent, pullRequestEvent } from "../helpers/payloads.js";
import { createTestProbot, TEST_NOW } from "../helpers/probot.js";
import { startRedisServer, type RedisServer } from "../helpers/redis-server.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

const states: AppState[] = [];
const warnings: string[] = [];
/** A replica: its own memory and Redis connection, like a process of its own. */
async function replica(url = server.url): Promise<Probot> {
  const log = { info: () => undefined, warn: (m: string) => warnings.push(m) };
  const state = createRedisState(new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 2_000 }), log);
  states.push(state);
  return createTestProbot(new AppMemory(undefined, {}, () => TEST_NOW, state));
}

let gh: GitHubMock;
beforeEach(() => {
  gh = new GitHubMock();
  warnings.length = 0;
});
afterEach(async () => {
  expectMockSettled(gh);
  await Promise.all(states.splice(0).map((s) => s.close()));
});

describe("two replicas sharing Redis", () => {
  it("judge a pull_request delivery that reaches both at once once: one check run, one review", async () => {
    const [a, b] = [await replica(), await replica()];
    const base = gh.commit("base", BASE);
    const head = gh.commit("head", CROSS_VC_HEAD);
    gh.pull(7, base, head);
    gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().publishMutation().updateCheckRun();

    const event = pullRequestEvent("opened", { number: 7, base, head, author: "dev", deliveryId: "delivery-1" });
    await Promise.all([a.receive(event), b.receive(event)]);

    expect(gh.bodies("POST {repo}/check-runs")).toHaveLength(1);
    expect(gh.checkRuns.map((r) => [r.headSha, r.status, r.conclusion])).toEqual([[head, "completed", "failure"]]);
    expect(gh.requests.filter((r) => /addPullRequestReview/.test(String((r.body as { query?: string } | undefined)?.query ?? "")))).toHaveLength(1);
  });

  it("answer a /netpol recheck that reaches both at once with one check run and one reply", async () => {
    const [a, b] = [await replica(), await replica()];
    const base = gh.commit("base", BASE);
    const head = gh.commit("head", CROSS_VC_HEAD);
    gh.pull(7, base, head);
    // Both see the comment and ask who wrote it; one judges and replies, the other then finds the delivery
    // judged and leaves the reply alone.
    gh.token().token().reaction(4001).reaction(4001).collaboratorPermission("alice", "write").collaboratorPermission("alice", "write").getPull(7).getPull(7);
    gh.contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().publishMutation().updateCheckRun();
    gh.listComments(7).createComment(7);

    const event = issueCommentEvent({ number: 7, body: "/netpol recheck", login: "alice", deliveryId: "delivery-2" });
    await Promise.all([a.receive(event), b.receive(event)]);

    expect(gh.bodies("POST {repo}/check-runs")).toHaveLength(1);
    expect(gh.bodies("POST {repo}/issues/7/comments")).toHaveLength(1);
    expect(gh.checkRuns.map((r) => [r.status, r.conclusion])).toEqual([["completed", "failure"]]);
  });

  it("complete the check run when Redis is gone mid-run, and log that the state could not be shared", async () => {
    const own = await startRedisServer();
    const a = await replica(own.url);
    await own.stop();
    const base = gh.commit("base", BASE);
    const head = gh.commit("head", CROSS_VC_HEAD);
    gh.pull(7, base, head);
    gh.token().contextQuery().tree(base).tree(head).compare(base, head).createCheckRun().blobQuery().publishMutation().updateCheckRun();

    await a.receive(pullRequestEvent("opened", { number: 7, base, head, author: "dev", deliveryId: "delivery-3" }));

    expect(gh.checkRuns.map((r) => [r.status, r.conclusion])).toEqual([["completed", "failure"]]);
    expect(warnings.some((w) => w.startsWith("netpol-guard could not share its state in Redis"))).toBe(true);
  });
});

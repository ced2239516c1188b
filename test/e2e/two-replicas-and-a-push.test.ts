/**
 * Two replicas of the app, each started as production starts it, sharing a real Redis (REDIS_URL), against
 * the stand-in GitHub over HTTP. GitHub's deliveries reach both at the same moment (a load balancer that
 * retried, a redelivery): each is published once. Then a push to main moves the base of an open pull
 * request (the platform moves a team the pull request reaches to another company), and its check is judged
 * again against the new tip, as merging it would make it, once.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { E2E_APP_ID, type FakeGitHub } from "../helpers/e2e-github.js";
import { pullRequestDelivery, pushDelivery } from "../helpers/e2e-payloads.js";
import { captureLog, deliver, generateAppKey, startApp, waitFor, type RunningApp } from "../helpers/e2e-server.js";
import { startE2eWorld, type E2eWorld } from "../helpers/e2e-world.js";
import { BASE, CLEAN_HEAD, TEAM_B_MOVED } from "../helpers/infra-repo.js";
import { startRedisServer, type RedisServer } from "../helpers/redis-server.js";

const SECRET = `e2e-webhook-secret-${process.pid}-redis`;
const key = generateAppKey();
const capture = captureLog();
/** The files the platform's move of team-b (and service-3) to company-y changes. */
const MOVED = Object.keys(TEAM_B_MOVED).filter((path) => TEAM_B_MOVED[path] !== BASE[path]);

let redis: RedisServer | undefined;
let admin: Redis | undefined;
let world: E2eWorld | undefined;
let second: RunningApp | undefined;
let gh: FakeGitHub;
let commits: Record<string, string>;
const previousUrl = process.env.REDIS_URL;

beforeAll(async () => {
  redis = await startRedisServer();
  admin = new Redis(redis.url);
  // The app reads REDIS_URL from the environment, as in production (Probot reads it there too).
  process.env.REDIS_URL = redis.url;
  world = await startE2eWorld({
    commits: [
      { name: "before", files: BASE },
      // service-1 reaches service-3, of its own company: clean, until main moves service-3's team.
      { name: "pr", files: CLEAN_HEAD, parent: "before" },
      { name: "after", files: TEAM_B_MOVED, parent: "before" },
    ],
    key,
    secret: SECRET,
    log: capture.log,
  });
  ({ gh, commits } = world);
  second = await startApp({ githubPort: world.standIn.port, appId: E2E_APP_ID, privateKey: key.privateKey, secret: SECRET, log: capture.log });
});

afterAll(async () => {
  await second?.close();
  await world?.close();
  await admin?.quit();
  await redis?.stop();
  if (previousUrl === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = previousUrl;
});

/** Delivers `d` to both replicas at the same moment; both acknowledge it. */
async function deliverToBoth(d: Parameters<typeof deliver>[2]): Promise<void> {
  const answers = await Promise.all([deliver(world!.app.webhookUrl, SECRET, d), deliver(second!.webhookUrl, SECRET, d)]);
  for (const answer of answers) expect([200, 202], answer.body).toContain(answer.status);
}

const completed = (sha: string): number => gh.checksOn(sha).filter((r) => r.status === "completed").length;

it("publishes each delivery once, and judges the open pull request again when main moves", async () => {
  gh.branches.set("main", commits.before!);
  const pull = gh.openPull(7, commits.before!, commits.pr!);

  await deliverToBoth(pullRequestDelivery("opened", pull));
  await waitFor(gh, () => completed(pull.head) >= 1, "the check run on #7 is completed", 60_000);
  // The delivery is claimed in Redis: the other replica published nothing.
  expect(await admin!.keys("netpol-guard:delivery:*")).toHaveLength(1);
  expect(gh.checksOn(pull.head).map((r) => r.conclusion)).toEqual(["success"]);

  gh.branches.set("main", commits.after!);
  await deliverToBoth(pushDelivery({ branch: "main", before: commits.before!, after: commits.after!, modified: MOVED }));
  await waitFor(gh, () => completed(pull.head) >= 2, "the check run of #7 judged again is completed", 60_000);

  const runs = gh.checksOn(pull.head);
  expect(runs).toHaveLength(2);
  expect(runs[1]!.conclusion).toBe("failure");
  expect(runs[1]!.output?.title).toMatch(new RegExp(`^Base moved \\(main is now at ${commits.after!.slice(0, 7)}\\): `));
  expect(runs[1]!.external_id).toBe(`7:${commits.after}:main`);
  expect(runs[1]!.output?.summary).toContain(`merged onto the base's tip \`${commits.after!.slice(0, 7)}\``);
  // One review: the re-judged head has a finding on a line of its diff; posted once for both replicas.
  expect(gh.reviews.filter((r) => r.byApp)).toHaveLength(1);
}, 120_000);

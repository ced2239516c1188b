/**
 * The frame of the fault tests: the fake GitHub (a real git repository, stateful check runs, reviews
 * and tokens) served through nock at api.github.com, and a Probot whose client is production's with the
 * waits taken off the real clock: plugin-retry on with its production count (3) but millisecond back-off,
 * the app's waits after a secondary rate limit recorded instead of slept, and each attempt's timeout (500
 * ms, instead of 30 s, as the messages say) fired only when the fake leaves that attempt unanswered
 * (`ManualClock`), so that a loaded machine never times out a request that was being answered.
 * Throttling is off except where a test asks for production's, and then without its one-write-per-second
 * pacing.
 *
 * After each test: no request GitHub would reject, no request the fake does not know, every check run
 * completed, no review or reply posted twice, and no secret in the captured debug log.
 */
import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import nock from "nock";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { createNetpolGuard } from "../../src/index.js";
import { AppMemory } from "../../src/pipeline/app-memory.js";
import { settleOnReceive } from "../helpers/probot.js";
import { GitRepo } from "../helpers/e2e-git.js";
import { FakeGitHub, warmUpFakeGitHub } from "../helpers/fake-github.js";
import { answerWithFake } from "../helpers/fake-github-nock.js";
import { secretsIn } from "../helpers/e2e-secrets.js";
import { ManualClock } from "../helpers/manual-clock.js";
import { BASE, CLEAN_HEAD, CROSS_VC_HEAD, VC_TO_VC_HEAD } from "../helpers/infra-repo.js";

export const APP_ID = 1;
export const REQUEST_TIMEOUT_MS = 500;

export interface Commits {
  base: string;
  clean: string;
  cross: string;
  vcToVc: string;
}

export interface FaultTest {
  probot: Probot;
  gh: FakeGitHub;
  commits: Commits;
  /** Everything logged, at debug level, as JSON lines. */
  log: string[];
  /** The client's waits and timeouts. */
  clock: ManualClock;
}

const keys = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
});
export const WEBHOOK_SECRET = "fault-test-webhook-secret-4f1c";

/** Production's client, its waits in milliseconds: retry back-off 1, 4, 9 ms; throttling off. */
const FastRetryOctokit = ProbotOctokit.defaults((options: Record<string, any>) => ({
  ...options,
  retry: { ...options.retry, retryAfterBaseValue: 1 },
  throttle: { ...options.throttle, enabled: false },
}));

/**
 * A throttling group that schedules every job at once: the one-second spacing of writes (and of writes
 * that notify) is a sleep, and not what the tests with production's throttling look at.
 */
const UNPACED = { key: () => ({ schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) => Promise.resolve(job(...args)) }) };

/** Production's client with its throttling (Probot's handlers), only the retry back-off and the pacing of writes taken off. */
const ProductionThrottleOctokit = ProbotOctokit.defaults((options: Record<string, any>) => ({
  ...options,
  retry: { ...options.retry, retryAfterBaseValue: 1 },
  throttle: { ...options.throttle, write: UNPACED, notifications: UNPACED },
}));

/**
 * Serves `gh` through nock for every method on api.github.com; returns nothing to undo but `nock.cleanAll()`.
 * A request the fake leaves unanswered is timed out on `clock` at once.
 */
function serveWithNock(gh: FakeGitHub, clock: ManualClock): void {
  const scope = nock("https://api.github.com").persist();
  for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) {
    answerWithFake(scope.intercept(/.*/, method), method, gh, {
      // The client times out; nock drops the request with it.
      onHang: (uri) => {
        if (!clock.expire(method, uri)) gh.problems.push(`${method} ${uri}: left unanswered, but no timeout of the client waits for it`);
      },
    });
  }
}

export function useFaultTest(options: { throttle?: "production" } = {}): FaultTest {
  const t = { log: [] as string[] } as FaultTest;
  let git: GitRepo;
  beforeAll(() => {
    warmUpFakeGitHub();
    git = new GitRepo();
    const shas = git.commitAll([
      { name: "base", files: BASE },
      { name: "clean", files: CLEAN_HEAD, parent: "base" },
      { name: "cross", files: CROSS_VC_HEAD, parent: "base" },
      { name: "vc-to-vc", files: VC_TO_VC_HEAD, parent: "base" },
    ]);
    t.commits = { base: shas.base!, clean: shas.clean!, cross: shas.cross!, vcToVc: shas["vc-to-vc"]! };
  });
  afterAll(() => git.dispose());

  beforeEach(async () => {
    nock.disableNetConnect();
    t.gh = new FakeGitHub(git, { publicKey: keys.publicKey, appId: APP_ID });
    t.clock = new ManualClock();
    serveWithNock(t.gh, t.clock);
    t.log = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        t.log.push(chunk.toString("utf8"));
        done();
      },
    });
    t.probot = new Probot({
      appId: APP_ID,
      privateKey: keys.privateKey,
      secret: WEBHOOK_SECRET,
      Octokit: options.throttle === "production" ? ProductionThrottleOctokit : FastRetryOctokit,
      log: pino({ level: "debug" }, sink),
      request: { timeout: REQUEST_TIMEOUT_MS, ...t.clock.requestOptions() },
    });
    const memory = new AppMemory();
    await t.probot.load(createNetpolGuard(memory));
    settleOnReceive(t.probot, memory);
  });

  afterEach(() => {
    nock.cleanAll();
    expect(t.gh.invariantProblems(), "what GitHub would show after the run").toEqual([]);
    expect(secretsIn(t.log.join(""), [keys.privateKey, WEBHOOK_SECRET, ...t.gh.issuedTokens, ...t.gh.receivedJwts]), "secrets in the log").toEqual([]);
  });
  return t;
}

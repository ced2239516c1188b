/**
 * A burst over real HTTP: 200 signed deliveries for 50 pull requests, each pushed once after it opened
 * (100 head commits), every delivery sent twice (a redelivery keeps its id), in a shuffled order that has
 * many `synchronize` events arrive before their pull request's `opened`, 20 at a time. It must end with
 * exactly one completed check run per head commit, no review or comment posted twice, each pull request's
 * label and team request matching its latest head, and the heap back near where it started.
 *
 * The app runs as in app-over-http.test.ts, with one change: Probot's throttling is off. It spaces writes
 * (GraphQL queries included) one second apart per installation, so 100 judgements would take minutes.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitRepo } from "../helpers/e2e-git.js";
import { E2E_APP_ID, FakeGitHub, warmUpFakeGitHub, type FakePull } from "../helpers/fake-github.js";
import { pullRequestDelivery, type Delivery } from "../helpers/e2e-payloads.js";
import { captureLog, deliver, generateAppKey, serveStandIn, startApp, waitFor, type Listening, type RunningApp } from "../helpers/e2e-server.js";
import { BASE, CLEAN_HEAD, CROSS_VC_HEAD, VC_TO_VC_HEAD, withChanges, type FileMap } from "../helpers/infra-repo.js";

const PULLS = 50;
/** Pull requests of the warm-up burst, numbered after the measured ones. */
const WARM_UP_PULLS = 5;
const CONCURRENCY = 20;
const SECRET = `e2e-burst-secret-${process.pid}`;
/** The heap may end this much above where it started (caches of 100 commits are small; a leak per delivery is not). */
const HEAP_TOLERANCE = 12 * 1024 * 1024;

const NoThrottleOctokit = ProbotOctokit.defaults((options: Record<string, any>) => ({ ...options, throttle: { ...options.throttle, enabled: false } }));

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

type Kind = "cross" | "vc" | "clean";
const FILES: Record<Kind, FileMap> = { cross: CROSS_VC_HEAD, vc: VC_TO_VC_HEAD, clean: CLEAN_HEAD };
const CONCLUSION: Record<Kind, string> = { cross: "failure", vc: "action_required", clean: "success" };
/** Each pull request opens with one kind of change and is pushed with another. */
const PLAN: [Kind, Kind][] = [
  ["cross", "clean"],
  ["clean", "vc"],
  ["vc", "cross"],
  ["vc", "clean"],
  ["clean", "cross"],
];

/** A deterministic shuffle (mulberry32), so a failure can be replayed. */
function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

/** Runs `task` on every item, at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const key = generateAppKey();
// Every line is checked for secrets as it is written, and not kept: the log would weigh on the heap measure.
const capture = captureLog({ keepLines: false, secrets: () => [key.privateKey, SECRET, ...(gh?.issuedTokens ?? []), ...(gh?.receivedJwts ?? [])] });
let git: GitRepo;
let gh: FakeGitHub;
let standIn: Listening;
let app: RunningApp;
const heads = new Map<string, { pull: number; kind: Kind; latest: boolean }>();

beforeAll(async () => {
  warmUpFakeGitHub();
  git = new GitRepo();
  const commits: { name: string; files: FileMap; parent?: string }[] = [{ name: "base", files: BASE }];
  for (let n = 1; n <= PULLS + WARM_UP_PULLS; n++) {
    const [first, second] = PLAN[n % PLAN.length]!;
    // A line of the README (not watched) makes every head its own commit.
    commits.push({ name: `pr${n}-1`, files: withChanges(FILES[first], { "README.md": `# infra\n\nPR ${n}, first push.\n` }), parent: "base" });
    commits.push({ name: `pr${n}-2`, files: withChanges(FILES[second], { "README.md": `# infra\n\nPR ${n}, second push.\n` }), parent: `pr${n}-1` });
  }
  const shas = git.commitAll(commits);
  gh = new FakeGitHub(git, { publicKey: key.publicKey, appId: E2E_APP_ID, keepBodies: false });
  gh.teams.set("platform", new Set(["plat-lead"]));
  for (let n = 1; n <= PULLS + WARM_UP_PULLS; n++) {
    const [first, second] = PLAN[n % PLAN.length]!;
    gh.openPull(n, shas.base!, shas[`pr${n}-2`]!, { user: `dev-${n}`, updatedAt: `2024-05-01T10:${String(n % 60).padStart(2, "0")}:00Z` });
    heads.set(shas[`pr${n}-1`]!, { pull: n, kind: first, latest: false });
    heads.set(shas[`pr${n}-2`]!, { pull: n, kind: second, latest: true });
  }
  standIn = await serveStandIn(gh);
  app = await startApp({ githubPort: standIn.port, appId: E2E_APP_ID, privateKey: key.privateKey, secret: SECRET, log: capture.log, Octokit: NoThrottleOctokit });
});

afterAll(async () => {
  await app?.close();
  await standIn?.close();
  git?.dispose();
});

/** The `opened` (first head) and `synchronize` (second head) deliveries of a pull request. */
function deliveriesOf(pull: FakePull): [Delivery, Delivery] {
  const first = [...heads].find(([, h]) => h.pull === pull.number && !h.latest)![0];
  // Opened an hour before the push: GitHub's `updated_at` is what tells a late delivery from a new one.
  const opened = pullRequestDelivery("opened", { ...pull, head: first, updatedAt: pull.updatedAt.replace("T10:", "T09:") });
  const synchronize = pullRequestDelivery("synchronize", pull);
  return [opened, synchronize];
}

describe("a burst of deliveries", () => {
  it("ends with one completed check per head, nothing posted twice, and the heap back near where it started", { timeout: 700_000 }, async () => {
    // A warm-up burst the same shape (duplicates, out of order, as many at a time) on 5 other pull
    // requests, outside the measure: the first token, the parsers, compiled code, connection pools.
    const warmUp = Array.from({ length: WARM_UP_PULLS }, (_, i) => deliveriesOf(gh.pulls.get(PULLS + 1 + i)!)).flat();
    const warmAnswers = await pool(shuffle([...warmUp, ...warmUp], 7), CONCURRENCY, (d) => deliver(app.webhookUrl, SECRET, d));
    expect(warmAnswers.map((a) => a.status)).toEqual(Array(2 * warmUp.length).fill(200));
    // Deliveries are acknowledged before they are judged: the warm-up ends when its heads are judged.
    const warmUpHeads = [...heads].filter(([, h]) => h.pull > PULLS).map(([sha]) => sha);
    await waitFor(gh, () => warmUpHeads.every((sha) => gh.checksOn(sha).some((r) => r.status === "completed")), "every head of the warm-up has a completed check run", 300_000);
    const unique = Array.from({ length: PULLS }, (_, i) => deliveriesOf(gh.pulls.get(i + 1)!)).flat();
    const burst = shuffle([...unique, ...unique], 20240501);
    expect(burst).toHaveLength(200);
    const position = (id: string): number => burst.findIndex((d) => d.id === id);
    const outOfOrder = Array.from({ length: PULLS }, (_, i) => unique[2 * i + 1]!).filter((sync, i) => position(sync.id) < position(unique[2 * i]!.id));
    expect(outOfOrder.length, "pull requests whose synchronize arrives before their opened").toBeGreaterThanOrEqual(10);

    // Measured with the deliveries already built: their payloads are the test's, not the app's.
    const heapBefore = heapAfterGc();
    const requestsBefore = gh.requests.length;
    const started = Date.now();
    const answers = await pool(burst, CONCURRENCY, (d) => deliver(app.webhookUrl, SECRET, d));
    // Every delivery acknowledged at once (200), none left waiting for its judgement (202 after 9 s).
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    const burstHeads = [...heads].filter(([, h]) => h.pull <= PULLS).map(([sha]) => sha);
    await waitFor(gh, () => burstHeads.every((sha) => gh.checksOn(sha).some((r) => r.status === "completed")), "every head of the burst has a completed check run", 300_000);
    const seconds = (Date.now() - started) / 1000;

    const heapAfter = heapAfterGc();
    console.info(
      `burst: 200 deliveries in ${seconds.toFixed(1)} s, ${gh.requests.length - requestsBefore} API requests; heap ${(heapBefore / 2 ** 20).toFixed(1)} MiB before, ${(heapAfter / 2 ** 20).toFixed(1)} MiB after`,
    );

    // What GitHub shows afterwards, every discrepancy listed at once.
    const wrong: string[] = [];
    for (const sha of burstHeads) {
      const { pull, kind } = heads.get(sha)!;
      const at = `#${pull}@${sha.slice(0, 7)} (${kind})`;
      // One completed check run per head commit, with the verdict of its change.
      const runs = gh.checksOn(sha).map((r) => `${r.status} ${r.conclusion} ${r.externalId}`);
      if (runs.join() !== `completed ${CONCLUSION[kind]} ${pull}:${gh.pulls.get(pull)!.base}:main`) wrong.push(`check runs on ${at}: ${runs.join(", ")}`);
      // One review of the latest head when it has findings on the diff (an earlier head's findings may
      // not be on the pull request's diff any more: then there is nothing to comment on), none when clean.
      const reviews = gh.reviews.filter((r) => r.byApp && r.commit === sha).length;
      const expected = kind === "clean" ? [0] : heads.get(sha)!.latest ? [1] : [0, 1];
      if (!expected.includes(reviews)) wrong.push(`${reviews} reviews of ${at}`);
    }
    // Each pull request ends labelled (and the platform team asked) as its latest head requires.
    for (let n = 1; n <= PULLS; n++) {
      const pull = gh.pulls.get(n)!;
      const latest = heads.get(pull.head)!;
      const label = latest.kind === "vc" ? ["cross-vc-boundary"] : [];
      if (pull.labels.join() !== label.join()) wrong.push(`#${n} (latest head: ${latest.kind}) is labelled [${pull.labels.join()}]`);
      if (latest.kind === "vc" && pull.requestedTeams.join() !== "platform") wrong.push(`#${n} (latest head: vc) asked [${pull.requestedTeams.join()}]`);
    }
    expect(wrong).toEqual([]);
    // No review twice, every check run completed, every request valid.
    expect(gh.invariantProblems()).toEqual([]);
    expect(heapAfter - heapBefore, "heap growth over the burst, in bytes").toBeLessThan(HEAP_TOLERANCE);
    expect(capture.count, "debug lines logged").toBeGreaterThan(1000);
    expect(capture.leaks, "log lines with a secret").toEqual([]);
  });
});

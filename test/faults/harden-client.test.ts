/**
 * The app's hardening of Probot's client, below the app: what a timeout in the middle of a response body
 * does, and which 403s and 429s are secondary rate limits.
 */
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { hardenClient, secondaryRateLimitWait } from "../../src/github/harden-client.js";
import { ManualClock } from "../helpers/manual-clock.js";

const TREE = "/repos/o/r/git/trees/abc";

/** Production's client, its retry back-off in milliseconds, with a token, a fake `fetch` and the test's clock. */
function client(fetch: typeof globalThis.fetch, clock = new ManualClock()): InstanceType<typeof ProbotOctokit> {
  const Octokit = ProbotOctokit.defaults((options: Record<string, any>) => ({ ...options, retry: { ...options.retry, retryAfterBaseValue: 1 }, throttle: { ...options.throttle, enabled: false } }));
  return new Octokit({ auth: { token: "ghs_unit" }, request: { fetch, timeout: 100, ...clock.requestOptions() }, log: { debug() {}, info() {}, warn() {}, error() {} } });
}

/**
 * A fetch whose first response sends half its JSON body and then stalls (until aborted: `onStall` is told
 * once the half is sent); the next ones answer.
 */
function stallingFetch(onStall: () => void): { fetch: typeof globalThis.fetch; calls: number } {
  const state = { calls: 0, fetch: null! as typeof globalThis.fetch };
  const json = JSON.stringify({ sha: "abc", tree: [{ path: "a.yaml" }], truncated: false });
  state.fetch = async (_input, init) => {
    state.calls++;
    const headers = { "content-type": "application/json; charset=utf-8" };
    if (state.calls > 1) return new Response(json, { status: 200, headers });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(json.slice(0, 10)));
        init?.signal?.addEventListener("abort", () => controller.error(init.signal!.reason));
        queueMicrotask(onStall);
      },
    });
    return new Response(body, { status: 200, headers });
  };
  return state;
}

describe("a timeout in the middle of a response body", () => {
  it("is what Octokit alone turns into an empty `data`, with status 200", async () => {
    // A timeout of the caller's own, fired once the body stalls.
    const timeout = new AbortController();
    const fake = stallingFetch(() => timeout.abort(new DOMException("The operation timed out.", "TimeoutError")));
    const octokit = client(async (input, init) => fake.fetch(input, { ...init, signal: timeout.signal }));
    const { status, data } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner: "o", repo: "r", tree_sha: "abc" });
    expect([status, data]).toEqual([200, ""]);
  });

  it("fails the attempt instead, and the retry gets the whole body", async () => {
    const clock = new ManualClock();
    const fake = stallingFetch(() => clock.expire("GET", TREE));
    const octokit = client(fake.fetch, clock);
    hardenClient(octokit);
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner: "o", repo: "r", tree_sha: "abc" });
    expect(data).toEqual({ sha: "abc", tree: [{ path: "a.yaml" }], truncated: false });
    expect(fake.calls).toBe(2);
    expect(clock.timeouts).toEqual([100]);
  });
});

describe("secondaryRateLimitWait", () => {
  const error = (status: number, message: string, headers: Record<string, string> = {}): Error => Object.assign(new Error(message), { status, response: { headers } });
  it.each([
    ["403 with retry-after", error(403, "You have exceeded a secondary rate limit", { "retry-after": "7" }), 7],
    ["429 with retry-after", error(429, "Too Many Requests", { "retry-after": "0" }), 0],
    ["403 secondary, no retry-after: GitHub's minute", error(403, "You have exceeded a secondary rate limit. Please wait."), 60],
    ["403 hourly quota spent (the throttling plugin's)", error(403, "API rate limit exceeded", { "x-ratelimit-remaining": "0" }), null],
    ["403 forbidden", error(403, "Resource not accessible by integration"), null],
    ["404", error(404, "Not Found", { "retry-after": "1" }), null],
    ["not an HTTP error", new Error("boom"), null],
  ])("%s", (_name, given, wait) => {
    expect(secondaryRateLimitWait(given)).toBe(wait);
  });
});

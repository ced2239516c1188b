/**
 * The app's hardening of Probot's client, below the app: what a timeout in the middle of a response body
 * does, and which 403s and 429s are secondary rate limits.
 */
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { hardenClient, secondaryRateLimitWait } from "../../src/github/harden-client.js";

/** Production's client, its retry back-off in milliseconds, with a token and a fake `fetch`. */
function client(fetch: typeof globalThis.fetch): InstanceType<typeof ProbotOctokit> {
  const Octokit = ProbotOctokit.defaults((options: Record<string, any>) => ({ ...options, retry: { ...options.retry, retryAfterBaseValue: 1 }, throttle: { ...options.throttle, enabled: false } }));
  return new Octokit({ auth: { token: "ghs_unit" }, request: { fetch, timeout: 100 }, log: { debug() {}, info() {}, warn() {}, error() {} } });
}

/** A fetch whose first response sends half its JSON body and then stalls (until aborted); the next ones answer. */
function stallingFetch(): { fetch: typeof globalThis.fetch; calls: number } {
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
      },
    });
    return new Response(body, { status: 200, headers });
  };
  return state;
}

describe("a timeout in the middle of a response body", () => {
  it("is what Octokit alone turns into an empty `data`, with status 200", async () => {
    const fake = stallingFetch();
    const octokit = client(async (input, init) => fake.fetch(input, { ...init, signal: AbortSignal.timeout(50) }));
    const { status, data } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner: "o", repo: "r", tree_sha: "abc" });
    expect([status, data]).toEqual([200, ""]);
  });

  it("fails the attempt instead, and the retry gets the whole body", async () => {
    const fake = stallingFetch();
    const octokit = client(fake.fetch);
    hardenClient(octokit);
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner: "o", repo: "r", tree_sha: "abc" });
    expect(data).toEqual({ sha: "abc", tree: [{ path: "a.yaml" }], truncated: false });
    expect(fake.calls).toBe(2);
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

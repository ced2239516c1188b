/**
 * What the app adds to the installation client Probot hands it, for the failures Probot 14 leaves open:
 * - a timeout on every attempt of every request: without one, a connection GitHub never answers keeps
 *   the check run in progress for good (Probot's plugin-retry then retries the timed-out attempt, as it
 *   does a 5xx);
 * - a wait and a retry after a secondary rate limit: Probot's throttling handler only logs it;
 * - a new installation token after a 401: @octokit/auth-app keeps a token for 59 minutes and retries a
 *   401 with the same token (replication delay), but never asks for a new one, so a token that expired or
 *   was revoked mid-run fails every request after it.
 * It also counts the attempts of a request that asks for it (`request: { [ATTEMPTS]: { count: 0 } }`): a
 * write retried after a 5xx may have been done twice (see check-runs.ts). Its waits and timeouts run on the
 * real clock unless the request options give others (`WAIT`, `TIMER`): tests then never sleep.
 * One `wrap` hook on the client; applied once per client.
 */
import type { GitHubClient } from "./github-client.js";
import { httpStatus } from "./github-client.js";

export interface ClientHardening {
  /** Milliseconds one attempt of a request may take, response included; `request.timeout` overrides it. */
  timeoutMs: number;
  /** Retries after a secondary rate limit. */
  rateLimitRetries: number;
  /** The longest wait honoured after a secondary rate limit; a longer `retry-after` fails the request. */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_HARDENING: ClientHardening = {
  timeoutMs: 30_000,
  rateLimitRetries: 2,
  maxRetryAfterSeconds: 60,
};

/** The request option a caller sets to an `{ count: number }` to learn how many times its request was sent. */
export const ATTEMPTS = "netpolGuardAttempts";

/** The request option that replaces the wait before a retry after a secondary rate limit (a `Wait`). */
export const WAIT = "netpolGuardWait";
/** The request option that replaces the timer of each attempt's timeout (a `Timer`). */
export const TIMER = "netpolGuardTimer";

export type Wait = (ms: number) => Promise<void>;
/** Calls `fire` after `ms` unless the function it returns is called first; `request`: the attempt it times. */
export type Timer = (ms: number, fire: () => void, request: { method: string; url: string }) => () => void;

/** GitHub's advice when a secondary rate limit comes without `retry-after`: wait at least a minute. */
const SECONDARY_RATE_LIMIT_FALLBACK_SECONDS = 60;

type Fetch = typeof globalThis.fetch;
interface RequestOptions {
  url: string;
  method: string;
  request?: { fetch?: Fetch; timeout?: unknown; [key: string]: unknown };
  [key: string]: unknown;
}
interface ResponseLike {
  headers?: Record<string, string | undefined>;
}

const hardened = new WeakSet<object>();

/** Adds the hook to `octokit` (once; later calls do nothing). */
export function hardenClient(octokit: GitHubClient, settings: ClientHardening = DEFAULT_HARDENING): void {
  if (hardened.has(octokit)) return;
  hardened.add(octokit);
  octokit.hook.wrap("request", async (request, rawOptions) => {
    const options = rawOptions as unknown as RequestOptions;
    const timeoutMs = typeof options.request?.timeout === "number" && options.request.timeout > 0 ? options.request.timeout : settings.timeoutMs;
    // Each attempt (the inner retry plugin calls fetch again) gets its own timeout. The options object is
    // changed in place: before-after-hook hands every inner hook the object it was called with.
    const attempts = options.request?.[ATTEMPTS] as { count: number } | undefined;
    const wait = (options.request?.[WAIT] as Wait | undefined) ?? delay;
    const timer = (options.request?.[TIMER] as Timer | undefined) ?? realTimer;
    options.request = { ...options.request, fetch: withTimeout(timeoutMs, options.request?.fetch, attempts, timer) };
    const send = () => request(rawOptions);
    let rateLimited = 0;
    let refreshed = false;
    // Bounded: each pass either returns, throws, or spends one of the retries counted above.
    for (;;) {
      try {
        return await send();
      } catch (error) {
        const seconds = secondaryRateLimitWait(error);
        if (seconds !== null && rateLimited < settings.rateLimitRetries && seconds <= settings.maxRetryAfterSeconds) {
          rateLimited++;
          octokit.log.warn(`Secondary rate limit on ${options.method} ${pathOf(options.url)}: retrying in ${seconds} s`);
          await wait(seconds * 1000);
          continue;
        }
        if (httpStatus(error) === 401 && !refreshed && !isAppRequest(options.url)) {
          refreshed = true;
          octokit.log.warn(`GitHub refused the installation token on ${options.method} ${pathOf(options.url)} (401): asking for a new one`);
          await octokit.auth({ type: "installation", refresh: true });
          continue;
        }
        throw error;
      }
    }
  });
}

/**
 * `fetch` with a per-call timeout that covers the body too: the body is read here, so that a timeout while
 * reading it fails the request (Octokit retries it) instead of handing the app an empty `data`, which is
 * what Octokit makes of a JSON body it could not read. `globalThis.fetch` is looked up at call time (test
 * interceptors patch it).
 */
function withTimeout(ms: number, inner: Fetch | undefined, attempts: { count: number } | undefined, timer: Timer): Fetch {
  return async (input, init) => {
    if (attempts) attempts.count++;
    // A timer cleared when the request is done (AbortSignal.timeout's is not: each would hold its request
    // until it fires).
    const controller = new AbortController();
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const cancel = timer(ms, () => controller.abort(new DOMException(`GitHub did not answer within ${ms / 1000} s`, "TimeoutError")), { method: init?.method ?? "GET", url });
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      const response = await (inner ?? globalThis.fetch)(input, { ...init, signal });
      if (response.status < 200 || NULL_BODY_STATUSES.has(response.status)) return response;
      const buffered = new Response(await response.arrayBuffer(), { status: response.status, statusText: response.statusText, headers: response.headers });
      Object.defineProperty(buffered, "url", { value: response.url });
      return buffered;
    } finally {
      cancel();
    }
  };
}

/** Statuses whose response has no body to read (and that `new Response` refuses one for). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/** Seconds to wait when `error` is a secondary rate limit (403 or 429, not the hourly quota); else null. */
export function secondaryRateLimitWait(error: unknown): number | null {
  const status = httpStatus(error);
  if (status !== 403 && status !== 429) return null;
  const headers = (error as { response?: ResponseLike }).response?.headers ?? {};
  const retryAfter = headers["retry-after"];
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter.trim());
  if (headers["x-ratelimit-remaining"] === "0") return null;
  const message = error instanceof Error ? error.message : "";
  return /secondary rate limit/i.test(message) ? SECONDARY_RATE_LIMIT_FALLBACK_SECONDS : null;
}

/** Requests made with the app's JWT (the token itself, app endpoints): a new installation token cannot help. */
function isAppRequest(url: string): boolean {
  return /^\/app(\/|$)/.test(pathOf(url).replace(/^\/api\/v3/, ""));
}

/** The path of a request's URL (a template such as `/repos/{owner}/{repo}/check-runs`, or absolute). */
function pathOf(url: string): string {
  return url.replace(/^[a-z]+:\/\/[^/]+/i, "").split("?")[0]!;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function realTimer(ms: number, fire: () => void): () => void {
  const handle = setTimeout(fire, ms);
  return () => clearTimeout(handle);
}

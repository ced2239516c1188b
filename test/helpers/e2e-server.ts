/**
 * The end-to-end rig, on 127.0.0.1 only: the fake GitHub served over node:http as a GitHub Enterprise
 * Server would be (`/api/v3/...`, `/api/graphql`), the app started the way `probot run` starts it (Probot's
 * `run()`, configured by environment variables: APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST,
 * GHE_PROTOCOL, HOST, PORT), and webhooks delivered over HTTP with GitHub's HMAC signature.
 */
import { createHmac, generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type Server as HttpServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import { run, type ProbotOctokit, type Server } from "probot";
import netpolGuard from "../../src/index.js";
import { HANG, type FakeGitHub, type RecordedCall } from "./fake-github.js";
import { secretsIn } from "./e2e-secrets.js";
import type { Delivery } from "./e2e-payloads.js";

export const LOOPBACK = "127.0.0.1";

export function generateAppKey(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

export interface Listening {
  port: number;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function listen(server: HttpServer, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: LOOPBACK, port }, () => resolve((server.address() as AddressInfo).port));
  });
}

function closer(server: HttpServer, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

/** Serves the fake on 127.0.0.1 under GitHub Enterprise Server's paths. */
export async function serveStandIn(gh: FakeGitHub): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const url = request.url ?? "/";
      let path: string | null = null;
      if (url === "/api/graphql" || url.startsWith("/api/graphql?")) path = url.replace(/^\/api/, "");
      else if (url.startsWith("/api/v3/")) path = url.slice("/api/v3".length);
      else if (url.startsWith("/_archive/")) path = url; // The archive host a tarball request redirects to.
      if (path === null) {
        gh.unknown.push(`${request.method} ${url} (not under /api/v3 or /api/graphql)`);
        response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "Not Found" }));
        return;
      }
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]));
      const answer = await gh.handle({ method: request.method ?? "GET", path, headers, body });
      if (answer === HANG) return;
      response.writeHead(answer.status, { "content-type": "application/json; charset=utf-8", ...answer.headers }).end(Buffer.isBuffer(answer.body) ? answer.body : JSON.stringify(answer.body));
    })().catch((error: unknown) => {
      gh.problems.push(`fake crashed on ${request.method} ${request.url}: ${String(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listen(server);
  return { port, close: closer(server, sockets) };
}

/** A free port on 127.0.0.1 (Probot's server takes a port number, and treats 0 as "use 3000"). */
async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface CapturedLog {
  log: Logger;
  /** Every line, unless `keepLines` was false. */
  lines: string[];
  /** Lines written. */
  count: number;
  /** Lines that held one of the `secrets` known when they were written (shortened). */
  leaks: string[];
}

/**
 * A pino logger at debug level whose every line lands in `lines`, and is checked as it is written against
 * `secrets()` (read at each line: tokens are issued during the run, always before they could be logged).
 */
export function captureLog(options: { keepLines?: boolean; secrets?: () => string[] } = {}): CapturedLog {
  const captured: CapturedLog = { log: null!, lines: [], count: 0, leaks: [] };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = chunk.toString("utf8");
      captured.count++;
      if (options.keepLines !== false) captured.lines.push(line);
      for (const found of secretsIn(line, options.secrets?.() ?? [])) captured.leaks.push(`${found} in a line starting ${line.slice(0, 120)}`);
      done();
    },
  });
  captured.log = pino({ level: "debug" }, sink);
  return captured;
}

export interface RunningApp extends Listening {
  server: Server;
  webhookUrl: string;
}

/**
 * Starts the app as `probot run` does, against the fake at `githubPort`. `Octokit` replaces Probot's
 * client class only where a test says why.
 */
export async function startApp(options: { githubPort: number; appId: number; privateKey: string; secret: string; log: Logger; Octokit?: typeof ProbotOctokit }): Promise<RunningApp> {
  const port = await freePort();
  const env = {
    APP_ID: String(options.appId),
    PRIVATE_KEY: options.privateKey,
    WEBHOOK_SECRET: options.secret,
    GHE_HOST: `${LOOPBACK}:${options.githubPort}`,
    GHE_PROTOCOL: "http",
    HOST: LOOPBACK,
    PORT: String(port),
    LOG_LEVEL: "debug" as const,
  };
  const server = await run(netpolGuard, { env, log: options.log, ...(options.Octokit ? { Octokit: options.Octokit } : {}) });
  return { server, port, webhookUrl: `http://${LOOPBACK}:${port}/api/github/webhooks`, close: () => server.stop() };
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * POSTs a delivery as GitHub does. `signature`: the header's value (default: signed with `secret`), or null
 * to leave the header out.
 */
export async function deliver(webhookUrl: string, secret: string, d: Delivery, signature?: string | null): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(d.payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/e2e",
    "x-github-event": d.name,
    "x-github-delivery": d.id,
    "x-github-hook-installation-target-type": "integration",
  };
  const value = signature === undefined ? sign(secret, body) : signature;
  if (value !== null) headers["x-hub-signature-256"] = value;
  const response = await fetch(webhookUrl, { method: "POST", headers, body });
  return { status: response.status, body: await response.text() };
}

/** How long an end-to-end step may take before it counts as a hang (see `waitFor`). */
export const E2E_HANG_GUARD_MS = 240_000;

/**
 * Resolves once `condition` holds, re-checked after every request the fake answers; rejects, saying
 * `what` did not happen, after `timeoutMs` (a deadline, not a wait: it is cleared as soon as it holds).
 * The deadline only guards against a hang: it is far above what the work takes on a loaded machine, and
 * below the slow tests' own timeout (vitest.config.ts), so that a hang is reported as what did not happen.
 */
export function waitFor(gh: FakeGitHub, condition: () => boolean, what: string, timeoutMs = E2E_HANG_GUARD_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    if (condition()) {
      resolve();
      return;
    }
    const onRequest = (_call: RecordedCall): void => {
      if (!condition()) return;
      cleanup();
      resolve();
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting until ${what}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      gh.off("request", onRequest);
    };
    gh.on("request", onRequest);
  });
}

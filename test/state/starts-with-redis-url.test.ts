/**
 * With `REDIS_URL` set, the production entry (src/start.ts, as `npm start` runs it) starts and serves:
 * Probot imports `ioredis` for its rate-limit state, and the app keeps its shared state there too. Both
 * connect to a real redis-server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, startRedisServer, type RedisServer } from "../helpers/redis-server.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ENTRY = join(ROOT, "src", "start.ts");
const TSX = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
const CWD = mkdtempSync(join(tmpdir(), "netpol-guard-redis-start-"));

let server: RedisServer;
let admin: Redis;
let app: ChildProcess | null = null;
beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});
afterAll(async () => {
  if (app && app.exitCode === null) {
    const exited = new Promise((resolve) => app!.once("exit", resolve));
    app.kill("SIGTERM");
    await exited;
  }
  await admin?.quit();
  await server?.stop();
  rmSync(CWD, { recursive: true, force: true });
});

it("starts with REDIS_URL set, and both Probot and the app connect to Redis", async () => {
  const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
  const port = await freePort();
  app = spawn(process.execPath, ["--import", TSX, ENTRY], {
    cwd: CWD,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      APP_ID: "1",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: "a".repeat(40),
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "info",
      REDIS_URL: server.url,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listening = new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes("Listening on")) resolve();
    };
    app!.stdout!.on("data", read);
    app!.stderr!.on("data", read);
    app!.once("exit", (code) => reject(new Error(`the app exited (${code}):\n${output}`)));
  });
  await listening;
  expect(output).not.toMatch(/ERR_MODULE_NOT_FOUND|could not start/);

  // Probot's client (rate limits) and the app's (its state), besides this test's own.
  let clients = 0;
  for (let i = 0; i < 2_000 && clients < 3; i++) clients = ((await admin.client("LIST")) as string).trim().split("\n").length;
  expect(clients).toBeGreaterThanOrEqual(3);
  const health = await fetch(`http://127.0.0.1:${port}/ping`);
  expect(health.status).toBe(200);
  expect(app.exitCode).toBe(null);
});

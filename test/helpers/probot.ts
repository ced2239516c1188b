/**
 * A Probot for handler tests: the app loaded, a throwaway RSA key, retries and throttling off (with them
 * on, a failing request is retried for minutes), and no network (nock answers everything).
 */
import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { createNetpolGuard } from "../../src/index.js";
import { AppMemory } from "../../src/pipeline/app-memory.js";

/** The time handler tests run at unless they say otherwise: when the fixtures' comments are written. */
export const TEST_NOW = Date.parse("2024-05-02T12:00:00Z");

let privateKey: string | null = null;

/**
 * Retries and throttling off. A function, not an object: Probot passes its own `throttle` options to every
 * client it makes, and with `defaults({ throttle: { enabled: false } })` those replace ours, leaving the
 * throttling on (one write per second).
 */
const TestOctokit = ProbotOctokit.defaults((options: Record<string, any>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...options.throttle, enabled: false },
}));

function testKey(): string {
  privateKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  }).privateKey;
  return privateKey;
}

/**
 * A fresh Probot with the app loaded: each one has its own memory (caches), like a fresh process, unless
 * `memory` is given (with a stand-in parse worker, or a clock: see `testMemory`).
 */
export async function createTestProbot(memory = testMemory()): Promise<Probot> {
  nock.disableNetConnect();
  const probot = new Probot({
    appId: 1,
    privateKey: testKey(),
    secret: "test",
    Octokit: TestOctokit,
    logLevel: (process.env.LOG_LEVEL as "debug" | undefined) ?? "fatal",
  });
  await probot.load(createNetpolGuard(memory));
  return settleOnReceive(probot, memory);
}

/**
 * The app acknowledges a delivery at once and handles it after: `receive` here resolves when the handling
 * (and whatever else the app started) is done, so that a test asserts on what it did, without waiting.
 */
export function settleOnReceive(probot: Probot, memory: AppMemory): Probot {
  const receive = probot.receive.bind(probot);
  probot.receive = async (event) => {
    await receive(event);
    await memory.idle();
  };
  return probot;
}

/** The memory of a fresh process whose clock is `now` (TEST_NOW unless given). */
export function testMemory(now: () => number = () => TEST_NOW): AppMemory {
  return new AppMemory(undefined, {}, now);
}

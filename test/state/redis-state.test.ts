/**
 * The Redis state against a real redis-server: the shared contract, and what only several instances
 * sharing one Redis show (a lock held across instances, a lease that expires or is renewed, Redis gone).
 */
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AppState } from "../../src/state/app-state.js";
import { createRedisState, type RedisStateOptions } from "../../src/state/create-redis-state.js";
import { startRedisServer, type RedisServer } from "../helpers/redis-server.js";
import { describeAppStateContract } from "./app-state-contract.js";

let server: RedisServer;
let admin: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});
afterAll(async () => {
  await admin?.quit();
  await server?.stop();
});

/** What a state logged. */
function captureLog(): { warnings: string[]; infos: string[]; info(m: string): void; warn(m: string): void } {
  const log = { warnings: [] as string[], infos: [] as string[], info: (m: string) => log.infos.push(m), warn: (m: string) => log.warnings.push(m) };
  return log;
}

const opened: AppState[] = [];
function instance(options?: RedisStateOptions, url = server.url, log = captureLog()): AppState {
  const state = createRedisState(new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 2_000 }), log, options);
  opened.push(state);
  return state;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await admin.flushall();
});

describeAppStateContract("Redis", async () => ({ state: instance(), dispose: async () => {} }));

describe("Redis state shared by two instances", () => {
  it("gives a delivery to one instance only, with its time to live", async () => {
    const [a, b] = [instance(), instance()];
    const claims = await Promise.all([a.claimDelivery("d1", 3600), b.claimDelivery("d1", 3600)]);
    expect(claims.sort()).toEqual([false, true]);
    const ttl = await admin.ttl("netpol-guard:delivery:d1");
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
  });

  it("holds a lock across instances, and leaves no lock behind", async () => {
    const [a, b] = [instance(), instance()];
    const events: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const first = a.withLock("o/r@abc", async () => {
      events.push("a starts");
      await gate;
      events.push("a ends");
    });
    // The first instance holds it once its key is in Redis.
    while ((await admin.exists("netpol-guard:lock:o/r@abc")) === 0) await admin.ping();
    const second = b.withLock("o/r@abc", async () => {
      events.push("b starts");
    });
    for (let i = 0; i < 10; i++) await admin.ping();
    expect(events).toEqual(["a starts"]);
    open();
    await Promise.all([first, second]);
    expect(events).toEqual(["a starts", "a ends", "b starts"]);
    expect(await admin.exists("netpol-guard:lock:o/r@abc")).toBe(0);
  });

  it("takes over a lock whose holder crashed once its lease expired", async () => {
    // A replica that died while judging: its key stays until the lease runs out.
    await admin.set("netpol-guard:lock:o/r@abc", "dead-replica", "PX", 300);
    const b = instance();
    expect(await b.withLock("o/r@abc", async () => "judged")).toBe("judged");
    expect(await admin.exists("netpol-guard:lock:o/r@abc")).toBe(0);
  });

  it("renews the lease while the task runs", async () => {
    const a = instance({ leaseMs: 300 });
    const renewed = await a.withLock("o/r@abc", async () => {
      // Watch the lease: it counts down, and a renewal sends it back up, before it ever runs out.
      let last = await admin.pttl("netpol-guard:lock:o/r@abc");
      for (let i = 0; i < 10_000; i++) {
        const left = await admin.pttl("netpol-guard:lock:o/r@abc");
        if (left <= 0) return false;
        if (left > last) return true;
        last = left;
      }
      return false;
    });
    expect(renewed).toBe(true);
  });

  it("shares records between instances", async () => {
    const [a, b] = [instance(), instance()];
    await a.rememberField("verdicts:o/r@abc", "7", '{"conclusion":"failure"}', 60);
    expect(await b.recallFields("verdicts:o/r@abc")).toEqual(new Map([["7", '{"conclusion":"failure"}']]));
    expect(await admin.ttl("netpol-guard:verdicts:o/r@abc")).toBeGreaterThan(0);
  });
});

describe("Redis state when Redis is gone", () => {
  it("goes on with its own state and logs that it could not share it", async () => {
    const own = await startRedisServer();
    const log = captureLog();
    const a = instance({}, own.url, log);
    expect(await a.claimDelivery("d1", 60)).toBe(true);
    await own.stop();

    // Mid-run: every operation still answers, from this process's own state.
    expect(await a.claimDelivery("d2", 60)).toBe(true);
    expect(await a.claimDelivery("d2", 60)).toBe(false);
    expect(await a.withLock("o/r@abc", async () => "judged")).toBe("judged");
    await a.rememberField("markers:o/r@abc", "7:main", "{}", 60);
    expect(await a.recallFields("markers:o/r@abc")).toEqual(new Map([["7:main", "{}"]]));
    expect(log.warnings.some((w) => w.startsWith("netpol-guard could not share its state in Redis"))).toBe(true);
    expect(log.warnings.every((w) => /^netpol-guard (could not share its state in|cannot reach) Redis/.test(w))).toBe(true);
  });
});

/**
 * The app's state in Redis, shared by every instance that has the same `REDIS_URL`.
 *
 * Redis failing must not cost a verdict: every operation that fails falls back to this process's own
 * state (a delivery claimed here, a lock held here, records known here), logs that the state could not be
 * shared, and the judgement goes on to complete its check run. What is lost is only the guarantee between
 * instances, for as long as Redis is away.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { AppState, StateLog } from "./app-state.js";
import { createLocalLock } from "./create-local-lock.js";
import { createMemoryState } from "./create-memory-state.js";

export interface RedisStateOptions {
  /** How long a lock holds without being renewed: a crashed holder blocks others this long at most. */
  leaseMs?: number;
  /** How long to wait for a lock before going on without it (logged): a judgement never waits forever. */
  maxWaitMs?: number;
}

/** Keys are prefixed: Probot keeps its own rate-limit state in the same Redis. */
const PREFIX = "netpol-guard:";
const LEASE_MS = 30_000;
/** The longest judgement (`limits.judgeSeconds` at most 600) and its reads, with room. */
const MAX_WAIT_MS = 15 * 60_000;

/** Extends the lease only if this holder still has it (its token). */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the lock only if this holder still has it: an expired lease may be someone else's by now. */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export function createRedisState(redis: Redis, log: StateLog, options: RedisStateOptions = {}): AppState {
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
  // What this process falls back on while Redis cannot be reached.
  const local = createMemoryState();
  // Tasks of one key in this process queue here first, so that only one of them at a time waits on Redis.
  const localLock = createLocalLock();

  let reachable = true;
  const unshared = (what: string, error: unknown): void => {
    reachable = false;
    log.warn(`netpol-guard could not share its state in Redis (${what}: ${describe(error)}); this instance goes on with its own state, and other instances may repeat its work`);
  };
  const shared = (): void => {
    if (!reachable) log.info("netpol-guard shares its state in Redis again");
    reachable = true;
  };
  // ioredis reports each failed reconnection as an event (printed to stderr when nobody listens): said once
  // per outage here, and each operation that fails says what could not be shared.
  redis.on("error", (error: Error) => {
    if (reachable) log.warn(`netpol-guard cannot reach Redis: ${error.message}`);
    reachable = false;
  });
  async function attempt<T>(what: string, action: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    try {
      const result = await action();
      shared();
      return result;
    } catch (error) {
      unshared(what, error);
      return fallback();
    }
  }

  /** The lock's token, or null when Redis failed or the wait was too long (the task then runs anyway). */
  async function acquire(lockKey: string, token: string): Promise<string | null> {
    const deadline = Date.now() + maxWaitMs;
    let pause = 20;
    for (;;) {
      const taken = await attempt(`lock ${lockKey}`, async () => (await redis.set(lockKey, token, "PX", leaseMs, "NX")) === "OK", async () => null);
      if (taken === null) return null;
      if (taken) return token;
      if (Date.now() >= deadline) {
        log.warn(`netpol-guard waited ${Math.round(maxWaitMs / 1000)} s for ${lockKey}, held by another instance, and goes on without it`);
        return null;
      }
      // The holder may be judging for a minute: polling backs off, so waiting costs Redis little.
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 500);
    }
  }

  return {
    shared: true,
    claimDelivery: (id, ttlSeconds) =>
      attempt(
        "claim a webhook delivery",
        async () => (await redis.set(`${PREFIX}delivery:${id}`, "1", "EX", ttlSeconds, "NX")) === "OK",
        () => local.claimDelivery(id, ttlSeconds),
      ),
    releaseDelivery: (id) =>
      attempt(
        "release a webhook delivery",
        async () => {
          await redis.del(`${PREFIX}delivery:${id}`);
        },
        () => local.releaseDelivery(id),
      ),
    withLock: (key, task) =>
      localLock(key, async () => {
        const lockKey = `${PREFIX}lock:${key}`;
        const token = await acquire(lockKey, randomUUID());
        if (token === null) return task();
        // Renewed while the task runs, so that a long judgement keeps it; stopped on every path below.
        const renewal = setInterval(() => {
          redis.eval(RENEW, 1, lockKey, token, String(leaseMs)).then(
            (renewed) => {
              if (renewed === 0) log.warn(`netpol-guard lost its lease on ${lockKey} (it expired): another instance may judge the same head now`);
            },
            (error: unknown) => unshared(`renew the lease on ${lockKey}`, error),
          );
        }, Math.max(1, Math.floor(leaseMs / 3)));
        renewal.unref();
        try {
          return await task();
        } finally {
          clearInterval(renewal);
          // A release that fails leaves the lease to expire: others wait at most `leaseMs`.
          await attempt(`release ${lockKey}`, () => redis.eval(RELEASE, 1, lockKey, token), async () => 0);
        }
      }),
    rememberField: (key, field, value, ttlSeconds) =>
      attempt(
        `remember ${key}`,
        async () => {
          const results = await redis.multi().hset(`${PREFIX}${key}`, field, value).expire(`${PREFIX}${key}`, ttlSeconds).exec();
          const failed = results?.find(([error]) => error !== null);
          if (failed) throw failed[0];
        },
        () => local.rememberField(key, field, value, ttlSeconds),
      ),
    recallFields: (key) =>
      attempt(
        `recall ${key}`,
        async () => new Map(Object.entries(await redis.hgetall(`${PREFIX}${key}`))),
        () => local.recallFields(key),
      ),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

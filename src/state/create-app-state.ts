/**
 * The app's state as the environment asks: in Redis when `REDIS_URL` is set (several replicas), else in
 * this process.
 */
import { Redis } from "ioredis";
import type { AppState, StateLog } from "./app-state.js";
import { createMemoryState } from "./create-memory-state.js";
import { createRedisState } from "./create-redis-state.js";

export function createAppState(env: NodeJS.ProcessEnv, log: StateLog): AppState {
  const url = env.REDIS_URL;
  if (!url) return createMemoryState();
  const redis = new Redis(url, {
    // A command fails after one reconnection attempt rather than twenty, and none hangs: the state then
    // falls back to this process's own (see create-redis-state.ts), and the judgement goes on.
    maxRetriesPerRequest: 1,
    commandTimeout: 5_000,
    connectTimeout: 5_000,
  });
  return createRedisState(redis, log);
}

/**
 * The app's state in this process only: what one instance needs, and what a single replica ran with before
 * Redis. Bounded: the oldest deliveries and records are dropped first, and each expires like its Redis twin.
 */
import type { AppState } from "./app-state.js";
import { createLocalLock } from "./create-local-lock.js";

/** Entries kept at most, deliveries and records each: GitHub redelivers within hours, not a million events later. */
const MAX_ENTRIES = 20_000;

export function createMemoryState(now: () => number = Date.now): AppState {
  const deliveries = new Map<string, number>();
  const records = new Map<string, { fields: Map<string, string>; expires: number }>();
  const lock = createLocalLock();
  const live = (expires: number): boolean => expires > now();
  return {
    shared: false,
    async claimDelivery(id, ttlSeconds) {
      const expires = deliveries.get(id);
      if (expires !== undefined && live(expires)) return false;
      deliveries.delete(id);
      deliveries.set(id, now() + ttlSeconds * 1000);
      dropOldest(deliveries);
      return true;
    },
    async releaseDelivery(id) {
      deliveries.delete(id);
    },
    withLock: lock,
    async rememberField(key, field, value, ttlSeconds) {
      const known = records.get(key);
      const fields = known && live(known.expires) ? known.fields : new Map<string, string>();
      fields.set(field, value);
      // A Map iterates in insertion order: re-inserting keeps the most recently written last.
      records.delete(key);
      records.set(key, { fields, expires: now() + ttlSeconds * 1000 });
      dropOldest(records);
    },
    async recallFields(key) {
      const known = records.get(key);
      if (!known || !live(known.expires)) return new Map();
      return new Map(known.fields);
    },
    async close() {},
  };
}

function dropOldest(map: Map<string, unknown>): void {
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}

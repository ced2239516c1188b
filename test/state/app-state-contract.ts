/**
 * What every AppState must do, whatever it keeps its state in: one suite, run against the in-memory state
 * and against Redis (memory-state.test.ts, redis-state.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppState } from "../../src/state/app-state.js";

/** A fresh state per test (and what to do after it). */
export type StateFactory = () => Promise<{ state: AppState; dispose(): Promise<void> }>;

export function describeAppStateContract(name: string, create: StateFactory): void {
  describe(`AppState contract: ${name}`, () => {
    let state: AppState;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ state, dispose } = await create());
    });
    afterEach(async () => {
      await state.close();
      await dispose();
    });

    it("claims a delivery once, and each delivery apart", async () => {
      expect(await state.claimDelivery("d1", 60)).toBe(true);
      expect(await state.claimDelivery("d1", 60)).toBe(false);
      expect(await state.claimDelivery("d2", 60)).toBe(true);
    });

    it("claims a delivery again once it was released (a failed delivery is handled again)", async () => {
      expect(await state.claimDelivery("d1", 60)).toBe(true);
      await state.releaseDelivery("d1");
      expect(await state.claimDelivery("d1", 60)).toBe(true);
      expect(await state.claimDelivery("d1", 60)).toBe(false);
    });

    it("gives one claim among deliveries claimed at the same moment", async () => {
      const claims = await Promise.all(Array.from({ length: 5 }, () => state.claimDelivery("d1", 60)));
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it("runs tasks of one key one after the other, in order, and returns what each returns", async () => {
      const events: string[] = [];
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const first = state.withLock("head", async () => {
        events.push("first starts");
        await gate;
        events.push("first ends");
        return 1;
      });
      const second = state.withLock("head", async () => {
        events.push("second starts");
        return 2;
      });
      // Give the second every chance to start early: round trips through the state itself.
      for (let i = 0; i < 5; i++) await state.recallFields("unrelated");
      expect(events).toEqual(["first starts"]);
      open();
      expect(await Promise.all([first, second])).toEqual([1, 2]);
      expect(events).toEqual(["first starts", "first ends", "second starts"]);
    });

    it("does not hold tasks of other keys", async () => {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const held = state.withLock("head-a", () => gate);
      expect(await state.withLock("head-b", async () => "ran")).toBe("ran");
      open();
      await held;
    });

    it("releases the lock when the task throws", async () => {
      await expect(state.withLock("head", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
      expect(await state.withLock("head", async () => "after")).toBe("after");
    });

    it("remembers fields of a record, the last write of a field winning", async () => {
      expect(await state.recallFields("markers:a")).toEqual(new Map());
      await state.rememberField("markers:a", "7:main", '{"f":1}', 60);
      await state.rememberField("markers:a", "8:main", '{"f":2}', 60);
      await state.rememberField("markers:a", "7:main", '{"f":3}', 60);
      expect(await state.recallFields("markers:a")).toEqual(
        new Map([
          ["7:main", '{"f":3}'],
          ["8:main", '{"f":2}'],
        ]),
      );
      expect(await state.recallFields("markers:b")).toEqual(new Map());
    });
  });
}

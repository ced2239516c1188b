import { expect, it } from "vitest";
import { createMemoryState } from "../../src/state/create-memory-state.js";
import { describeAppStateContract } from "./app-state-contract.js";

describeAppStateContract("in memory", async () => ({ state: createMemoryState(), dispose: async () => {} }));

it("lets a claim and a record expire after their time", async () => {
  let now = 0;
  const state = createMemoryState(() => now);
  expect(await state.claimDelivery("d1", 10)).toBe(true);
  await state.rememberField("r", "f", "v", 10);
  now = 9_999;
  expect(await state.claimDelivery("d1", 10)).toBe(false);
  expect((await state.recallFields("r")).get("f")).toBe("v");
  now = 10_000;
  expect(await state.claimDelivery("d1", 10)).toBe(true);
  expect(await state.recallFields("r")).toEqual(new Map());
});

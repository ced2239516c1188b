import { describe, expect, it } from "vitest";
import { OverlayMap } from "../../../src/engine/overlay-map.js";

describe("OverlayMap", () => {
  const base = new Map([["a", 1], ["b", 2], ["c", 3]]);

  it("reads as a copy of its base with the replaced entries set, in the base's order", () => {
    const overlay = OverlayMap.of(base, new Map([["b", 20]]));
    const copy = new Map(base).set("b", 20);
    expect([...overlay]).toEqual([...copy]);
    expect([...overlay.values()]).toEqual([...copy.values()]);
    expect([...overlay.keys()]).toEqual([...copy.keys()]);
    expect(overlay.get("b")).toBe(20);
    expect(overlay.get("a")).toBe(1);
    expect(overlay.get("z")).toBeUndefined();
    expect(overlay.has("c")).toBe(true);
    expect(overlay.size).toBe(3);
    const seen: string[] = [];
    overlay.forEach((v, k) => seen.push(`${k}=${v}`));
    expect(seen).toEqual(["a=1", "b=20", "c=3"]);
    expect(base.get("b")).toBe(2);
  });

  it("lays an overlay over an overlay as one, the later replacement winning", () => {
    const twice = OverlayMap.of(OverlayMap.of(base, new Map([["a", 10], ["b", 20]])), new Map([["b", 200]]));
    expect([...twice]).toEqual([["a", 10], ["b", 200], ["c", 3]]);
    expect(OverlayMap.keysOf(twice)).toBe(base);
    expect(OverlayMap.keysOf(base)).toBe(base);
  });
});

import { describe, expect, it } from "vitest";
import { EVERYTHING, NOTHING, SetUnion, finiteSet, intersectSets, setHas, unionSets, type NamespaceSet } from "../../../src/model/namespace-set.js";

const cof = (...except: string[]): NamespaceSet => ({ kind: "cofinite", except: new Set(except) });
const members = (s: NamespaceSet, universe: string[]): string[] => universe.filter((n) => setHas(s, n));
const U = ["a", "b", "c", "d", "x"];

describe("namespace sets", () => {
  it.each([
    [finiteSet(["a", "b"]), finiteSet(["b", "c"]), ["b"], ["a", "b", "c"]],
    [finiteSet(["a", "b"]), cof("a"), ["b"], ["a", "b", "c", "d", "x"]],
    [cof("a"), cof("b"), ["c", "d", "x"], ["a", "b", "c", "d", "x"]],
    [cof("a", "b"), finiteSet(["a"]), [], ["a", "c", "d", "x"]],
    [EVERYTHING, finiteSet(["c"]), ["c"], U],
    [NOTHING, cof("a"), [], ["b", "c", "d", "x"]],
  ])("intersection and union agree with set algebra (%#)", (a, b, inter, union) => {
    expect(members(intersectSets(a, b), U)).toEqual(inter);
    expect(members(intersectSets(b, a), U)).toEqual(inter);
    expect(members(unionSets(a, b), U)).toEqual(union);
    expect(members(unionSets(b, a), U)).toEqual(union);
  });

  it("keeps a union as members and knows when it is finite", () => {
    const u = new SetUnion();
    u.add(finiteSet(["a"]));
    u.add(NOTHING);
    u.add(finiteSet(["b"]));
    expect(u.has("a") && u.has("b") && !u.has("c")).toBe(true);
    expect([...u.finiteNames()!].sort()).toEqual(["a", "b"]);
    u.add(cof("c"));
    expect(u.isCofinite()).toBe(true);
    expect(u.finiteNames()).toBeNull();
    expect(u.has("c")).toBe(false);
    u.add(EVERYTHING);
    expect(u.has("c")).toBe(true);
  });
});

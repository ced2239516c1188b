import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVERYTHING, NOTHING, SetUnion, SetWithout, finiteSet, intersectSets, setHas, unionSets, type NamespaceSet } from "../../../src/model/namespace-set.js";

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

  it("leaves a few names out of a large set without copying it, and reads exactly as the copy would", () => {
    const name = fc.integer({ min: 0, max: 150 }).map((i) => `n${i}`);
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 150 }), fc.uniqueArray(name, { maxLength: 40 }), fc.array(name, { maxLength: 6 }), (base, except, more) => {
        const large: NamespaceSet = { kind: "finite", names: new Set(base) };
        const lazy = intersectSets(large, cof(...except));
        // What intersecting by a copy gives: the names of the large set not excepted, in its order.
        const copy = new Set(base.filter((n) => !except.includes(n)));
        expect(lazy.kind).toBe("finite");
        const names = (lazy as { names: ReadonlySet<string> }).names;
        expect(base.length < 64 || except.length >= base.length / 4 || names instanceof SetWithout).toBe(true);
        expect([...names]).toEqual([...copy]);
        expect(names.size).toBe(copy.size);
        for (const n of [...base, ...except, ...more, "zz"]) expect(names.has(n)).toBe(copy.has(n));
        // Phantoms are added the way Set.add adds them.
        const added = names instanceof SetWithout ? names.and(more) : new Set([...names, ...more]);
        for (const n of more) copy.add(n);
        expect([...added]).toEqual([...copy]);
        expect(added.size).toBe(copy.size);
        for (const n of [...base, ...except, ...more, "zz"]) expect(added.has(n)).toBe(copy.has(n));
        const seen: string[] = [];
        added.forEach((n) => seen.push(n));
        expect(seen).toEqual([...copy]);
      }),
      { numRuns: 300 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONFIG_PATH } from "../../../src/config/schema.js";
import { composeOntoBase, type RefContent, type ThreeListings } from "../../../src/judging/compose-onto-base.js";
import type { SnapshotFile } from "../../../src/model/snapshot-file.js";

/** Path -> content (the content doubles as its blob id); the config under CONFIG_PATH. */
type Tree = Record<string, string>;

function content(tree: Tree): RefContent {
  const files: SnapshotFile[] = Object.entries(tree)
    .filter(([path]) => path !== CONFIG_PATH)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, text]) => ({ path, kind: "kubernetes", text, digest: `blob:${text}` }));
  return { files, configText: tree[CONFIG_PATH] ?? null };
}

const listing = (tree: Tree): Map<string, string> => new Map(Object.entries(tree).map(([path, text]) => [path, `blob:${text}`]));

function compose(mergeBase: Tree, base: Tree, head: Tree): { tree: Tree; bothChanged: string[] } {
  const listings: ThreeListings = { mergeBase: listing(mergeBase), base: listing(base), head: listing(head) };
  const composed = composeOntoBase(content(base), content(head), listings);
  const tree: Tree = Object.fromEntries(composed.files.map((f) => [f.path, f.text!]));
  if (composed.configText !== null) tree[CONFIG_PATH] = composed.configText;
  return { tree, bothChanged: composed.bothChanged };
}

describe("composeOntoBase", () => {
  it("takes each side's own changes since the merge base, and names the paths both changed differently", () => {
    const mergeBase = { "a.yaml": "a0", "b.yaml": "b0", "c.yaml": "c0", "d.yaml": "d0", "e.yaml": "e0", [CONFIG_PATH]: "k0" };
    const base = { "a.yaml": "a1", "b.yaml": "b0", "c.yaml": "c2", "d.yaml": "d0", "f.yaml": "f1", [CONFIG_PATH]: "k1" }; // e deleted
    const head = { "a.yaml": "a0", "b.yaml": "b2", "c.yaml": "c2", "d.yaml": "d3", "e.yaml": "e3", "g.yaml": "g2", [CONFIG_PATH]: "k0" };
    const { tree, bothChanged } = compose(mergeBase, base, head);
    expect(tree).toEqual({
      "a.yaml": "a1", // the base's change
      "b.yaml": "b2", // the head's change
      "c.yaml": "c2", // the same change on both sides
      "d.yaml": "d3",
      "e.yaml": "e3", // deleted on the base, changed at the head: both changed, the head's version judged
      "f.yaml": "f1", // added on the base
      "g.yaml": "g2", // added at the head
      [CONFIG_PATH]: "k1", // the config, like any file
    });
    expect(bothChanged).toEqual(["e.yaml"]);
  });

  it("a path deleted at the head and unchanged on the base is gone; changed on the base, it is both changed", () => {
    expect(compose({ "x.yaml": "x0" }, { "x.yaml": "x0" }, {})).toEqual({ tree: {}, bothChanged: [] });
    expect(compose({ "x.yaml": "x0" }, { "x.yaml": "x1" }, {})).toEqual({ tree: {}, bothChanged: ["x.yaml"] });
    expect(compose({}, { "x.yaml": "x1" }, { "x.yaml": "x2" })).toEqual({ tree: { "x.yaml": "x2" }, bothChanged: ["x.yaml"] });
  });

  const trees = fc.dictionary(fc.constantFrom("a.yaml", "b.yaml", "c.tf", "d/e.yaml", CONFIG_PATH), fc.constantFrom("0", "1", "2"));

  it("is the head when the base did not move, and the base when the head changed nothing", () => {
    fc.assert(
      fc.property(trees, trees, (mergeBase, other) => {
        expect(compose(mergeBase, mergeBase, other)).toEqual({ tree: other, bothChanged: [] });
        expect(compose(mergeBase, other, mergeBase)).toEqual({ tree: other, bothChanged: [] });
      }),
    );
  });

  it("is symmetric where nothing was changed on both sides, as a merge is", () => {
    fc.assert(
      fc.property(trees, trees, trees, (mergeBase, base, head) => {
        const one = compose(mergeBase, base, head);
        const other = compose(mergeBase, head, base);
        expect(other.bothChanged).toEqual(one.bothChanged);
        const unshared = (tree: Tree): Tree => Object.fromEntries(Object.entries(tree).filter(([path]) => !one.bothChanged.includes(path)));
        expect(unshared(other.tree)).toEqual(unshared(one.tree));
      }),
    );
  });
});

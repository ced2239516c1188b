/**
 * A pull request's head that is behind its base holds an older tree than merging it gives: a team the base
 * has since moved to another company is still in its old one at the head, a namespace the base has since
 * labelled is unlabelled there. Judging that tree against the base's tip judges a merge nobody makes, and a
 * crossing that exists only in the merge result goes unseen. So a head behind its base is judged as the
 * merge makes it: each watched file (and the config) that the head changed since the merge base in the
 * head's version, every other one in the base's. A file that both sides changed since then, differently,
 * cannot be composed without merging its text: it is judged in the head's version (the lines the review
 * points at) and the change fails with `behind-base` until the branch is updated. Pure.
 */
import { CONFIG_PATH } from "../config/schema.js";
import type { SnapshotFile } from "../model/snapshot-file.js";

/** The blob id of every path, by commit: the merge base, the base's tip and the head. */
export interface ThreeListings {
  mergeBase: Map<string, string>;
  base: Map<string, string>;
  head: Map<string, string>;
}

export interface RefContent {
  files: SnapshotFile[];
  configText: string | null;
}

export interface Composed extends RefContent {
  /** The watched paths (and the config) both sides changed since the merge base, differently; sorted. */
  bothChanged: string[];
}

export function composeOntoBase(base: RefContent, head: RefContent, listings: ThreeListings): Composed {
  const baseFiles = new Map(base.files.map((f) => [f.path, f]));
  const headFiles = new Map(head.files.map((f) => [f.path, f]));
  const bothChanged: string[] = [];
  // Which side's version a path takes: the head's when the head changed it since the merge base.
  const fromHead = (path: string, atBase: string | undefined, atHead: string | undefined): boolean => {
    const atMergeBase = listings.mergeBase.get(path);
    const headChanged = atHead !== atMergeBase;
    if (headChanged && atBase !== atMergeBase && atBase !== atHead) bothChanged.push(path);
    return headChanged;
  };
  const files: SnapshotFile[] = [];
  for (const path of new Set([...baseFiles.keys(), ...headFiles.keys()])) {
    const atBase = baseFiles.get(path);
    const atHead = headFiles.get(path);
    const taken = fromHead(path, atBase?.digest, atHead?.digest) ? atHead : atBase;
    if (taken !== undefined) files.push(taken);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const configText = fromHead(CONFIG_PATH, listings.base.get(CONFIG_PATH), listings.head.get(CONFIG_PATH)) ? head.configText : base.configText;
  return { files, configText, bothChanged: bothChanged.sort() };
}

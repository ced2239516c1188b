import type { CrossingReach } from "../model/crossing-reach.js";
import type { Finding } from "../model/finding.js";
import { isWithinReach } from "./is-within-reach.js";
import type { JudgedRef } from "./judged-ref.js";

/** A crossing whose declaration is unchanged but reaches more than at the base: the message says why it is new. */
function widened(f: Finding): Finding {
  return { ...f, message: `${f.message} The policy is unchanged, but it reaches more than on the base branch: what it matches or where HNC copies it changed (Namespace labels, new or moved namespaces, HNC propagation).` };
}

/**
 * The head's findings split into those the change introduced and those already true at the base (by
 * identity). A crossing whose declaration is unchanged is pre-existing while it reaches nothing more than
 * at the base; when it reaches more, it is introduced and says why.
 */
export function splitByBase(atBase: Finding[], atHead: Finding[], base: JudgedRef, head: JudgedRef): { introduced: Finding[]; kept: Finding[] } {
  const baseKeys = new Set(atBase.map((f) => f.key));
  const baseReach = new Map<string, CrossingReach[]>();
  for (const f of atBase) {
    const reach = f.reach;
    if (reach) baseReach.set(reach.declaration, [...(baseReach.get(reach.declaration) ?? []), reach]);
  }
  const existed = (f: Finding): boolean => {
    if (baseKeys.has(f.key)) return true;
    const reach = f.reach;
    const before = reach && baseReach.get(reach.declaration);
    return before !== undefined && before.some((b) => isWithinReach(reach!, b, head.model.hierarchy, base.model.hierarchy));
  };
  const introduced: Finding[] = [];
  const kept: Finding[] = [];
  for (const f of atHead) {
    if (existed(f)) kept.push(f);
    else introduced.push(baseReach.has(f.reach?.declaration ?? "") ? widened(f) : f);
  }
  return { introduced, kept };
}

import type { Hierarchy } from "./build-hierarchy.js";
import type { CrossingReach } from "../model/crossing-reach.js";
import { isPhantom, phantomId, setHas } from "../model/namespace-set.js";

/**
 * Whether a crossing at the head reaches nothing its base counterpart did not: no namespace of another
 * company and no copy beyond the base's. A namespace that did not exist at the base is within the base's
 * reach when the base reached (or was copied into) the namespaces created later in its company: the
 * platform decided for them already. A namespace that changed company is outside: that crossing is new.
 */
export function isWithinReach(head: CrossingReach, base: CrossingReach, headTree: Hierarchy, baseTree: Hierarchy): boolean {
  const covered = (name: string, has: (n: string) => boolean): boolean => {
    const company = headTree.companyOf(name);
    if (baseTree.has(name)) return baseTree.companyOf(name) === company && has(name);
    return has(name) || (company !== null && has(phantomId(company)));
  };
  const baseCopies = new Set(base.copies);
  for (const name of head.copies) if (!covered(name, (n) => baseCopies.has(n))) return false;
  const { reached } = head;
  const before = base.reached;
  if (reached.kind === "finite") return [...reached.names].every((name) => covered(name, (n) => setHas(before, n)));
  if (before.kind === "finite") return false;
  // Both co-finite: what the base left out and is foreign at the head must still be left out.
  for (const name of before.except) {
    if (reached.except.has(name)) continue;
    if (headTree.isShared(name) || headTree.companyOf(name) === head.company) continue;
    if (!headTree.has(name) && !isPhantom(name)) continue;
    return false;
  }
  return true;
}

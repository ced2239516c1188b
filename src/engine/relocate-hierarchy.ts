import type { SourceLocation } from "../model/types.js";
import { Hierarchy, type NamespaceNode } from "./build-hierarchy.js";
import { OverlayMap } from "./overlay-map.js";
import { sameLocation } from "./same-location.js";

/**
 * The base's hierarchy for a head of the same shape whose declarations may have moved to other lines: the
 * nodes of `names` point at the head's places (`moved`: base place -> head place). `relocated` names the
 * namespaces whose declaration is now on other lines (their findings quote it, so they are judged again).
 */
export function relocateHierarchy(
  base: Hierarchy,
  names: ReadonlySet<string>,
  moved: ReadonlyMap<SourceLocation, SourceLocation>,
): { hierarchy: Hierarchy; relocated: Set<string> } {
  const relocated = new Set<string>();
  if (moved.size === 0) return { hierarchy: base, relocated };
  // The base's 30,000 nodes are not copied: the few that point elsewhere are laid over them.
  const nodes = new Map<string, NamespaceNode>();
  for (const name of names) {
    const node = base.get(name);
    if (!node) continue;
    const declaredAt = node.declaredAt && moved.get(node.declaredAt);
    const parentDeclaredAt = node.parentDeclaredAt && moved.get(node.parentDeclaredAt);
    if (!declaredAt && !parentDeclaredAt) continue;
    nodes.set(name, { ...node, declaredAt: declaredAt ?? node.declaredAt, parentDeclaredAt: parentDeclaredAt ?? node.parentDeclaredAt });
    if ((declaredAt && !sameLocation(declaredAt, node.declaredAt!)) || (parentDeclaredAt && !sameLocation(parentDeclaredAt, node.parentDeclaredAt!))) {
      relocated.add(name);
    }
  }
  if (nodes.size === 0) return { hierarchy: base, relocated };
  return { hierarchy: new Hierarchy(OverlayMap.of(base.nodes, nodes), base.companies, base.mentionedOnly, base.shared, base.hncExcluded), relocated };
}

import type { Model } from "../build-model.js";
import { makeFinding, type Finding } from "../../model/finding.js";

/**
 * `vc-move`: the change moves a namespace to another company (a team-kit's `team_company`, a starter-kit's
 * `service_team`/`service_company`, an HNC parent). Reported once per moved subtree, at the declaration
 * that moved it; the policies that now cross are judged by the other rules.
 */
export function findVcMoves(base: Model, head: Model): Finding[] {
  const findings: Finding[] = [];
  for (const node of head.hierarchy.nodes.values()) {
    const before = base.hierarchy.get(node.name);
    if (!before || before.company === null || node.company === null || before.company === node.company) continue;
    const parent = node.parent ? head.hierarchy.get(node.parent) : undefined;
    const parentBefore = node.parent ? base.hierarchy.get(node.parent) : undefined;
    // The parent moved along (same companies before and after): the parent's finding covers this namespace.
    if (node.parent === before.parent && parent && parentBefore && parentBefore.company === before.company && parent.company === node.company) {
      continue;
    }
    const moved = head.hierarchy.subtree(node.name).filter((n) => base.hierarchy.get(n)?.company === before.company);
    const location = node.parentDeclaredAt ?? node.declaredAt;
    if (!location) continue;
    findings.push(
      makeFinding({
        rule: "vc-move",
        severity: "warning",
        location,
        namespace: node.name,
        peer: node.company,
        message: `${node.name}${moved.length > 1 ? ` and ${moved.length - 1} namespace${moved.length > 2 ? "s" : ""} below it` : ""} move${moved.length > 1 ? "" : "s"} from ${before.company} to ${node.company}; moving a namespace between companies needs platform-team approval.`,
        key: `vc-move|${node.name}|${before.company}|${node.company}`,
      }),
    );
  }
  return findings;
}

import type { NamespaceNode } from "../build-hierarchy.js";
import type { Model } from "../build-model.js";
import { makeFinding, type Finding } from "../../model/finding.js";
import type { Reachability } from "../reachability.js";
import type { StarterKitService } from "../read-kit-modules.js";

/**
 * `not-isolated`: a service namespace has pods that no policy selecting every pod isolates, for ingress or
 * egress. Such pods accept traffic from, or send it to, every company.
 */
export function findNotIsolated(model: Model, reach: Reachability): Finding[] {
  const findings: Finding[] = [];
  const kitByName = new Map(model.services.map((s) => [s.name, s]));
  for (const node of model.hierarchy.nodes.values()) {
    if (node.role !== "service") continue;
    for (const f of notIsolatedAt(node, kitByName.get(node.name), reach)) findings.push(f);
  }
  return findings;
}

/** The `not-isolated` findings of one service namespace; `kit` is the last starter-kit module naming it. */
export function notIsolatedAt(node: NamespaceNode, kit: StarterKitService | undefined, reach: Reachability): Finding[] {
  const findings: Finding[] = [];
  const location = kit ? kit.enableLocation : (node.declaredAt ?? node.parentDeclaredAt);
  if (!location) return findings;
  const why = kit && !kit.enableNetworkPolicy ? " (enable_network_policy is not true, and no default deny is inherited)" : "";
  // One finding per direction: closing one direction of an already open service introduces nothing.
  for (const direction of ["ingress", "egress"] as const) {
    if (reach.isIsolated(node.name, direction)) continue;
    findings.push(
      makeFinding({
        rule: "not-isolated",
        severity: "error",
        location,
        namespace: node.name,
        message: `${node.name} is not isolated for ${direction}${why}: no policy selecting all of its pods applies, so ${direction === "ingress" ? "every namespace of every company can reach it" : "it can reach every namespace of every company"}.`,
        key: `not-isolated|${node.name}|${direction}`,
      }),
    );
  }
  return findings;
}

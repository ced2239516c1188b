import type { Model } from "../build-model.js";
import { makeFinding, type Finding } from "../finding.js";
import type { Reachability } from "../reachability.js";

/**
 * `not-isolated`: a service namespace has pods that no policy selecting every pod isolates, for ingress or
 * egress. Such pods accept traffic from, or send it to, every company.
 */
export function findNotIsolated(model: Model, reach: Reachability): Finding[] {
  const findings: Finding[] = [];
  const kitByName = new Map(model.services.map((s) => [s.name, s]));
  for (const node of model.hierarchy.nodes.values()) {
    if (node.role !== "service") continue;
    const open = (["ingress", "egress"] as const).filter((d) => !reach.access(node.name, d).isolated);
    if (open.length === 0) continue;
    const kit = kitByName.get(node.name);
    const location = kit ? kit.enableLocation : (node.declaredAt ?? node.parentDeclaredAt);
    if (!location) continue;
    const why = kit && !kit.enableNetworkPolicy ? " (enable_network_policy is not true, and no default deny is inherited)" : "";
    findings.push(
      makeFinding({
        rule: "not-isolated",
        severity: "error",
        location,
        namespace: node.name,
        message: `${node.name} is not isolated for ${open.join(" and ")}${why}: no policy selecting all of its pods applies, so ${open.length === 2 ? "every namespace of every company can reach it and it can reach them" : open[0] === "ingress" ? "every namespace of every company can reach it" : "it can reach every namespace of every company"}.`,
        key: `not-isolated|${node.name}|${open.join(",")}`,
      }),
    );
  }
  return findings;
}

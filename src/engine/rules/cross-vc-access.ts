import type { Model } from "../build-model.js";
import { makeFinding, type Finding } from "../../model/finding.js";
import type { StarterKitService } from "../read-kit-modules.js";
import type { NetworkPolicyModel } from "../../model/types.js";
import { crossingsWithReach, describeReach } from "./policy-crossings.js";

/** Whether a namespace belongs to a product team (a team or service), as opposed to the platform. */
export function isProductOwned(model: Model, namespace: string): boolean {
  const role = model.hierarchy.get(namespace)?.role;
  return role === "team" || role === "service";
}

/**
 * `cross-vc-access`: a product team's declaration (a starter-kit entry, or a NetworkPolicy in a team or
 * service namespace) allows traffic to or from another company. Only the platform may open that.
 */
export function findCrossVcAccess(
  model: Model,
  suggestRemoval: (file: string, line: number, entry: string) => string | null,
  services: readonly StarterKitService[] = model.services,
  policies: readonly NetworkPolicyModel[] = model.manifestPolicies,
): Finding[] {
  const findings: Finding[] = [];
  const h = model.hierarchy;
  for (const service of services) {
    const own = h.companyOf(service.name);
    for (const entry of service.namespaces) {
      const node = h.get(entry.name);
      if (!node || node.role === "shared" || node.company === own) continue;
      const replacement = suggestRemoval(entry.location.file, entry.location.line, entry.name);
      findings.push(
        makeFinding({
          rule: "cross-vc-access",
          severity: "error",
          location: entry.location,
          namespace: service.name,
          peer: entry.name,
          message: `${service.name} (in ${own}) lists ${entry.name}, which belongs to company ${node.company}: traffic between companies is the platform team's decision, so remove it and ask the platform team for a VC-to-VC policy.`,
          // With both companies: an entry that crosses into another company after a move is a new crossing.
          key: `cross-vc-access|kit|${service.name}|${entry.name}|${own}|${node.company}`,
          ...(replacement !== null ? { suggestion: { line: entry.location.line, endLine: entry.location.line, replacement } } : {}),
        }),
      );
    }
  }
  for (const policy of policies) {
    if (!isProductOwned(model, policy.namespace)) continue;
    const own = h.companyOf(policy.namespace);
    for (const { crossing: c, reach, key } of crossingsWithReach(model, policy, "cross-vc-access|policy")) {
      const where = c.peerIndex < 0 ? `${c.direction} rule ${c.ruleIndex + 1} (no peers: everything)` : `${c.direction} rule ${c.ruleIndex + 1}, peer ${c.peerIndex + 1}`;
      const finding = makeFinding({
        rule: "cross-vc-access",
        severity: "error",
        location: c.location,
        namespace: policy.namespace,
        peer: c.examples.length === 1 && !c.future ? c.examples[0]! : c.companies.join(","),
        message: `NetworkPolicy ${policy.namespace}/${policy.name} (in ${own}): ${where} allows ${c.direction === "egress" ? "egress to" : "ingress from"} ${describeReach(c)}; only the platform team may open traffic between companies.`,
        key,
        reach,
      });
      findings.push(finding);
    }
  }
  return findings;
}

import type { Model } from "../build-model.js";
import { makeFinding, type Finding } from "../../model/finding.js";
import type { NetworkPolicyModel } from "../../model/types.js";
import { crossingsWithReach, describeReach } from "./policy-crossings.js";

/**
 * `vc-to-vc-policy`: a policy in a company namespace (propagated to its descendants) allows traffic across
 * a company boundary. The sanctioned way to cross, it needs the platform team's approval when it is new or
 * changed.
 */
export function findVcToVcPolicies(model: Model, policies: readonly NetworkPolicyModel[] = model.manifestPolicies): Finding[] {
  const findings: Finding[] = [];
  for (const policy of policies) {
    if (model.hierarchy.get(policy.namespace)?.role !== "company") continue;
    for (const { crossing: c, reach, key } of crossingsWithReach(model, policy, "vc-to-vc-policy")) {
      const finding = makeFinding({
        rule: "vc-to-vc-policy",
        severity: "warning",
        location: c.location,
        namespace: policy.namespace,
        peer: c.examples.length === 1 && !c.future ? c.examples[0]! : c.companies.join(","),
        message: `VC-to-VC policy ${policy.namespace}/${policy.name}: ${c.direction === "egress" ? "egress to" : "ingress from"} ${describeReach(c)}, for ${policy.namespace} and the namespaces it propagates to; platform-team approval required.`,
        key,
        reach,
      });
      findings.push(finding);
    }
  }
  return findings;
}

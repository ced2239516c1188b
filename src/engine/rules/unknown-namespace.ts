import type { Hierarchy } from "../build-hierarchy.js";
import type { Model } from "../build-model.js";
import { closestName } from "../../model/closest-name.js";
import type { StarterKitService } from "../read-kit-modules.js";
import type { NetworkPolicyModel } from "../../model/types.js";
import { makeFinding, type Finding } from "../../model/finding.js";
import { NAME_LABEL, TREE_LABEL_SUFFIX } from "../../model/hnc-labels.js";

/** The names hints are taken from, per hierarchy and company (this rule runs once per file). */
const candidatesOf = new WeakMap<Hierarchy, Map<string, string[]>>();

/**
 * Hints look in the declaring namespace's own company and the shared namespaces: that is where a
 * legitimate entry points, and it keeps the search small whatever the size of the cluster. Sorted.
 */
function hintCandidates(h: Hierarchy, company: string | null): string[] {
  let byCompany = candidatesOf.get(h);
  if (!byCompany) candidatesOf.set(h, (byCompany = new Map()));
  const key = company ?? "";
  let candidates = byCompany.get(key);
  if (!candidates) {
    candidates = [...(company !== null && h.has(company) ? h.subtree(company) : []), ...h.shared].sort();
    byCompany.set(key, candidates);
  }
  return candidates;
}

/**
 * `unknown-namespace`: a starter-kit entry or a name selector (the name label, or an HNC tree label) names
 * a namespace that neither the hierarchy, the shared namespaces nor the manifests know. A typo here either
 * breaks traffic or, worse, matches a namespace someone creates later in another company.
 */
export function findUnknownNamespaces(
  model: Model,
  services: readonly StarterKitService[] = model.services,
  policies: readonly NetworkPolicyModel[] = model.manifestPolicies,
): Finding[] {
  const findings: Finding[] = [];
  const h = model.hierarchy;
  const hint = (name: string, from: string): string => {
    const close = closestName(name, hintCandidates(h, h.companyOf(from)), from);
    return close ? ` Did you mean ${close}?` : "";
  };
  for (const service of services) {
    for (const entry of service.namespaces) {
      if (h.has(entry.name)) continue;
      findings.push(
        makeFinding({
          rule: "unknown-namespace",
          severity: "error",
          location: entry.location,
          namespace: service.name,
          peer: entry.name,
          message: `${service.name} lists ${entry.name}, which no team-kit, starter-kit, HNC object or manifest declares.${hint(entry.name, service.name)}`,
          key: `unknown-namespace|kit|${service.name}|${entry.name}`,
        }),
      );
    }
  }
  for (const policy of policies) {
    for (const direction of ["egress", "ingress"] as const) {
      for (const rule of policy[direction] ?? []) {
        if (rule.peers === "all") continue;
        for (const peer of rule.peers) {
          for (const r of peer.namespaceSelector?.requirements ?? []) {
            let names: string[] = [];
            if (r.key === NAME_LABEL && (r.operator === "In" || r.operator === "NotIn")) names = r.values;
            else if (r.key.endsWith(TREE_LABEL_SUFFIX)) names = [r.key.slice(0, -TREE_LABEL_SUFFIX.length)];
            for (const name of names) {
              if (h.has(name)) continue;
              findings.push(
                makeFinding({
                  rule: "unknown-namespace",
                  severity: "error",
                  location: peer.location,
                  namespace: policy.namespace,
                  peer: name,
                  message: `NetworkPolicy ${policy.namespace}/${policy.name} selects namespace ${name} by name, but no such namespace is declared.${hint(name, policy.namespace)}`,
                  key: `unknown-namespace|policy|${policy.namespace}/${policy.name}|${policy.fingerprint}|${name}`,
                }),
              );
            }
          }
        }
      }
    }
  }
  return findings;
}

import type { Model } from "../build-model.js";
import { digestOf } from "../../model/digest.js";
import { makeFinding, type Finding } from "../../model/finding.js";
import { isEmptySet, phantomId, setHas } from "../../model/namespace-set.js";
import { foreignPart } from "../crossing-reach.js";
import { quoteName } from "../../model/quote-name.js";
import { tieredPoliciesOf, type TierEvaluator } from "../tier-evaluator.js";
import { describeReach, foreignReach } from "./policy-crossings.js";

const found = new WeakMap<Model, Finding[]>();

/**
 * `vc-to-vc-policy` for the tiers: an Accept (Allow) rule of a ClusterNetworkPolicy or admin network policy
 * that lets namespaces of one company exchange traffic with another's. One finding per rule peer and
 * company of the subject, with its reach (the subject's namespaces in that company, the foreign namespaces
 * the peer matches), so an approved decision stays approved while its reach does not grow.
 */
export function findTieredVcToVc(model: Model, tiers: TierEvaluator | null): Finding[] {
  if (tiers === null) return [];
  let findings = found.get(model);
  if (findings) return findings;
  findings = [];
  const h = model.hierarchy;
  for (const policy of tieredPoliciesOf(model)) {
    const subject = model.index.resolve(policy.subject.namespaceSelector);
    for (const direction of ["egress", "ingress"] as const) {
      policy[direction].forEach((rule, ruleIndex) => {
        if (rule.action !== "Accept") return;
        rule.peers.forEach((peer, peerIndex) => {
          const set = tiers.peerSet(peer);
          if (isEmptySet(set)) return;
          for (const company of h.companies) {
            const own = h.subtree(company).filter((n) => setHas(subject, n));
            if (setHas(subject, phantomId(company))) own.push(phantomId(company));
            if (own.length === 0) continue;
            const reach = foreignReach(model, set, company);
            if (!reach) continue;
            const declaration = `vc-to-vc-policy|tiered:${policy.kind}/${policy.name}|${policy.fingerprint}|${direction}|${ruleIndex}|${peerIndex}|${company}`;
            const reached = foreignPart(model, set, company);
            const names = reached.kind === "finite" ? [...reached.names].sort() : [...reached.except].sort();
            const [first, ...copies] = own;
            const priority = policy.priority === null ? "" : `, priority ${policy.priority}`;
            findings.push(
              makeFinding({
                rule: "vc-to-vc-policy",
                severity: "warning",
                location: peer.location,
                namespace: first!,
                peer: reach.examples.length === 1 && !reach.future ? reach.examples[0]! : reach.companies.join(","),
                message: `${policy.tier}-tier ${policy.kind} ${quoteName(policy.name)}${priority}, ${direction} rule${rule.name === "" ? ` ${ruleIndex + 1}` : ` ${quoteName(rule.name)}`} (Accept): ${direction === "egress" ? "egress to" : "ingress from"} ${describeReach(reach)}, for the namespaces of ${company} it selects; platform-team approval required.`,
                key: `${declaration}|reach:${digestOf({ kind: reached.kind, names, copies })}`,
                reach: { declaration, direction, company, reached, copies: copies.sort() },
              }),
            );
          }
        });
      });
    }
  }
  found.set(model, findings);
  return findings;
}

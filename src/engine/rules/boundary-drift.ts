import type { Model } from "../build-model.js";
import { canonicalJson } from "../../model/canonical-json.js";
import { digestOf } from "../../model/digest.js";
import { makeFinding, type Finding } from "../../model/finding.js";
import { quoteName } from "../../model/quote-name.js";
import type { TieredPolicyModel } from "../../model/types.js";
import { BOUNDARY_NAME_PREFIX, MANAGED_BY_LABEL, MANAGED_BY_VALUE, generateBoundary } from "../generate-boundary.js";
import { tieredPoliciesOf } from "../tier-evaluator.js";
import { stringify } from "yaml";

const found = new WeakMap<Model, Finding[]>();

/** Whether a tiered policy is one `netpol-guard boundary` generated (by its label and name). */
export function isGeneratedBoundary(p: TieredPolicyModel): boolean {
  return p.kind === "ClusterNetworkPolicy" && p.labels[MANAGED_BY_LABEL] === MANAGED_BY_VALUE && p.name.startsWith(BOUNDARY_NAME_PREFIX);
}

/** What a boundary object means: its name, labels and spec (not the file's comments or key order). */
function meaning(object: unknown): string {
  const o = (object ?? {}) as { metadata?: { name?: unknown; labels?: unknown }; spec?: unknown };
  return canonicalJson({ name: o.metadata?.name ?? null, labels: o.metadata?.labels ?? null, spec: o.spec ?? null });
}

/**
 * `boundary-drift`: the repository holds the runtime boundary (ClusterNetworkPolicies labelled
 * `app.kubernetes.io/managed-by: netpol-guard`) and it is not what the ref's hierarchy and VC-to-VC decisions
 * generate: a company without its object, an object that differs, or one for a company that is gone.
 * Platform review; a differing object carries the generated one as a suggestion.
 */
export function findBoundaryDrift(model: Model): Finding[] {
  let findings = found.get(model);
  if (findings) return findings;
  findings = [];
  const committed = tieredPoliciesOf(model).filter(isGeneratedBoundary);
  if (committed.length > 0) {
    const byName = new Map(committed.map((p) => [p.name, p]));
    const generated = generateBoundary(model);
    for (const { company, object } of generated) {
      const name = `${BOUNDARY_NAME_PREFIX}${company}`;
      const yaml = stringify(object, { lineWidth: 0, aliasDuplicateObjects: false }).trimEnd();
      const present = byName.get(name);
      byName.delete(name);
      if (present && meaning(present.raw) === meaning(object)) continue;
      const finding = makeFinding({
        rule: "boundary-drift",
        severity: "warning",
        location: present?.location ?? committed[0]!.location,
        namespace: company,
        message: present
          ? `The runtime boundary of ${company} (ClusterNetworkPolicy ${quoteName(name)}) is not what the repository now generates (companies, teams or VC-to-VC decisions changed): regenerate it with \`netpol-guard boundary --out DIR\` and commit it; platform-team approval required.`
          : `The runtime boundary has no ClusterNetworkPolicy for company ${company}: its namespaces have no runtime boundary. Add ${quoteName(name)} (\`netpol-guard boundary --out DIR\`); platform-team approval required.`,
        key: `boundary-drift|${company}|${digestOf(meaning(object))}|${present ? present.fingerprint : "missing"}`,
        platformReview: true,
      });
      if (present) finding.suggestion = { line: present.location.line, endLine: present.location.endLine, replacement: yaml };
      findings.push(finding);
    }
    for (const stale of byName.values()) {
      findings.push(
        makeFinding({
          rule: "boundary-drift",
          severity: "warning",
          location: stale.location,
          namespace: null,
          message: `ClusterNetworkPolicy ${quoteName(stale.name)} bounds a company the repository no longer has: remove it (\`netpol-guard boundary --out DIR\` writes the current set); platform-team approval required.`,
          key: `boundary-drift|stale|${stale.fingerprint}`,
          platformReview: true,
        }),
      );
    }
  }
  found.set(model, findings);
  return findings;
}

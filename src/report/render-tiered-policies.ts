import type { TierEvaluator, TierStep } from "../engine/tier-evaluator.js";
import { quoteName } from "../model/quote-name.js";
import type { TieredPolicyModel } from "../model/types.js";

function describePolicy(p: TieredPolicyModel): string {
  const priority = p.priority === null ? "" : `priority ${p.priority}, `;
  return `${p.kind} ${quoteName(p.name)} (${priority}${p.location.file}:${p.location.line})`;
}

/**
 * The tiered policies whose subject may hold pods of `namespace`, in the order they are evaluated: the Admin
 * tier, then the namespace's NetworkPolicies, then the Baseline tier.
 */
export function renderTieredPolicies(tiers: TierEvaluator, namespace: string): string[] {
  const admin = tiers.applying(namespace, "Admin");
  const baseline = tiers.applying(namespace, "Baseline");
  const lines = [`Tiered policies, in evaluation order (${admin.length + baseline.length}):`];
  lines.push(`  Admin tier:${admin.length === 0 ? " none" : ""}`);
  admin.forEach((p, i) => lines.push(`    ${i + 1}. ${describePolicy(p)}`));
  lines.push("  then the NetworkPolicies above (for the pods they select)");
  lines.push(`  Baseline tier:${baseline.length === 0 ? " none (then allowed)" : ""}`);
  baseline.forEach((p, i) => lines.push(`    ${admin.length + i + 1}. ${describePolicy(p)}`));
  return lines;
}

/** What decided one side of the traffic with a peer: the last step that matched all of it, else the last step. */
export function describeTierStep(trace: readonly TierStep[]): string {
  const decided = [...trace].reverse().find((s) => s.match === "all") ?? trace[trace.length - 1];
  if (!decided) return "no tier";
  if (decided.policy === null || decided.rule === null) return decided.outcome === "NetworkPolicies" ? "decided by the NetworkPolicies" : "no tier decides: allowed by default";
  const rule = decided.rule.name === "" ? "" : ` rule ${quoteName(decided.rule.name)}`;
  const some = decided.match === "some" ? ", for some of the traffic" : "";
  return `${decided.policy.tier} tier, ${decided.policy.kind} ${quoteName(decided.policy.name)}${rule} (${decided.outcome}${some})`;
}

import type { ManifestFileResult, NetworkPolicyModel } from "../model/types.js";

export const INHERITED_FROM_LABEL = "hnc.x-k8s.io/inherited-from";

/**
 * The policies of each manifest file that count: a committed HNC copy is the same object as its source, so
 * it is left out when its source is in the repository.
 */
export function countedPolicies(manifests: ManifestFileResult[]): { unitPolicies: NetworkPolicyModel[][]; hasCopies: boolean } {
  const hasCopies = manifests.some((m) => m.policies.some(isCopy));
  if (!hasCopies) return { unitPolicies: manifests.map((m) => m.policies), hasCopies };
  const declared = new Set<string>();
  for (const m of manifests) for (const p of m.policies) declared.add(`${p.namespace}/${p.name}`);
  const unitPolicies = manifests.map((m) =>
    m.policies.filter((p) => !isCopy(p) || !declared.has(`${p.labels[INHERITED_FROM_LABEL]}/${p.name}`)),
  );
  return { unitPolicies, hasCopies };
}

/** Whether a manifest policy says it is HNC's copy of a policy of another namespace. */
export function isCopy(policy: NetworkPolicyModel): boolean {
  const from = policy.labels[INHERITED_FROM_LABEL];
  return from !== undefined && from !== policy.namespace;
}

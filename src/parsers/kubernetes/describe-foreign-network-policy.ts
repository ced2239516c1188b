/**
 * Objects that filter traffic but are not `networking.k8s.io/v1` NetworkPolicies (CNI-specific and admin
 * policies, custom resources). netpol-guard cannot judge them; the parser says so instead of passing over them
 * in silence. Returns a short description, or null when the object is not one of them.
 */
export function describeForeignNetworkPolicy(kind: string, apiVersion: string | null): string | null {
  const group = apiVersion !== null && apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "";
  if (kind === "CiliumNetworkPolicy" || kind === "CiliumClusterwideNetworkPolicy") return `Cilium ${kind}`;
  if (group === "projectcalico.org" || group === "crd.projectcalico.org") {
    if (kind.endsWith("NetworkPolicy")) return `Calico ${kind}`;
  }
  if ((kind === "AdminNetworkPolicy" || kind === "BaselineAdminNetworkPolicy" || kind === "ClusterNetworkPolicy") && group === "policy.networking.k8s.io") {
    return kind;
  }
  if (kind === "MultiNetworkPolicy" && group === "k8s.cni.cncf.io") return kind;
  // Any other custom resource named like a network policy (Antrea, OpenShift, ...).
  if (kind.endsWith("NetworkPolicy") && isCustomGroup(group)) return `${kind} of ${group}`;
  return null;
}

/** Built-in API groups have no dot or end in `.k8s.io`; anything else is a custom resource. */
export function isCustomGroup(group: string): boolean {
  return group.includes(".") && !group.endsWith(".k8s.io") && group !== "k8s.io";
}

/**
 * Objects that filter traffic but are not `networking.k8s.io/v1` NetworkPolicies (CNI-specific and
 * admin policies). netpol-guard cannot judge them; the parser says so instead of passing over them in silence.
 * Returns a short description, or null when the object is not one of them.
 */
export function describeForeignNetworkPolicy(kind: string, apiVersion: string | null): string | null {
  const group = apiVersion === null ? "" : apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "";
  if (kind === "NetworkPolicy" || kind === "GlobalNetworkPolicy" || kind === "StagedNetworkPolicy" || kind === "StagedGlobalNetworkPolicy") {
    if (group === "projectcalico.org" || group === "crd.projectcalico.org") return `Calico ${kind}`;
  }
  if (kind === "CiliumNetworkPolicy" || kind === "CiliumClusterwideNetworkPolicy") return `Cilium ${kind}`;
  if ((kind === "AdminNetworkPolicy" || kind === "BaselineAdminNetworkPolicy" || kind === "ClusterNetworkPolicy") && group === "policy.networking.k8s.io") {
    return kind;
  }
  if (kind === "MultiNetworkPolicy" && group === "k8s.cni.cncf.io") return kind;
  return null;
}

/**
 * Terraform resources that can create traffic filters in the cluster. The parser reads them like modules,
 * under the name `resource.<type>.<name>` (no module can be named so: module names have no dots), and the
 * engine judges them as traffic filters it does not model.
 */
export const TRAFFIC_RESOURCE_TYPES: ReadonlySet<string> = new Set(["kubernetes_network_policy", "kubernetes_network_policy_v1", "kubernetes_manifest"]);

/** The prefix of the names under which those resources are read. */
export const RESOURCE_PREFIX = "resource.";

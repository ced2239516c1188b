/** Labels Kubernetes and the Hierarchical Namespace Controller set on namespaces, and HNC's defaults. */

export const NAME_LABEL = "kubernetes.io/metadata.name";
export const TREE_LABEL_SUFFIX = ".tree.hnc.x-k8s.io/depth";
/** HNC's webhook sets it to "true" on every namespace HNC manages (every namespace it does not exclude). */
export const INCLUDED_NAMESPACE_LABEL = "hnc.x-k8s.io/included-namespace";
/** The namespaces HNC excludes unless configured otherwise (its `--excluded-namespace` defaults). */
export const DEFAULT_HNC_EXCLUDED = ["kube-system", "kube-public", "kube-node-lease", "hnc-system"] as const;

/**
 * The data every part of netpol-guard shares: source locations, findings, and the normalised
 * NetworkPolicy model that both the Kubernetes parser and the starter-kit expansion produce.
 * Pure data: no I/O, no clock.
 */

/** A place in a file of the repository. Lines are 1-based and inclusive. */
export interface SourceLocation {
  file: string;
  line: number;
  endLine: number;
}

/** The direction of a policy rule: ingress protects the policy's pods, egress limits them. */
export type Direction = "ingress" | "egress";

export type Severity = "error" | "warning" | "notice";

/** Rule ids, exactly as they appear in the JSON output. */
export const RULE_IDS = [
  "cross-vc-access",
  "vc-to-vc-policy",
  "vc-move",
  "platform-owned",
  "unknown-namespace",
  "company-mismatch",
  "unresolvable",
  "parse-error",
  "config-invalid",
  "invalid-policy",
  "not-isolated",
  "unmodelled-traffic-filter",
  "unexplained-crossing",
  "breaks-observed-flow",
  "observed-flow-unexplained",
  "boundary-drift",
  "behind-base",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/**
 * A problem found while reading input (a parser or the config loader). It becomes a finding once the
 * engine knows which namespace it concerns.
 */
export interface Problem {
  rule: "parse-error" | "unresolvable" | "invalid-policy" | "config-invalid";
  severity: Severity;
  location: SourceLocation;
  message: string;
  /** The namespace concerned, when the parser knows it (for example the policy's namespace). */
  namespace?: string;
}

/** One requirement of a label selector; `matchLabels` entries become `In` with one value. */
export interface Requirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values: string[];
}

/** A label selector as a conjunction of requirements. No requirements selects everything. */
export interface Selector {
  requirements: Requirement[];
}

export interface IpBlock {
  cidr: string;
  except: string[];
}

/** One item of `to` / `from`. Exactly one of the three shapes is valid; the parser reports the rest. */
export interface PolicyPeer {
  /** Absent means the peer has no podSelector; an empty selector selects every pod. */
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: IpBlock;
  location: SourceLocation;
}

export interface PolicyPort {
  protocol: "TCP" | "UDP" | "SCTP";
  /** A number, a named port, or absent (every port). */
  port?: number | string;
  endPort?: number;
}

export interface PolicyRule {
  /** `"all"` when the rule has no `to`/`from` (or an empty list): every peer, in and out of the cluster. */
  peers: PolicyPeer[] | "all";
  /** `"all"` when the rule has no `ports` (or an empty list). */
  ports: PolicyPort[] | "all";
  location: SourceLocation;
}

/** Where a policy came from. */
export type PolicyOrigin =
  | { kind: "manifest" }
  | {
      kind: "starter-kit";
      /** The Terraform module label (`module "service-1"`). */
      module: string;
      /** Which of the generated policies this is. */
      part: "default-deny" | "egress" | "ingress" | "dns";
    };

/**
 * A NetworkPolicy, normalised. `policyTypes` defaulting is already applied: a direction that does not
 * apply is `null`; an applied direction with no rules is `[]` (denies everything for the selected pods).
 */
export interface NetworkPolicyModel {
  name: string;
  namespace: string;
  podSelector: Selector;
  ingress: PolicyRule[] | null;
  egress: PolicyRule[] | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  origin: PolicyOrigin;
  /** The whole object; for a starter-kit policy, the `metadata.name` line of the module. */
  location: SourceLocation;
  /**
   * A stable digest of what the policy means (name, namespace, spec, propagation annotations), independent
   * of its position in the file. Two policies with the same fingerprint are the same declaration.
   */
  fingerprint: string;
  /** The Kubernetes object it stands for, for `explain` and the YAML of generated policies. */
  raw: unknown;
}

/** A `Namespace` manifest, or the labels HNC manages on a namespace. */
export interface NamespaceManifest {
  name: string;
  labels: Record<string, string>;
  location: SourceLocation;
  /**
   * Set when the labels are HNC's managed labels (`spec.labels` of a HierarchyConfiguration, or of the
   * SubnamespaceAnchor that creates the namespace): HNC sets them on the namespace and every descendant.
   */
  managedBy?: "HierarchyConfiguration" | "SubnamespaceAnchor";
}

/** A hierarchy edge declared by an HNC object. */
export interface HncParentDeclaration {
  child: string;
  parent: string;
  via: "HierarchyConfiguration" | "SubnamespaceAnchor";
  location: SourceLocation;
}

/** The `HNCConfiguration` singleton, reduced to what matters here. */
export interface HncConfigDeclaration {
  /** The mode for `networking.k8s.io/networkpolicies`, or null when the resource is not listed. */
  networkPolicyMode: "Propagate" | "Ignore" | "Remove" | "AllowPropagate" | null;
  location: SourceLocation;
  fingerprint: string;
}

/** A Kubernetes object netpol-guard does not model, kept for ownership and for what it may filter. */
export interface OtherObject {
  kind: string;
  name: string;
  /** Null for a cluster-scoped object. */
  namespace: string | null;
  location: SourceLocation;
  fingerprint: string;
  /**
   * Set when the object filters traffic but is not a networking.k8s.io/v1 NetworkPolicy (Cilium, Calico,
   * admin network policies...): what it is, for messages.
   */
  trafficFilter?: string;
}

/** The tier of an admin policy: evaluated before NetworkPolicies (Admin) or after them (Baseline). */
export type PolicyTier = "Admin" | "Baseline";

/** What a tiered rule does to the traffic it matches; v1alpha1's `Allow` is read as `Accept`. */
export type TierAction = "Accept" | "Deny" | "Pass";

/** Pods in namespaces: every pod of the selected namespaces when `podSelector` is null. */
export interface TierPods {
  namespaceSelector: Selector;
  /** Null when every pod of the namespaces is meant (no selector, or an empty one). */
  podSelector: Selector | null;
}

/** One peer of a tiered rule. */
export type TierPeer =
  | ({ kind: "pods"; location: SourceLocation } & TierPods)
  /** `networks`: CIDRs (egress only); traffic between pods is matched too when they cover pod IPs. */
  | { kind: "networks"; cidrs: string[]; location: SourceLocation }
  /** `nodes` or `domainNames` (egress only): not modelled, reported by unmodelled-traffic-filter. */
  | { kind: "unmodelled"; field: "nodes" | "domainNames"; location: SourceLocation };

export interface TierRule {
  /** The rule's `name`, or "" when it has none. */
  name: string;
  action: TierAction;
  peers: TierPeer[];
  /** `"all"` when the rule has no `protocols` / `ports`; a named port is a port string. */
  ports: PolicyPort[] | "all";
  location: SourceLocation;
}

/**
 * A cluster-scoped policy of the Network Policy API, normalised: `ClusterNetworkPolicy`
 * (policy.networking.k8s.io/v1alpha2) or the earlier v1alpha1 `AdminNetworkPolicy` (Admin tier) and
 * `BaselineAdminNetworkPolicy` (Baseline tier, no priority).
 */
export interface TieredPolicyModel {
  kind: "ClusterNetworkPolicy" | "AdminNetworkPolicy" | "BaselineAdminNetworkPolicy";
  name: string;
  tier: PolicyTier;
  /** 0-1000, lower first; null for a BaselineAdminNetworkPolicy (the cluster's single one). */
  priority: number | null;
  subject: TierPods;
  /** Rules in the order written: the first that matches decides. */
  ingress: TierRule[];
  egress: TierRule[];
  labels: Record<string, string>;
  location: SourceLocation;
  /** A stable digest of the object's name, kind and spec. */
  fingerprint: string;
  raw: unknown;
}

/** Everything one manifest file contributes. */
export interface ManifestFileResult {
  policies: NetworkPolicyModel[];
  namespaces: NamespaceManifest[];
  hncParents: HncParentDeclaration[];
  hncConfigs: HncConfigDeclaration[];
  /** ClusterNetworkPolicies and v1alpha1 (Baseline)AdminNetworkPolicies, in the order written. */
  tieredPolicies: TieredPolicyModel[];
  /**
   * Every namespace the file mentions as the namespace of a namespaced object (workloads, services,
   * policies, HNC objects), with the first place it is mentioned. Objects without a namespace are in
   * `default`.
   */
  namespaceMentions: { name: string; location: SourceLocation }[];
  /** Objects in a namespace that are not policies, for platform ownership (their fingerprint and place). */
  otherObjects: OtherObject[];
  problems: Problem[];
}

/** A value read from Terraform, with where it was written. */
export type TfValue =
  | { kind: "string"; value: string; location: SourceLocation }
  | { kind: "number"; value: number; location: SourceLocation }
  | { kind: "bool"; value: boolean; location: SourceLocation }
  | { kind: "null"; location: SourceLocation }
  | { kind: "list"; items: TfValue[]; location: SourceLocation }
  | { kind: "object"; entries: Map<string, TfValue>; location: SourceLocation }
  /** An expression that cannot be resolved statically (variable, interpolation, function call, `for`...). */
  | { kind: "unresolvable"; text: string; reason: string; location: SourceLocation };

/** A `module` block, with its attributes resolved as far as literals and same-directory `local.*` go. */
export interface TfModule {
  name: string;
  attributes: Map<string, TfValue>;
  location: SourceLocation;
  /** Digest of the block's resolved content, independent of its position. */
  fingerprint: string;
}

export interface TerraformResult {
  modules: TfModule[];
  problems: Problem[];
}

import type { Model } from "./build-model.js";
import { parseCidr, subtractRanges } from "../model/cidr.js";
import { NAME_LABEL, TREE_LABEL_SUFFIX } from "../model/hnc-labels.js";
import { isPhantom } from "../model/namespace-set.js";
import { rangesToCidrs } from "../model/ranges-to-cidrs.js";
import type { Direction } from "../model/types.js";
import { findVcToVcPolicies } from "./rules/vc-to-vc-policy.js";

export const BOUNDARY_NAME_PREFIX = "netpol-guard-boundary-";
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY_VALUE = "netpol-guard";
/** The CRD's limits: peers per rule and CIDRs per `networks` peer. */
const MAX_PEERS = 25;
const MAX_NETWORKS = 25;
/** How far apart the companies' priorities may be, from `boundary.priority` up. */
const PRIORITY_SPAN = 100;

type Json = Record<string, unknown>;

/** One generated ClusterNetworkPolicy, with the company it bounds. */
export interface BoundaryObject {
  company: string;
  object: Json;
}

/**
 * The runtime company boundary of a ref: for every company, an Admin-tier ClusterNetworkPolicy whose subject
 * is the company's tree (HNC's `<company>.tree.hnc.x-k8s.io/depth`, future namespaces included) and whose
 * rules, in both directions, `Pass` the company's own namespaces, the shared namespaces and what the
 * company's VC-to-VC decisions reach (the NetworkPolicies then decide pods and ports), for egress also the
 * networks outside `clusterCIDRs`, and `Deny` every other namespace (for egress, the cluster ranges too).
 * Pure and stable: the same model gives the same objects, in company order.
 */
export function generateBoundary(model: Model): BoundaryObject[] {
  const companies = [...model.hierarchy.companies].sort();
  const priorities = companyPriorities(companies, model.config.boundary.priority);
  const decisions = vcToVcPeers(model);
  const outside = rangesToCidrs(outsideRanges(model.config.clusterCIDRs));
  const clusterRanges = rangesToCidrs(model.config.clusterCIDRs.map((c) => parseCidr(c)).filter((r) => r !== null));
  return companies.map((company) => {
    const own = treeSelector(company);
    const rules = (direction: Direction): Json[] => {
      const key = direction === "ingress" ? "from" : "to";
      const list: Json[] = [{ name: "own-company", action: "Pass", [key]: [{ namespaces: own }] }];
      if (model.config.sharedNamespaces.length > 0) {
        list.push({ name: "shared-namespaces", action: "Pass", [key]: [{ namespaces: nameSelector([...model.config.sharedNamespaces].sort()) }] });
      }
      chunk(decisions.get(`${company}\u0000${direction}`) ?? [], MAX_PEERS).forEach((peers, i) => {
        list.push({ name: `vc-to-vc-decisions${i === 0 ? "" : `-${i + 1}`}`, action: "Pass", [key]: peers });
      });
      if (direction === "egress" && outside.length > 0) {
        list.push({ name: "outside-the-cluster", action: "Pass", to: chunk(outside, MAX_NETWORKS).map((networks) => ({ networks })) });
      }
      const deny: Json[] = [{ namespaces: {} }];
      if (direction === "egress") for (const networks of chunk(clusterRanges, MAX_NETWORKS)) deny.push({ networks });
      list.push({ name: "other-companies", action: "Deny", [key]: deny });
      return list;
    };
    return {
      company,
      object: {
        apiVersion: "policy.networking.k8s.io/v1alpha2",
        kind: "ClusterNetworkPolicy",
        metadata: { name: `${BOUNDARY_NAME_PREFIX}${company}`, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
        spec: { tier: "Admin", priority: priorities.get(company)!, subject: { namespaces: own }, ingress: rules("ingress"), egress: rules("egress") },
      },
    };
  });
}

/**
 * One priority per company from `base` up: a digest of its name picks the slot, the next free slot on a
 * clash (in name order), so a company keeps its priority when others come or go.
 */
function companyPriorities(companies: readonly string[], base: number): Map<string, number> {
  const span = Math.max(1, Math.min(PRIORITY_SPAN, 1001 - base));
  const taken = new Set<number>();
  const result = new Map<string, number>();
  for (const company of companies) {
    let slot = 0;
    for (const char of company) slot = (slot * 31 + char.charCodeAt(0)) % span;
    // More companies than slots share the last ones: their subjects never overlap, so nothing is ambiguous.
    for (let tries = 0; tries < span && taken.has(slot); tries++) slot = (slot + 1) % span;
    taken.add(slot);
    result.set(company, base + slot);
  }
  return result;
}

/** The peers each company's VC-to-VC decisions reach, by company and direction, merged and sorted. */
function vcToVcPeers(model: Model): Map<string, Json[]> {
  const reached = new Map<string, { names: Set<string>; companies: Set<string>; everything: boolean }>();
  for (const finding of findVcToVcPolicies(model)) {
    const reach = finding.reach;
    if (!reach || reach.company === null) continue;
    const key = `${reach.company}\u0000${reach.direction}`;
    let entry = reached.get(key);
    if (!entry) reached.set(key, (entry = { names: new Set(), companies: new Set(), everything: false }));
    if (reach.reached.kind === "cofinite") {
      entry.everything = true;
      continue;
    }
    for (const name of reach.reached.names) {
      // A namespace created later in a company is in its tree; one outside every tree has no label to name it.
      if (isPhantom(name)) {
        if (name !== "*") entry.companies.add(name.slice(0, -2));
      } else entry.names.add(name);
    }
  }
  const peers = new Map<string, Json[]>();
  for (const [key, entry] of reached) {
    if (entry.everything) {
      peers.set(key, [{ namespaces: {} }]);
      continue;
    }
    const list: Json[] = [...entry.companies].sort().map((c) => ({ namespaces: treeSelector(c) }));
    // A namespace in a company whose whole tree is passed needs no name of its own.
    const names = [...entry.names].filter((n) => !entry.companies.has(model.hierarchy.companyOf(n) ?? "")).sort();
    if (names.length > 0) list.push({ namespaces: nameSelector(names) });
    peers.set(key, list);
  }
  return peers;
}

function treeSelector(company: string): Json {
  return { matchExpressions: [{ key: `${company}${TREE_LABEL_SUFFIX}`, operator: "Exists" }] };
}

function nameSelector(names: string[]): Json {
  return { matchExpressions: [{ key: NAME_LABEL, operator: "In", values: names }] };
}

/** Every address of both families outside the cluster ranges. */
function outsideRanges(clusterCidrs: readonly string[]): NonNullable<ReturnType<typeof parseCidr>>[] {
  const holes = clusterCidrs.map((c) => parseCidr(c)).filter((r) => r !== null);
  return [parseCidr("0.0.0.0/0")!, parseCidr("::/0")!].flatMap((all) => subtractRanges(all, holes));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

import type { Direction, PolicyPort, TierAction, TierPeer, TierPods, TierRule } from "../../model/types.js";
import { parseCidr } from "../../model/validate-cidr.js";
import { normalizeLabelSelector } from "./normalize-label-selector.js";
import { normalizeTierPort } from "./normalize-tier-port.js";
import { describeType, field, isPlainObject, readRuleList, reportUnknownFields, type ObjectContext, type Path, type Report } from "./object-context.js";

export type TierApi = "ClusterNetworkPolicy" | "AdminNetworkPolicy" | "BaselineAdminNetworkPolicy";

const ACTIONS: Record<TierApi, readonly string[]> = {
  ClusterNetworkPolicy: ["Accept", "Deny", "Pass"],
  AdminNetworkPolicy: ["Allow", "Deny", "Pass"],
  BaselineAdminNetworkPolicy: ["Allow", "Deny"],
};
/** The CRDs' limits on rules per direction and peers per rule. */
const MAX_RULES: Record<TierApi, number> = { ClusterNetworkPolicy: 25, AdminNetworkPolicy: 100, BaselineAdminNetworkPolicy: 100 };
const MAX_PEERS = 100;

/**
 * The `ingress` or `egress` rules of a tiered policy, in order, validated as the CRD's schema does. A rule
 * the schema refuses is reported and left out (the caller drops the whole object when anything is reported).
 */
export function normalizeTierRules(spec: Record<string, unknown>, direction: Direction, api: TierApi, ctx: ObjectContext, report: Report): TierRule[] {
  const raw = readRuleList(spec, direction, report);
  const path: Path = ["spec", direction];
  if (raw.length > MAX_RULES[api]) report(path, `at most ${MAX_RULES[api]} ${direction} rules are allowed`);
  const v2 = api === "ClusterNetworkPolicy";
  const peersKey = direction === "ingress" ? "from" : "to";
  const portsKey = v2 ? "protocols" : "ports";
  const rules: TierRule[] = [];
  raw.forEach((item: unknown, index) => {
    const rulePath: Path = [...path, index];
    if (!isPlainObject(item)) {
      report(rulePath, `a rule must be a mapping, not ${describeType(item)}`);
      return;
    }
    reportUnknownFields(item, rulePath, ["name", "action", peersKey, portsKey], report);
    const name = field(item, "name");
    if (name !== undefined && name !== null && (typeof name !== "string" || name.length > 100)) {
      report([...rulePath, "name"], "name must be a string of at most 100 characters");
    }
    const action = field(item, "action");
    if (typeof action !== "string" || !ACTIONS[api].includes(action)) {
      report(action === undefined ? rulePath : [...rulePath, "action"], `action must be one of ${ACTIONS[api].join(", ")}${typeof action === "string" ? `, not "${action}"` : ""}`);
      return;
    }
    const peers = normalizePeers(field(item, peersKey), [...rulePath, peersKey], direction, api, ctx, report);
    const ports = normalizePorts(field(item, portsKey), [...rulePath, portsKey], v2 ? "v1alpha2" : "v1alpha1", report);
    rules.push({
      name: typeof name === "string" ? name : "",
      action: action === "Allow" ? "Accept" : (action as TierAction),
      peers,
      ports,
      location: ctx.locate(rulePath),
    });
  });
  return rules;
}

/**
 * `subject` and the `pods` peer: `namespaceSelector` AND `podSelector`. v1alpha1 requires both; v1alpha2 only
 * `podSelector` (no `namespaceSelector`: every namespace). The API server refuses an object that leaves out a
 * required one (or writes null, which it prunes first), so such an object never exists in the cluster: it
 * must not remove an edge.
 */
export function normalizeTierPods(value: unknown, path: Path, api: TierApi, report: Report): TierPods {
  if (!isPlainObject(value)) {
    report(path, `pods must be a mapping, not ${describeType(value)}`);
    return { namespaceSelector: { requirements: [] }, podSelector: null };
  }
  reportUnknownFields(value, path, ["namespaceSelector", "podSelector"], report);
  const absent = (key: string): boolean => field(value, key) === undefined || field(value, key) === null;
  if (absent("podSelector")) report(path, "pods.podSelector is required");
  if (api !== "ClusterNetworkPolicy" && absent("namespaceSelector")) report(path, `pods.namespaceSelector is required in ${api} (v1alpha1); {} selects every namespace`);
  const namespaceSelector = normalizeLabelSelector(field(value, "namespaceSelector"), [...path, "namespaceSelector"], report);
  const podSelector = normalizeLabelSelector(field(value, "podSelector"), [...path, "podSelector"], report);
  return { namespaceSelector, podSelector: podSelector.requirements.length === 0 ? null : podSelector };
}

function normalizePeers(raw: unknown, path: Path, direction: Direction, api: TierApi, ctx: ObjectContext, report: Report): TierPeer[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    report(path, `${String(path[path.length - 1])} is required and must list at least one peer`);
    return [];
  }
  if (raw.length > MAX_PEERS) report(path, `at most ${MAX_PEERS} peers are allowed`);
  const allowed = direction === "ingress" ? ["namespaces", "pods"] : api === "BaselineAdminNetworkPolicy" ? ["namespaces", "pods", "nodes", "networks"] : ["namespaces", "pods", "nodes", "networks", "domainNames"];
  const peers: TierPeer[] = [];
  raw.forEach((item: unknown, index) => {
    const peerPath: Path = [...path, index];
    const location = ctx.locate(peerPath);
    if (!isPlainObject(item)) {
      report(peerPath, `a peer must be a mapping, not ${describeType(item)}`);
      return;
    }
    reportUnknownFields(item, peerPath, allowed, report);
    const present = allowed.filter((k) => field(item, k) !== undefined && field(item, k) !== null);
    if (present.length !== 1) {
      report(peerPath, `exactly one of ${allowed.join(", ")} must be set in a peer`);
      return;
    }
    const key = present[0]!;
    const value = field(item, key);
    const valuePath: Path = [...peerPath, key];
    if (key === "namespaces") {
      peers.push({ kind: "pods", namespaceSelector: normalizeLabelSelector(value, valuePath, report), podSelector: null, location });
    } else if (key === "pods") {
      peers.push({ kind: "pods", ...normalizeTierPods(value, valuePath, api, report), location });
    } else if (key === "networks") {
      const cidrs = normalizeNetworks(value, valuePath, report);
      if (cidrs !== null) peers.push({ kind: "networks", cidrs, location });
    } else {
      if (key === "nodes") normalizeLabelSelector(value, valuePath, report);
      else if (!Array.isArray(value) || value.length === 0 || value.some((d) => typeof d !== "string" || d === "")) {
        report(valuePath, "domainNames must be a list of domain names");
      }
      peers.push({ kind: "unmodelled", field: key as "nodes" | "domainNames", location });
    }
  });
  return peers;
}

function normalizeNetworks(value: unknown, path: Path, report: Report): string[] | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > 25) {
    report(path, "networks must list 1 to 25 CIDRs");
    return null;
  }
  const cidrs: string[] = [];
  value.forEach((item: unknown, index) => {
    const parsed = typeof item === "string" ? parseCidr(item) : null;
    if (parsed === null || !parsed.ok) {
      report([...path, index], `invalid CIDR${parsed && !parsed.ok ? `: ${parsed.reason}` : `: ${describeType(item)}`}`);
      return;
    }
    cidrs.push(parsed.cidr.canonical);
  });
  return cidrs;
}

function normalizePorts(raw: unknown, path: Path, version: "v1alpha1" | "v1alpha2", report: Report): PolicyPort[] | "all" {
  if (raw === null || raw === undefined) return "all";
  if (!Array.isArray(raw) || raw.length === 0) {
    report(path, `${String(path[path.length - 1])} must be a list of at least one item (omit it to match every port)`);
    return "all";
  }
  const ports: PolicyPort[] = [];
  raw.forEach((item: unknown, index) => {
    const port = normalizeTierPort(item, [...path, index], version, report);
    if (port !== null) ports.push(port);
  });
  return ports;
}

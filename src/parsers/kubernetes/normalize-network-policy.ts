import type { Direction, NetworkPolicyModel, PolicyPeer, PolicyPort, PolicyRule, Problem } from "../../model/types.js";
import { fingerprint } from "../../model/fingerprint.js";
import { isDns1123Label, isDns1123Subdomain } from "../../model/kubernetes-names.js";
import { normalizeLabelSelector } from "./normalize-label-selector.js";
import { normalizePolicyPeer } from "./normalize-policy-peer.js";
import { normalizePolicyPort } from "./normalize-policy-port.js";
import { describeType, field, isPlainObject, readRuleList, reportUnknownFields, type ObjectContext, type Path, type Report } from "./object-context.js";
import { readObjectMetadata } from "./read-object-metadata.js";
import { collectReports } from "./collect-reports.js";
import { quoteName } from "../../model/quote-name.js";

export interface NormalizedNetworkPolicy {
  /** Null when the API server would refuse the object: its problems say why. */
  policy: NetworkPolicyModel | null;
  /** The namespace the policy lives in (`default` when not written). */
  namespace: string;
  problems: Problem[];
}


/**
 * A `networking.k8s.io/v1` NetworkPolicy, validated as the API server does (`ValidateNetworkPolicy`) and
 * normalised with the API server's defaulting: policyTypes, protocol TCP, empty `from`/`to`/`ports` as "all".
 */
export function normalizeNetworkPolicy(object: Record<string, unknown>, ctx: ObjectContext): NormalizedNetworkPolicy {
  // Reports are turned into problems at the end, once the name and the namespace are known.
  const { report, problems: collected } = collectReports(ctx);
  const metadata = readObjectMetadata(object, report);
  const name = metadata.name;
  const namespace = metadata.namespace ?? "default";

  if (name === null) report(["metadata"], "metadata.name is required", "key");
  else if (!isDns1123Subdomain(name)) {
    report(["metadata", "name"], `${quoteName(name)} is not a valid name (DNS-1123 subdomain: lowercase letters, digits, '-' and '.', at most 253 characters)`);
  }
  if (metadata.namespace !== null && !isDns1123Label(metadata.namespace)) {
    report(["metadata", "namespace"], `${quoteName(metadata.namespace)} is not a valid namespace name (DNS-1123 label: lowercase letters, digits and '-', at most 63 characters)`);
  }

  reportUnknownFields(object, [], ["apiVersion", "kind", "metadata", "spec", "status"], report);
  const rawSpec = field(object, "spec");
  let spec: Record<string, unknown> = {};
  if (isPlainObject(rawSpec)) spec = rawSpec;
  else if (rawSpec !== null && rawSpec !== undefined) report(["spec"], `spec must be a mapping, not ${describeType(rawSpec)}`);
  reportUnknownFields(spec, ["spec"], ["podSelector", "policyTypes", "ingress", "egress"], report);

  const podSelector = normalizeLabelSelector(field(spec, "podSelector"), ["spec", "podSelector"], report);
  const ingressRules = normalizeRules(spec, "ingress", ctx, report);
  const egressRules = normalizeRules(spec, "egress", ctx, report);
  const types = readPolicyTypes(spec, report);

  const problems: Problem[] = collected(`NetworkPolicy${name === null ? "" : ` ${quoteName(name)}`}`, namespace);
  if (problems.length > 0) return { policy: null, namespace, problems };
  const policyName = name ?? "";
  const policy: NetworkPolicyModel = {
    name: policyName,
    namespace,
    podSelector,
    ingress: types.has("Ingress") ? ingressRules : null,
    egress: types.has("Egress") ? egressRules : null,
    labels: metadata.labels,
    annotations: metadata.annotations,
    origin: { kind: "manifest" },
    location: ctx.location,
    fingerprint: fingerprint({
      name: policyName,
      namespace,
      spec: rawSpec ?? {},
      labels: metadata.labels,
      annotations: metadata.annotations,
    }),
    raw: object,
  };
  return { policy, namespace, problems };
}

/**
 * `policyTypes` as the API server defaults it: when empty or absent, Ingress, plus Egress only when there is
 * at least one egress rule (so `egress: []` alone restricts nothing).
 */
function readPolicyTypes(spec: Record<string, unknown>, report: Report): Set<"Ingress" | "Egress"> {
  const types = new Set<"Ingress" | "Egress">();
  const raw = field(spec, "policyTypes");
  const path: Path = ["spec", "policyTypes"];
  if (Array.isArray(raw) && raw.length > 0) {
    if (raw.length > 2) report(path, "at most two policyTypes may be given");
    raw.forEach((item: unknown, index) => {
      if (item === "Ingress" || item === "Egress") types.add(item);
      else report([...path, index], `policyTypes entries must be Ingress or Egress, not ${typeof item === "string" ? `"${item}"` : describeType(item)}`);
    });
    return types;
  }
  if (raw !== null && raw !== undefined && !Array.isArray(raw)) report(path, `policyTypes must be a list, not ${describeType(raw)}`);
  types.add("Ingress");
  const egress = field(spec, "egress");
  if (Array.isArray(egress) && egress.length > 0) types.add("Egress");
  return types;
}

/** The rules of one direction. They are validated even when the direction does not apply: the API server does. */
function normalizeRules(spec: Record<string, unknown>, direction: Direction, ctx: ObjectContext, report: Report): PolicyRule[] {
  const raw = readRuleList(spec, direction, report);
  const path: Path = ["spec", direction];
  const peersKey = direction === "ingress" ? "from" : "to";
  const rules: PolicyRule[] = [];
  raw.forEach((item: unknown, index) => {
    const rulePath: Path = [...path, index];
    // A null list item decodes to an empty rule, which allows everything.
    const rule = item === null ? {} : item;
    if (!isPlainObject(rule)) {
      report(rulePath, `a rule must be a mapping, not ${describeType(rule)}`);
      return;
    }
    reportUnknownFields(rule, rulePath, [peersKey, "ports"], report);
    rules.push({
      peers: normalizePeers(field(rule, peersKey), [...rulePath, peersKey], ctx, report),
      ports: normalizePorts(field(rule, "ports"), [...rulePath, "ports"], report),
      location: ctx.locate(rulePath),
    });
  });
  return rules;
}

function normalizePeers(raw: unknown, path: Path, ctx: ObjectContext, report: Report): PolicyPeer[] | "all" {
  if (raw === null || raw === undefined) return "all";
  if (!Array.isArray(raw)) {
    report(path, `${String(path[path.length - 1])} must be a list of peers, not ${describeType(raw)}`);
    return [];
  }
  if (raw.length === 0) return "all";
  const peers: PolicyPeer[] = [];
  raw.forEach((item: unknown, index) => {
    const peerPath: Path = [...path, index];
    const peer = normalizePolicyPeer(item, peerPath, ctx.locate(peerPath), report);
    if (peer !== null) peers.push(peer);
  });
  return peers;
}

function normalizePorts(raw: unknown, path: Path, report: Report): PolicyPort[] | "all" {
  if (raw === null || raw === undefined) return "all";
  if (!Array.isArray(raw)) {
    report(path, `ports must be a list, not ${describeType(raw)}`);
    return [];
  }
  if (raw.length === 0) return "all";
  const ports: PolicyPort[] = [];
  raw.forEach((item: unknown, index) => {
    const port = normalizePolicyPort(item, [...path, index], report);
    if (port !== null) ports.push(port);
  });
  return ports;
}

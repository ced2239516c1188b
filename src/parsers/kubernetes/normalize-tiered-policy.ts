import type { OtherObject, Problem, TierPods, TieredPolicyModel } from "../../model/types.js";
import { fingerprint } from "../../model/fingerprint.js";
import { isDns1123Subdomain } from "../../model/kubernetes-names.js";
import { quoteName } from "../../model/quote-name.js";
import { normalizeLabelSelector } from "./normalize-label-selector.js";
import { normalizeTierPods, normalizeTierRules, type TierApi } from "./normalize-tier-rules.js";
import { describeType, field, isPlainObject, reportUnknownFields, type ObjectContext, type Path, type Report } from "./object-context.js";
import { readObjectMetadata } from "./read-object-metadata.js";
import { collectReports } from "./collect-reports.js";

/** The apiVersion that serves each kind netpol-guard models. */
export const TIERED_API_VERSIONS: Record<TierApi, string> = {
  ClusterNetworkPolicy: "policy.networking.k8s.io/v1alpha2",
  AdminNetworkPolicy: "policy.networking.k8s.io/v1alpha1",
  BaselineAdminNetworkPolicy: "policy.networking.k8s.io/v1alpha1",
};

export interface NormalizedTieredPolicy {
  /** Null when the CRD's schema refuses the object: its problems say why. */
  policy: TieredPolicyModel | null;
  problems: Problem[];
  /**
   * The peers netpol-guard does not model (`nodes`, `domainNames`) of rules that accept traffic, as traffic
   * filters for the rule unmodelled-traffic-filter.
   */
  unmodelled: OtherObject[];
}

/**
 * A `ClusterNetworkPolicy` (v1alpha2) or a v1alpha1 `AdminNetworkPolicy` / `BaselineAdminNetworkPolicy`,
 * validated against its CRD's schema (required fields, enums, one-of fields, limits) and normalised.
 */
export function normalizeTieredPolicy(kind: TierApi, object: Record<string, unknown>, ctx: ObjectContext): NormalizedTieredPolicy {
  const { report, problems: collected } = collectReports(ctx);
  const metadata = readObjectMetadata(object, report);
  const name = metadata.name;
  if (name === null) report(["metadata"], "metadata.name is required", "key");
  else if (!isDns1123Subdomain(name)) report(["metadata", "name"], `${quoteName(name)} is not a valid name (DNS-1123 subdomain)`);
  if (kind === "BaselineAdminNetworkPolicy" && name !== null && name !== "default") {
    report(["metadata", "name"], `the cluster has one BaselineAdminNetworkPolicy and it must be named "default", not ${quoteName(name)}`);
  }

  reportUnknownFields(object, [], ["apiVersion", "kind", "metadata", "spec", "status"], report);
  const rawSpec = field(object, "spec");
  let spec: Record<string, unknown> = {};
  if (isPlainObject(rawSpec)) spec = rawSpec;
  else report(["spec"], rawSpec === undefined || rawSpec === null ? "spec is required" : `spec must be a mapping, not ${describeType(rawSpec)}`);
  const keys = kind === "ClusterNetworkPolicy" ? ["tier", "priority", "subject", "ingress", "egress"] : kind === "AdminNetworkPolicy" ? ["priority", "subject", "ingress", "egress"] : ["subject", "ingress", "egress"];
  reportUnknownFields(spec, ["spec"], keys, report);

  let tier: TieredPolicyModel["tier"] = kind === "BaselineAdminNetworkPolicy" ? "Baseline" : "Admin";
  if (kind === "ClusterNetworkPolicy") {
    const written = field(spec, "tier");
    if (written === "Admin" || written === "Baseline") tier = written;
    else report(written === undefined ? ["spec"] : ["spec", "tier"], `tier must be Admin or Baseline${typeof written === "string" ? `, not "${written}"` : ""}`);
  }
  let priority: number | null = null;
  if (kind !== "BaselineAdminNetworkPolicy") {
    const written = field(spec, "priority");
    if (typeof written === "number" && Number.isInteger(written) && written >= 0 && written <= 1000) priority = written;
    else report(written === undefined ? ["spec"] : ["spec", "priority"], `priority is required: an integer from 0 to 1000${written === undefined ? "" : `, not ${JSON.stringify(written)}`}`);
  }
  const subject = normalizeSubject(field(spec, "subject"), kind, report);
  const ingress = normalizeTierRules(spec, "ingress", kind, ctx, report);
  const egress = normalizeTierRules(spec, "egress", kind, ctx, report);

  const problems: Problem[] = collected(`${kind}${name === null ? "" : ` ${quoteName(name)}`}`);
  const objectFingerprint = fingerprint({ kind, name, spec: rawSpec ?? {} });
  const unmodelled: OtherObject[] = [];
  for (const [direction, rules] of [["ingress", ingress], ["egress", egress]] as const) {
    for (const rule of rules) {
      if (rule.action !== "Accept") continue;
      for (const peer of rule.peers) {
        if (peer.kind !== "unmodelled") continue;
        unmodelled.push({
          kind,
          name: name ?? "",
          namespace: null,
          location: peer.location,
          fingerprint: fingerprint({ object: objectFingerprint, line: peer.location.line }),
          trafficFilter: `the \`${peer.field}\` peer of ${kind} ${quoteName(name ?? "")} (${direction} rule${rule.name === "" ? "" : ` ${quoteName(rule.name)}`})`,
        });
      }
    }
  }
  if (problems.length > 0 || name === null) return { policy: null, problems, unmodelled };
  return {
    policy: { kind, name, tier, priority, subject, ingress, egress, labels: metadata.labels, location: ctx.location, fingerprint: objectFingerprint, raw: object },
    problems,
    unmodelled,
  };
}

/** `spec.subject`: exactly one of `namespaces` (every pod of the selected namespaces) and `pods`. */
function normalizeSubject(value: unknown, kind: TierApi, report: Report): TierPods {
  const path: Path = ["spec", "subject"];
  const all: TierPods = { namespaceSelector: { requirements: [] }, podSelector: null };
  if (!isPlainObject(value)) {
    report(value === undefined ? ["spec"] : path, value === undefined ? "spec.subject is required" : `subject must be a mapping, not ${describeType(value)}`);
    return all;
  }
  reportUnknownFields(value, path, ["namespaces", "pods"], report);
  const namespaces = field(value, "namespaces");
  const pods = field(value, "pods");
  if ((namespaces === undefined || namespaces === null) === (pods === undefined || pods === null)) {
    report(path, "exactly one of namespaces, pods must be set");
    return all;
  }
  if (pods === undefined || pods === null) return { namespaceSelector: normalizeLabelSelector(namespaces, [...path, "namespaces"], report), podSelector: null };
  return normalizeTierPods(pods, [...path, "pods"], kind, report);
}

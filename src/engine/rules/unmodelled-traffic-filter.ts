import type { Model } from "../build-model.js";
import { makeFinding, type Finding } from "../../model/finding.js";
import type { UnmodelledFilter } from "../read-kit-modules.js";
import type { OtherObject } from "../../model/types.js";

/** The traffic filters among a manifest file's other objects, as the rule judges them. */
export function manifestFilters(objects: readonly OtherObject[]): UnmodelledFilter[] {
  const filters: UnmodelledFilter[] = [];
  for (const o of objects) {
    if (o.trafficFilter === undefined) continue;
    filters.push({
      what: o.trafficFilter,
      place: o.namespace === null ? { kind: "cluster" } : { kind: "namespace", namespace: o.namespace },
      location: o.location,
      fingerprint: o.fingerprint,
    });
  }
  return filters;
}

/**
 * `unmodelled-traffic-filter`: something that can allow or filter traffic that netpol-guard does not judge
 * (CNI-specific and admin network policies, Terraform NetworkPolicy resources, a module with a
 * `network.security` input that is no known kit). It never passes in silence: an error where a product team
 * owns the place (or the place cannot be told), a warning for platform review where the platform owns it
 * (company and shared namespaces, cluster-scoped objects). Its identity holds its content, so every later
 * change to it is judged again.
 */
export function findUnmodelledTrafficFilters(model: Model, filters: readonly UnmodelledFilter[]): Finding[] {
  const findings: Finding[] = [];
  for (const filter of filters) {
    const namespace = filter.place.kind === "namespace" ? filter.place.namespace : null;
    const role = namespace === null ? undefined : model.hierarchy.get(namespace)?.role;
    const platform = filter.place.kind === "cluster" || role === "company" || role === "shared";
    const where =
      filter.place.kind === "cluster"
        ? "cluster-wide"
        : filter.place.kind === "unknown"
          ? "in a namespace netpol-guard cannot tell"
          : `in ${namespace}${role === undefined ? ", a namespace nobody declares" : ""}`;
    findings.push(
      makeFinding({
        rule: "unmodelled-traffic-filter",
        severity: platform ? "warning" : "error",
        platformReview: platform,
        location: filter.location,
        namespace,
        message: platform
          ? `${filter.what}, ${where}, can allow traffic between companies, and netpol-guard does not judge it; it belongs to the platform team, whose approval is required.`
          : `${filter.what}, ${where}, can allow traffic between companies, and netpol-guard does not judge it; ${filter.fix ?? "declare the service's traffic in its starter-kit module (or a networking.k8s.io/v1 NetworkPolicy) instead"}.`,
        key: `unmodelled-traffic-filter|${platform ? "platform" : "team"}|${filter.what}|${filter.fingerprint}`,
      }),
    );
  }
  return findings;
}

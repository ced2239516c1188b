import type { Model } from "../build-model.js";
import type { StarterKitService } from "../read-kit-modules.js";
import { makeFinding, type Finding } from "../../model/finding.js";

/**
 * `company-mismatch`: a starter-kit's `service_company` is not the company its `service_team` belongs to.
 * (Conflicting parents and cycles in the hierarchy are reported under the same rule when it is built.)
 */
export function findCompanyMismatches(model: Model, services: readonly StarterKitService[] = model.services): Finding[] {
  const findings: Finding[] = [];
  for (const service of services) {
    if (service.team === null || service.company === null) continue;
    const teamCompany = model.hierarchy.get(service.team)?.company ?? null;
    if (teamCompany === null || teamCompany === service.company) continue;
    findings.push(
      makeFinding({
        rule: "company-mismatch",
        severity: "error",
        location: service.companyLocation,
        namespace: service.name,
        peer: service.team,
        message: `${service.name} says service_company = "${service.company}", but its team ${service.team} belongs to ${teamCompany}; the hierarchy places the service in ${teamCompany}.`,
        key: `company-mismatch|service|${service.name}|${service.company}|${teamCompany}`,
      }),
    );
  }
  return findings;
}

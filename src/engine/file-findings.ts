import type { Finding } from "../model/finding.js";
import type { ManifestFileResult, NetworkPolicyModel } from "../model/types.js";
import type { Model } from "./build-model.js";
import type { NamespaceIndex } from "./namespace-index.js";
import type { KitModules, StarterKitService, UnmodelledFilter } from "./read-kit-modules.js";
import { findCompanyMismatches } from "./rules/company-mismatch.js";
import { findCrossVcAccess } from "./rules/cross-vc-access.js";
import { findUnknownNamespaces } from "./rules/unknown-namespace.js";
import { findUnmodelledTrafficFilters } from "./rules/unmodelled-traffic-filter.js";
import { findVcToVcPolicies } from "./rules/vc-to-vc-policy.js";
import { sameItems } from "./same-items.js";
import { suggestEntryRemoval } from "./suggest-removal.js";

const NONE: Finding[] = [];

/** One Terraform directory's or manifest file's findings under one hierarchy (by its label index). */
export interface FileFindings {
  index: NamespaceIndex;
  policies: readonly NetworkPolicyModel[];
  crossVc: Finding[];
  vcToVc: Finding[];
  unknown: Finding[];
  mismatch: Finding[];
  filters: Finding[];
}

/**
 * The per-file rules (crossings, VC-to-VC policies, unknown names, company mismatches) of the services of a
 * kit directory or the counted policies of a manifest file. They depend on the file and on the hierarchy's
 * shape only, so a ref that shares the label index of another reuses the findings of every unchanged file.
 */
export function fileFindings(
  model: Model,
  file: KitModules | ManifestFileResult,
  services: readonly StarterKitService[],
  policies: readonly NetworkPolicyModel[],
  filters: readonly UnmodelledFilter[],
): FileFindings {
  const hit = model.memo.findingsOfFile.get(file);
  if (hit && hit.index === model.index && sameItems(hit.policies, policies)) return hit;
  // Each file is split into lines once, however many of its entries need a suggestion.
  const linesOf = new Map<string, string[]>();
  const suggest = (path: string, line: number, entry: string): string | null => {
    let lines = linesOf.get(path);
    if (lines === undefined) {
      const text = model.texts.get(path);
      if (text === undefined) return null;
      linesOf.set(path, (lines = text.split(/\r?\n/)));
    }
    const lineText = lines[line - 1];
    return lineText === undefined ? null : suggestEntryRemoval(lineText, entry, path.endsWith(".json"));
  };
  const result: FileFindings = {
    index: model.index,
    policies,
    crossVc: findCrossVcAccess(model, suggest, services, policies),
    vcToVc: policies.length > 0 ? findVcToVcPolicies(model, policies) : NONE,
    unknown: findUnknownNamespaces(model, services, policies),
    mismatch: services.length > 0 ? findCompanyMismatches(model, services) : NONE,
    filters: filters.length > 0 ? findUnmodelledTrafficFilters(model, filters) : NONE,
  };
  model.memo.findingsOfFile.set(file, result);
  return result;
}

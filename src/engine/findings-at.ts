import type { Finding } from "../model/finding.js";
import type { NetworkPolicyModel } from "../model/types.js";
import { fileFindings, type FileFindings } from "./file-findings.js";
import type { JudgedRef } from "./judged-ref.js";
import type { StarterKitService } from "./read-kit-modules.js";
import { notIsolatedAt } from "./rules/not-isolated.js";
import { manifestFilters } from "./rules/unmodelled-traffic-filter.js";
import { withUnknownContent } from "./with-unknown-content.js";
import { findTieredVcToVc } from "./rules/tiered-vc-to-vc.js";
import { findBoundaryDrift } from "./rules/boundary-drift.js";

const NONE: Finding[] = [];

/** Every finding that holds at one ref, whatever the change (remembered: a cached base is judged once). */
export function findingsAt(ref: JudgedRef): Finding[] {
  return (ref.remembered.findings ??= computeFindingsAt(ref));
}

/**
 * The findings of a ref derived from `base` (see derive-ref.ts): the `not-isolated` findings of namespaces
 * outside `recheck` are the base's; the rest is assembled as for any ref, from each file's share.
 */
export function findingsOfDerived(ref: JudgedRef, base: JudgedRef, recheck: ReadonlySet<string>): Finding[] {
  findingsAt(base);
  return computeFindingsAt(ref, { before: base.remembered.notIsolated!, recheck });
}

/**
 * Every finding of a ref, in a fixed order: reading, crossings (kits, then policies), VC-to-VC policies,
 * unknown names (kits, then policies), company mismatches, then `not-isolated` per service namespace.
 * With `known`, the `not-isolated` findings of a namespace outside `known.recheck` are `known.before`'s.
 */
function computeFindingsAt(ref: JudgedRef, known?: { before: ReadonlyMap<string, Finding[]>; recheck: ReadonlySet<string> }): Finding[] {
  const { model, reach } = ref;
  const { parsed, unitKits, unitPolicies } = model.parts;
  const kitFiles = unitKits.map((kits) => fileFindings(model, kits, kits.services, NONE_POLICIES, kits.filters));
  const manifestFiles = parsed.manifests.map((m, i) => fileFindings(model, m, NONE_SERVICES, unitPolicies[i]!, manifestFilters(m.otherObjects)));
  const findings: Finding[] = model.findings.map((f) => withUnknownContent(model, f, model.memo));
  const append = (files: FileFindings[], pick: (f: FileFindings) => Finding[]): void => {
    for (const f of files) for (const finding of pick(f)) findings.push(finding);
  };
  append(kitFiles, (f) => f.crossVc);
  append(manifestFiles, (f) => f.crossVc);
  append(manifestFiles, (f) => f.vcToVc);
  for (const finding of findTieredVcToVc(model, reach.tiers)) findings.push(finding);
  for (const finding of findBoundaryDrift(model)) findings.push(finding);
  append(kitFiles, (f) => f.unknown);
  append(manifestFiles, (f) => f.unknown);
  append(kitFiles, (f) => f.mismatch);
  append(kitFiles, (f) => f.filters);
  append(manifestFiles, (f) => f.filters);

  // The last starter-kit module naming a namespace is the one that counts.
  const kitByName = new Map<string, StarterKitService>();
  for (const s of model.services) if (!known || known.recheck.has(s.name)) kitByName.set(s.name, s);
  const notIsolated = new Map<string, Finding[]>();
  for (const node of model.hierarchy.nodes.values()) {
    if (node.role !== "service") continue;
    const list =
      !known || known.recheck.has(node.name) ? notIsolatedAt(node, kitByName.get(node.name), reach) : (known.before.get(node.name) ?? NONE);
    if (list.length === 0) continue;
    notIsolated.set(node.name, list);
    for (const f of list) findings.push(f);
  }
  ref.remembered.notIsolated = notIsolated;
  return findings;
}

const NONE_POLICIES: readonly NetworkPolicyModel[] = [];

const NONE_SERVICES: readonly StarterKitService[] = [];

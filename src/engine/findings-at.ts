import type { Finding } from "../model/finding.js";
import type { NetworkPolicyModel } from "../model/types.js";
import { fileFindings, type FileFindings } from "./file-findings.js";
import { OverlayMap } from "./overlay-map.js";
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
  const notIsolated = known ? notIsolatedOfDerived(ref, kitByName, known) : new Map<string, Finding[]>();
  if (!known) {
    for (const node of model.hierarchy.nodes.values()) {
      if (node.role !== "service") continue;
      const list = notIsolatedAt(node, kitByName.get(node.name), reach);
      if (list.length > 0) notIsolated.set(node.name, list);
    }
  }
  for (const list of notIsolated.values()) for (const f of list) findings.push(f);
  ref.remembered.notIsolated = notIsolated;
  return findings;
}

/**
 * The `not-isolated` findings of a derived ref, in the order of its namespaces (the base's order, as its
 * hierarchy is the base's): the base's outside `known.recheck`, worked out again inside it. Only those
 * and the namespaces that have findings are visited, not the 30,000 others.
 */
function notIsolatedOfDerived(
  ref: JudgedRef,
  kitByName: ReadonlyMap<string, StarterKitService>,
  known: { before: ReadonlyMap<string, Finding[]>; recheck: ReadonlySet<string> },
): Map<string, Finding[]> {
  const h = ref.model.hierarchy;
  const position = positionsOf(h.nodes);
  const rechecked: { at: number; name: string; list: Finding[] }[] = [];
  for (const name of known.recheck) {
    const node = h.get(name);
    if (!node || node.role !== "service") continue;
    const list = notIsolatedAt(node, kitByName.get(name), ref.reach);
    if (list.length > 0) rechecked.push({ at: position.get(name)!, name, list });
  }
  rechecked.sort((a, b) => a.at - b.at);
  const result = new Map<string, Finding[]>();
  let next = 0;
  for (const [name, list] of known.before) {
    if (known.recheck.has(name)) continue;
    const at = position.get(name)!;
    for (; next < rechecked.length && rechecked[next]!.at < at; next++) result.set(rechecked[next]!.name, rechecked[next]!.list);
    result.set(name, list);
  }
  for (; next < rechecked.length; next++) result.set(rechecked[next]!.name, rechecked[next]!.list);
  return result;
}

/** Each namespace's place in the order of a hierarchy's nodes (shared by the refs derived from it). */
const positions = new WeakMap<ReadonlyMap<string, unknown>, Map<string, number>>();

function positionsOf(nodes: ReadonlyMap<string, unknown>): Map<string, number> {
  const keys = OverlayMap.keysOf(nodes);
  let found = positions.get(keys);
  if (!found) {
    found = new Map();
    let i = 0;
    for (const name of keys.keys()) found.set(name, i++);
    positions.set(keys, found);
  }
  return found;
}

const NONE_POLICIES: readonly NetworkPolicyModel[] = [];

const NONE_SERVICES: readonly StarterKitService[] = [];

import type { NetpolGuardConfig } from "../config/schema.js";
import type { Model } from "./build-model.js";
import { concatAll } from "./concat-all.js";
import { countedPolicies, isCopy } from "./counted-policies.js";
import { hasPropagationFinding, propagationFindings } from "./hnc-propagation.js";
import { kitPoliciesOf, readKits, unitKitPolicies } from "./read-kits.js";
import { sameItems } from "./same-items.js";
import { canonicalJson } from "../model/canonical-json.js";
import { alignParseResults } from "./align-parse-results.js";
import { assembleModel } from "./assemble-model.js";
import { hierarchyShape, type HierarchyShape } from "./hierarchy-shape.js";
import { matchShapes } from "./match-shapes.js";
import { relocateHierarchy } from "./relocate-hierarchy.js";
import { sameLocation } from "./same-location.js";
import { findingsOfDerived } from "./findings-at.js";
import { judgeRef, type JudgedRef } from "./judged-ref.js";
import type { ParsedFiles } from "./parse-files.js";
import { Reachability } from "./reachability.js";
import type { KitModules } from "./read-kit-modules.js";
import type { ManifestFileResult, NetworkPolicyModel, SourceLocation } from "../model/types.js";

/**
 * The model of a ref derived from the judged ref of another (the base of a pull request and its next
 * push), when both have the same config and the files that differ leave the hierarchy's shape alone:
 * the same namespaces, parents, companies and labels, HNC configuration untouched, nothing only mentioned
 * appearing or going, no committed HNC copy involved, no file that fails to parse. Then the hierarchy and
 * its label index are the base's (with the declaration places of moved lines updated), only the policies of
 * the namespaces the changed files declare policies for are regrouped, and reachability, findings and the
 * connectivity diff are recomputed only where those policies apply. Otherwise the reason it cannot be
 * derived: the caller builds the model in full and records the reason on the ref it builds.
 */
export function deriveRef(baseRef: JudgedRef, parsed: ParsedFiles, config: NetpolGuardConfig): JudgedRef | string {
function unreadable(model: { digests: Map<string, string>; texts: Map<string, string> }): string {
  const list: string[] = [];
  for (const [path, digest] of model.digests) if (!model.texts.has(path)) list.push(`${path}\u0000${digest}`);
  return list.join("\u0001");
}

function hasParseError(problems: readonly { rule: string }[]): boolean {
  return problems.some((p) => p.rule === "parse-error");
}

  const bm: Model = baseRef.model;
  const bp = bm.parts;
  if (bm.config !== config && canonicalJson(bm.config) !== canonicalJson(config)) return "the config differs";
  if (unreadable(bm) !== unreadable(parsed)) return "unreadable files differ";
  const manifestGaps = alignParseResults(bp.parsed.manifests, parsed.manifests);
  const terraformGaps = alignParseResults(bp.parsed.terraform, parsed.terraform);
  if (!manifestGaps || !terraformGaps) return "files are in another order";

  const memo = bm.memo;
  const { unitKits, kits } = readKits(parsed, config, memo);
  const baseKits: KitModules[] = [];
  const headKits: KitModules[] = [];
  const baseFiles: ManifestFileResult[] = [];
  const headFiles: ManifestFileResult[] = [];
  // Each declaration place of the base's changed files, and the same declaration's place at the head.
  const moved = new Map<SourceLocation, SourceLocation>();
  const names = new Set<string>();
  const compare = (before: HierarchyShape, after: HierarchyShape): string | null => {
    const why = matchShapes(before, after, moved);
    if (why === null) for (const n of before.names) names.add(n);
    return why;
  };

  for (const gap of terraformGaps) {
    const before = bp.unitKits.slice(...gap.base);
    const after = unitKits.slice(...gap.head);
    for (const t of [...bp.parsed.terraform.slice(...gap.base), ...parsed.terraform.slice(...gap.head)]) {
      if (hasParseError(t.problems)) return "a changed Terraform directory does not parse";
    }
    const why = compare(hierarchyShape(before, []), hierarchyShape(after, []));
    if (why) return why;
    baseKits.push(...before);
    headKits.push(...after);
  }
  for (const gap of manifestGaps) {
    const before = bp.parsed.manifests.slice(...gap.base);
    const after = parsed.manifests.slice(...gap.head);
    for (const m of [...before, ...after]) {
      if (hasParseError(m.problems)) return "a changed manifest does not parse";
      if (m.hncConfigs.length > 0) return "the HNC configuration is in a changed file";
      // Tiered policies apply across namespaces: their change is judged on a model built in full.
      if (m.tieredPolicies.length > 0) return "a changed file holds a ClusterNetworkPolicy or admin network policy";
      for (const mention of m.namespaceMentions) {
        if (!bm.hierarchy.has(mention.name) || bm.hierarchy.mentionedOnly.has(mention.name)) return `namespace ${mention.name} is only mentioned`;
      }
      if (m.policies.some(isCopy)) return "a changed file holds a committed HNC copy";
    }
    if (bp.hasCopies) {
      const declared = (files: ManifestFileResult[]): string => files.flatMap((m) => m.policies.map((p) => `${p.namespace}/${p.name}`)).sort().join("\n");
      if (declared(before) !== declared(after)) return "policies come or go while committed HNC copies exist";
    }
    const why = compare(hierarchyShape([], before), hierarchyShape([], after));
    if (why) return why;
    baseFiles.push(...before);
    headFiles.push(...after);
  }
  let hierarchyFindingLocations = bp.hierarchyFindingLocations;
  if (moved.size > 0) {
    const places = new Set<SourceLocation>();
    for (const was of bp.hierarchyFindingLocations) {
      const now = moved.get(was);
      if (now !== undefined && !sameLocation(was, now)) return "a hierarchy finding's declaration moved";
      places.add(now ?? was);
    }
    hierarchyFindingLocations = places;
  }

  // The same shape: the base's hierarchy, its nodes pointing at the head's declarations (which may have
  // moved to other lines).
  const { hierarchy, relocated } = relocateHierarchy(bm.hierarchy, names, moved);

  // Policies: regrouped for the namespaces the changed files declare policies in.
  const { unitPolicies, hasCopies } = countedPolicies(parsed.manifests);
  const manifestPolicies = concatAll(unitPolicies);
  const kitPolicies = (): NetworkPolicyModel[] => concatAll(unitKits.map((k) => unitKitPolicies(k, config.sharedNamespaces, memo)));
  const regrouped = new Set<string>();
  const rechecked = new Set<string>(relocated);
  for (const m of [...baseFiles, ...headFiles]) for (const p of m.policies) regrouped.add(p.namespace);
  for (const k of [...baseKits, ...headKits]) {
    for (const s of k.services) {
      regrouped.add(s.name);
      rechecked.add(s.name);
    }
  }
  const lists = new Map<string, NetworkPolicyModel[]>();
  const add = (p: NetworkPolicyModel): void => {
    if (!regrouped.has(p.namespace)) return;
    let list = lists.get(p.namespace);
    if (!list) lists.set(p.namespace, (list = []));
    list.push(p);
  };
  for (const p of manifestPolicies) add(p);
  for (const s of kits.services) if (regrouped.has(s.name)) for (const p of kitPoliciesOf(s, config.sharedNamespaces, memo)) add(p);
  const policiesByNamespace = new Map(bm.policiesByNamespace);
  // Namespaces whose own or inherited policies may differ: their reachability is worked out again.
  const changed = new Set<string>();
  for (const namespace of regrouped) {
    const list = lists.get(namespace);
    if (list) policiesByNamespace.set(namespace, list);
    else policiesByNamespace.delete(namespace);
    if (sameItems(bm.policiesByNamespace.get(namespace) ?? NO_POLICIES, list ?? NO_POLICIES)) continue;
    changed.add(namespace);
    for (const n of hierarchy.subtree(namespace)) changed.add(n);
  }
  for (const n of changed) rechecked.add(n);

  // What only manifests declare: the base's lists when no changed file declares any on either side.
  const changedFiles = [...baseFiles, ...headFiles];
  const same = <T>(baseList: T[], pick: (m: ManifestFileResult) => T[]): T[] =>
    changedFiles.every((m) => pick(m).length === 0) ? baseList : concatAll(parsed.manifests.map(pick));
  const annotations = changedFiles.some((m) => m.policies.some((p) => hasPropagationFinding(p, bm.propagationMode, memo)))
    ? propagationFindings(manifestPolicies, hierarchy, bm.propagationMode, memo)
    : bp.propagationFindings;

  const model = assembleModel({
    config,
    parsed,
    memo,
    hierarchy,
    index: bm.index,
    unitKits,
    kits,
    unitPolicies,
    hasCopies,
    manifestPolicies,
    kitPolicies,
    policiesByNamespace,
    propagationMode: bm.propagationMode,
    hncConfigs: bm.hncConfigs,
    hncParents: same(bm.hncParents, (m) => m.hncParents),
    namespaceManifests: same(bm.namespaceManifests, (m) => m.namespaces),
    otherObjects: same(bm.otherObjects, (m) => m.otherObjects),
    hierarchyFindings: bp.hierarchyFindings,
    hierarchyFindingLocations,
    hncFindings: bp.hncFindings,
    propagationFindings: annotations,
  });
  const ref = judgeRef(model, Reachability.derived(model, baseRef.reach, changed), { base: new WeakRef(baseRef), changed });
  ref.remembered.findings = findingsOfDerived(ref, baseRef, rechecked);
  return ref;
}

const NO_POLICIES: readonly NetworkPolicyModel[] = [];

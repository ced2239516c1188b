import type { Finding } from "../model/finding.js";
import type { NetworkPolicyModel, SourceLocation } from "../model/types.js";
import type { Model } from "./build-model.js";
import { propagation } from "./hnc-propagation.js";
import type { ParsedFiles } from "./parse-files.js";
import type { KitModules } from "./read-kit-modules.js";

/** What a model is made of, however it was worked out (built in full, or derived from another ref). */
export interface ModelSources
  extends Pick<
    Model,
    | "config"
    | "memo"
    | "hierarchy"
    | "index"
    | "manifestPolicies"
    | "policiesByNamespace"
    | "propagationMode"
    | "hncConfigs"
    | "hncParents"
    | "namespaceManifests"
    | "otherObjects"
  > {
  parsed: ParsedFiles;
  /**
   * The policies the starter-kit modules generate, or how to list them: a derived ref's judgement never
   * reads the whole list (120,000 policies at 30,000 services), so it is put together only when asked for.
   */
  kitPolicies: NetworkPolicyModel[] | (() => NetworkPolicyModel[]);
  /** The kit modules of each Terraform directory, aligned with `parsed.terraform`, and all of them together. */
  unitKits: KitModules[];
  kits: KitModules;
  /** The counted policies of each manifest file, aligned with `parsed.manifests`, and whether any is a committed HNC copy. */
  unitPolicies: NetworkPolicyModel[][];
  hasCopies: boolean;
  hierarchyFindings: Finding[];
  hierarchyFindingLocations: ReadonlySet<SourceLocation>;
  hncFindings: Finding[];
  propagationFindings: Finding[];
}

/**
 * The one place a Model is put together: its findings in their fixed order (reading, kits, hierarchy, HNC
 * configuration, propagation annotations), HNC propagation over its label index, and the parts a later ref
 * is derived from.
 */
export function assembleModel(s: ModelSources): Model {
  const kitPolicies = s.kitPolicies;
  let kitList = typeof kitPolicies === "function" ? null : kitPolicies;
  return {
    config: s.config,
    hierarchy: s.hierarchy,
    index: s.index,
    services: s.kits.services,
    teams: s.kits.teams,
    manifestPolicies: s.manifestPolicies,
    get kitPolicies() {
      return (kitList ??= (kitPolicies as () => NetworkPolicyModel[])());
    },
    policiesByNamespace: s.policiesByNamespace,
    propagationMode: s.propagationMode,
    hncConfigs: s.hncConfigs,
    hncParents: s.hncParents,
    namespaceManifests: s.namespaceManifests,
    otherObjects: s.otherObjects,
    findings: [...s.parsed.findings, ...s.kits.findings, ...s.hierarchyFindings, ...s.hncFindings, ...s.propagationFindings],
    digests: s.parsed.digests,
    texts: s.parsed.texts,
    propagatesTo: propagation(s.index, s.propagationMode, s.memo),
    parts: {
      parsed: s.parsed,
      unitKits: s.unitKits,
      unitPolicies: s.unitPolicies,
      hasCopies: s.hasCopies,
      hierarchyFindings: s.hierarchyFindings,
      hierarchyFindingLocations: s.hierarchyFindingLocations,
      hncFindings: s.hncFindings,
      propagationFindings: s.propagationFindings,
    },
    memo: s.memo,
  };
}

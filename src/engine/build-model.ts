import type { NetpolGuardConfig } from "../config/schema.js";
import type { Finding } from "../model/finding.js";
import type {
  HncConfigDeclaration,
  HncParentDeclaration,
  ManifestFileResult,
  NamespaceManifest,
  NetworkPolicyModel,
  SourceLocation,
} from "../model/types.js";
import { assembleModel } from "./assemble-model.js";
import { buildHierarchy, type Hierarchy } from "./build-hierarchy.js";
import { concatAll } from "./concat-all.js";
import { countedPolicies } from "./counted-policies.js";
import { propagationFindings, readHncConfigs, type PropagationMode } from "./hnc-propagation.js";
import { NamespaceIndex } from "./namespace-index.js";
import type { ParsedFiles } from "./parse-files.js";
import type { ParseMemo } from "./parse-memo.js";
import type { KitModules, StarterKitService, TeamKit } from "./read-kit-modules.js";
import { readKits, unitKitPolicies } from "./read-kits.js";

/**
 * What a model was assembled from, kept so that the next ref can be derived from it (see derive-ref.ts):
 * the parse results in order, each unit's share of the model, and the findings that are not per unit.
 */
export interface ModelParts {
  parsed: ParsedFiles;
  /** The kit modules of each Terraform directory, aligned with `parsed.terraform`. */
  unitKits: KitModules[];
  /** The counted policies of each manifest file, aligned with `parsed.manifests`. */
  unitPolicies: NetworkPolicyModel[][];
  /** Whether any manifest policy is a committed HNC copy (`hnc.x-k8s.io/inherited-from` another namespace). */
  hasCopies: boolean;
  hierarchyFindings: Finding[];
  /** The declaration places that hierarchy findings quote. */
  hierarchyFindingLocations: ReadonlySet<SourceLocation>;
  hncFindings: Finding[];
  /** Findings about HNC propagation annotations (see `propagationFindings`). */
  propagationFindings: Finding[];
}

/** Everything netpol-guard knows about one ref. */
export interface Model {
  config: NetpolGuardConfig;
  hierarchy: Hierarchy;
  index: NamespaceIndex;
  services: StarterKitService[];
  teams: TeamKit[];
  /** Policies declared in manifests (committed HNC copies of a source present in the repo left out). */
  manifestPolicies: NetworkPolicyModel[];
  /** Policies the starter-kit modules generate. */
  kitPolicies: NetworkPolicyModel[];
  /** Every policy by the namespace it is declared in. */
  policiesByNamespace: Map<string, NetworkPolicyModel[]>;
  propagationMode: PropagationMode;
  hncConfigs: HncConfigDeclaration[];
  hncParents: HncParentDeclaration[];
  namespaceManifests: NamespaceManifest[];
  otherObjects: ManifestFileResult["otherObjects"];
  /** What reading the ref found: parse errors, unresolvable values, invalid policies, hierarchy conflicts. */
  findings: Finding[];
  digests: Map<string, string>;
  texts: Map<string, string>;
  /** Whether `policy` (declared in an ancestor) is copied into `namespace` by HNC. */
  propagatesTo(policy: NetworkPolicyModel, namespace: string): boolean;
  parts: ModelParts;
  /** What is derived from this ref's parse results, shared with every ref built from the same parse cache. */
  memo: ParseMemo;
}

/** Builds the model of a ref from its parsed files: hierarchy, policies and their propagation. */
export function buildModel(parsed: ParsedFiles, config: NetpolGuardConfig, memo: ParseMemo): Model {
  const { unitKits, kits } = readKits(parsed, config, memo);
  const manifests = parsed.manifests;
  const hncParents = concatAll(manifests.map((m) => m.hncParents));
  const namespaceManifests = concatAll(manifests.map((m) => m.namespaces));
  const built = buildHierarchy({
    teams: kits.teams,
    services: kits.services,
    hncParents,
    namespaceManifests,
    namespaceMentions: concatAll(manifests.map((m) => m.namespaceMentions)),
    sharedNamespaces: config.sharedNamespaces,
    hncExcludedNamespaces: config.hncExcludedNamespaces,
  });
  const hierarchy = built.hierarchy;
  const index = new NamespaceIndex(hierarchy);

  const hncConfigs = concatAll(manifests.map((m) => m.hncConfigs));
  const hnc = readHncConfigs(hncConfigs);
  const propagationMode = hnc.mode;

  const { unitPolicies, hasCopies } = countedPolicies(manifests);
  const manifestPolicies = concatAll(unitPolicies);
  const kitPolicies = concatAll(unitKits.map((k) => unitKitPolicies(k, config.sharedNamespaces, memo)));
  return assembleModel({
    config,
    parsed,
    memo,
    hierarchy,
    index,
    unitKits,
    kits,
    unitPolicies,
    hasCopies,
    manifestPolicies,
    kitPolicies,
    policiesByNamespace: groupByNamespace(manifestPolicies, kitPolicies),
    propagationMode,
    hncConfigs,
    hncParents,
    namespaceManifests,
    otherObjects: concatAll(manifests.map((m) => m.otherObjects)),
    hierarchyFindings: built.findings,
    hierarchyFindingLocations: built.findingLocations,
    hncFindings: hnc.findings,
    propagationFindings: propagationFindings(manifestPolicies, hierarchy, propagationMode, memo),
  });
}

/** Policies by the namespace they are declared in: manifest policies first, then generated ones, in order. */
function groupByNamespace(manifestPolicies: NetworkPolicyModel[], kitPolicies: NetworkPolicyModel[]): Map<string, NetworkPolicyModel[]> {
  const byNamespace = new Map<string, NetworkPolicyModel[]>();
  for (const list of [manifestPolicies, kitPolicies]) {
    for (const p of list) {
      let policies = byNamespace.get(p.namespace);
      if (!policies) byNamespace.set(p.namespace, (policies = []));
      policies.push(p);
    }
  }
  return byNamespace;
}

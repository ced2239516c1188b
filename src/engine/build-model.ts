import type { NetpolGuardConfig } from "../config/schema.js";
import { matchesModuleSource } from "../config/parse-config.js";
import { assembleModel } from "./assemble-model.js";
import { buildHierarchy, type Hierarchy } from "./build-hierarchy.js";
import { makeFinding, type Finding } from "../model/finding.js";
import { generateKitPolicies } from "./generate-kit-policies.js";
import { NamespaceIndex } from "./namespace-index.js";
import { setHas } from "../model/namespace-set.js";
import { parseLabelSelector } from "./parse-label-selector.js";
import type { ParsedFiles } from "./parse-files.js";
import type { ParseMemo } from "./parse-memo.js";
import { readKitModules, type KitMatchers, type KitModules, type StarterKitService, type TeamKit } from "./read-kit-modules.js";
import type {
  TerraformResult,
  HncConfigDeclaration,
  HncParentDeclaration,
  ManifestFileResult,
  NamespaceManifest,
  NetworkPolicyModel,
  Selector,
  SourceLocation,
} from "../model/types.js";

export const INHERITED_FROM_LABEL = "hnc.x-k8s.io/inherited-from";
const SELECT_ANNOTATION = "propagate.hnc.x-k8s.io/select";
const TREE_SELECT_ANNOTATION = "propagate.hnc.x-k8s.io/treeSelect";
const NONE_ANNOTATION = "propagate.hnc.x-k8s.io/none";

export type PropagationMode = HncConfigDeclaration["networkPolicyMode"];

/** Where a policy in an ancestor namespace may be copied to, per HNC's exception annotations. */
interface PropagationFilter {
  enabled: boolean;
  selector: Selector | null;
}

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

/** The kit modules of every Terraform directory of a ref, in order, and their concatenation. */
export function readKits(parsed: ParsedFiles, config: NetpolGuardConfig, memo: ParseMemo): { unitKits: KitModules[]; kits: KitModules } {
  const matchers = kitMatchers(config);
  // Read per directory and remembered per parse result: an unchanged directory is read once for all refs.
  const unitKits = parsed.terraform.map((t) => readDirectoryKits(t, matchers, memo));
  const kits: KitModules = { services: [], teams: [], filters: [], findings: [] };
  for (const read of unitKits) {
    for (const s of read.services) kits.services.push(s);
    for (const t of read.teams) kits.teams.push(t);
    for (const f of read.filters) kits.filters.push(f);
    for (const f of read.findings) kits.findings.push(f);
  }
  return { unitKits, kits };
}

/**
 * The policies of each manifest file that count: a committed HNC copy is the same object as its source, so
 * it is left out when its source is in the repository.
 */
export function countedPolicies(manifests: ManifestFileResult[]): { unitPolicies: NetworkPolicyModel[][]; hasCopies: boolean } {
  const hasCopies = manifests.some((m) => m.policies.some(isCopy));
  if (!hasCopies) return { unitPolicies: manifests.map((m) => m.policies), hasCopies };
  const declared = new Set<string>();
  for (const m of manifests) for (const p of m.policies) declared.add(`${p.namespace}/${p.name}`);
  const unitPolicies = manifests.map((m) =>
    m.policies.filter((p) => !isCopy(p) || !declared.has(`${p.labels[INHERITED_FROM_LABEL]}/${p.name}`)),
  );
  return { unitPolicies, hasCopies };
}

/** Whether a manifest policy says it is HNC's copy of a policy of another namespace. */
export function isCopy(policy: NetworkPolicyModel): boolean {
  const from = policy.labels[INHERITED_FROM_LABEL];
  return from !== undefined && from !== policy.namespace;
}

/** The policies every kit module of one directory generates, in order. */
export function unitKitPolicies(kits: KitModules, sharedNamespaces: string[], memo: ParseMemo): NetworkPolicyModel[] {
  const shared = sharedNamespaces.join(",");
  const hit = memo.policiesOfUnit.get(kits);
  if (hit && hit.shared === shared) return hit.value;
  const policies: NetworkPolicyModel[] = [];
  for (const s of kits.services) for (const p of kitPoliciesOf(s, sharedNamespaces, memo)) policies.push(p);
  memo.policiesOfUnit.set(kits, { shared, value: policies });
  return policies;
}

/** The HNCConfiguration in force, and an error for each extra declaration of the singleton. */
export function readHncConfigs(hncConfigs: HncConfigDeclaration[]): { mode: PropagationMode; findings: Finding[] } {
  const findings: Finding[] = [];
  const mode: PropagationMode = hncConfigs.length > 0 ? hncConfigs[hncConfigs.length - 1]!.networkPolicyMode : null;
  if (hncConfigs.length > 1) {
    const [first, ...rest] = hncConfigs;
    for (const other of rest) {
      findings.push(
        makeFinding({
          rule: "company-mismatch",
          severity: "error",
          location: other.location,
          namespace: null,
          message: `HNCConfiguration is a cluster singleton but is declared again here (first at ${first!.location.file}:${first!.location.line}); the last one is used.`,
          key: `company-mismatch|hncconfig|${other.fingerprint}`,
        }),
      );
    }
  }
  return { mode, findings };
}

/** Findings about the propagation annotations of the manifest policies that have descendants to reach. */
export function propagationFindings(manifestPolicies: NetworkPolicyModel[], hierarchy: Hierarchy, mode: PropagationMode, memo: ParseMemo): Finding[] {
  const findings: Finding[] = [];
  for (const p of manifestPolicies) {
    if (!hierarchy.get(p.namespace)?.children.length) continue;
    const finding = filterOf(p, mode, memo).finding;
    if (finding) findings.push(finding);
  }
  return findings;
}

/** Whether a policy's propagation annotations cannot be read (a finding wherever it has descendants). */
export function hasPropagationFinding(policy: NetworkPolicyModel, mode: PropagationMode, memo: ParseMemo): boolean {
  return filterOf(policy, mode, memo).finding !== null;
}

/** `propagatesTo` of a model: HNC's exception annotations, resolved against the ref's labels. */
export function propagation(index: NamespaceIndex, mode: PropagationMode, memo: ParseMemo): (policy: NetworkPolicyModel, namespace: string) => boolean {
  return (policy, namespace) => {
    const { filter } = filterOf(policy, mode, memo);
    if (!filter.enabled) return false;
    if (filter.selector === null) return true;
    return setHas(index.resolve(filter.selector), namespace);
  };
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

/** The items of every list, in order (faster than `flatMap` on many short lists). */
export function concatAll<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (const list of lists) for (const item of list) out.push(item);
  return out;
}

/** Whether two lists hold the same objects in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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

/** Where a policy propagates under one mode, and the finding when its annotations cannot be read. */
export interface PropagationReading {
  filter: PropagationFilter;
  finding: Finding | null;
}

/** Where a policy propagates under `mode` (remembered per policy: refs share their unchanged policies). */
function filterOf(policy: NetworkPolicyModel, mode: PropagationMode, memo: ParseMemo): PropagationReading {
  let byMode = memo.propagationOfPolicy.get(policy);
  if (!byMode) memo.propagationOfPolicy.set(policy, (byMode = new Map()));
  let hit = byMode.get(mode);
  if (!hit) {
    const found: Finding[] = [];
    hit = { filter: propagationFilter(policy, mode, found), finding: found[0] ?? null };
    byMode.set(mode, hit);
  }
  return hit;
}

function propagationFilter(policy: NetworkPolicyModel, mode: PropagationMode, findings: Finding[]): PropagationFilter {
  if (policy.origin.kind !== "manifest") return { enabled: false, selector: null };
  const a = policy.annotations;
  const hasException = a[SELECT_ANNOTATION] !== undefined || a[TREE_SELECT_ANNOTATION] !== undefined;
  if (a[NONE_ANNOTATION] === "true") return { enabled: false, selector: null };
  if (mode !== "Propagate" && !(mode === "AllowPropagate" && hasException)) return { enabled: false, selector: null };
  const requirements: Selector["requirements"] = [];
  const select = a[SELECT_ANNOTATION];
  if (select !== undefined) {
    const parsed = parseLabelSelector(select);
    if ("error" in parsed) {
      findings.push(
        makeFinding({
          rule: "unresolvable",
          severity: "error",
          location: policy.location,
          namespace: policy.namespace,
          message: `${policy.namespace}/${policy.name}: ${SELECT_ANNOTATION} \`${select}\` cannot be read (${parsed.error}); it is treated as propagating everywhere.`,
          key: `unresolvable|select|${policy.fingerprint}`,
        }),
      );
    } else requirements.push(...parsed.requirements);
  }
  const treeSelect = a[TREE_SELECT_ANNOTATION];
  if (treeSelect !== undefined) {
    for (const item of treeSelect.split(",").map((s) => s.trim()).filter(Boolean)) {
      const negated = item.startsWith("!");
      const name = negated ? item.slice(1).trim() : item;
      requirements.push({ key: `${name}.tree.hnc.x-k8s.io/depth`, operator: negated ? "DoesNotExist" : "Exists", values: [] });
    }
  }
  return { enabled: true, selector: requirements.length > 0 ? { requirements } : null };
}

/** Kit matchers for a config, with each distinct `source` string matched once. */
function kitMatchers(config: NetpolGuardConfig): KitMatchers & { key: string } {
  const memo = (pattern: string): ((source: string) => boolean) => {
    const seen = new Map<string, boolean>();
    return (source) => {
      let hit = seen.get(source);
      if (hit === undefined) seen.set(source, (hit = matchesModuleSource(pattern, source)));
      return hit;
    };
  };
  return {
    key: `${config.starterKit.source}\u0000${config.teamKit.source}`,
    isStarterKit: memo(config.starterKit.source),
    isTeamKit: memo(config.teamKit.source),
  };
}

/** The kit modules of one parsed directory (parse results are shared between refs by the parse cache). */
function readDirectoryKits(result: TerraformResult, matchers: KitMatchers & { key: string }, memo: ParseMemo): KitModules {
  let byMatchers = memo.kitsOfDirectory.get(result);
  if (!byMatchers) memo.kitsOfDirectory.set(result, (byMatchers = new Map()));
  let kits = byMatchers.get(matchers.key);
  if (!kits) byMatchers.set(matchers.key, (kits = readKitModules(result.modules, matchers)));
  return kits;
}

/** The policies a starter-kit module generates, remembered per module read. */
export function kitPoliciesOf(service: StarterKitService, sharedNamespaces: string[], memo: ParseMemo): NetworkPolicyModel[] {
  const shared = sharedNamespaces.join(",");
  const hit = memo.policiesOfService.get(service);
  if (hit && hit.shared === shared) return hit.value;
  const policies = generateKitPolicies(service, sharedNamespaces);
  memo.policiesOfService.set(service, { shared, value: policies });
  return policies;
}

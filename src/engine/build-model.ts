import type { NetpolGuardConfig } from "../config/schema.js";
import { matchesModuleSource } from "../config/parse-config.js";
import { buildHierarchy, type Hierarchy } from "./build-hierarchy.js";
import { makeFinding, type Finding } from "./finding.js";
import { generateKitPolicies } from "./generate-kit-policies.js";
import { NamespaceIndex } from "./namespace-index.js";
import { setHas } from "./namespace-set.js";
import { parseLabelSelector } from "./parse-label-selector.js";
import type { ParsedFiles } from "./parse-files.js";
import { readKitModules, type KitMatchers, type KitModules, type StarterKitService, type TeamKit } from "./read-kit-modules.js";
import type {
  TerraformResult,
  HncConfigDeclaration,
  HncParentDeclaration,
  ManifestFileResult,
  NamespaceManifest,
  NetworkPolicyModel,
  Selector,
} from "./types.js";

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
}

/** Builds the model of a ref from its parsed files: hierarchy, policies and their propagation. */
export function buildModel(parsed: ParsedFiles, config: NetpolGuardConfig): Model {
  const findings: Finding[] = [...parsed.findings];
  const matchers = kitMatchers(config);
  // Read per directory and remembered per parse result: an unchanged directory is read once for all refs.
  const kits: KitModules = { services: [], teams: [], findings: [] };
  for (const t of parsed.terraform) {
    const read = readDirectoryKits(t, matchers);
    kits.services.push(...read.services);
    kits.teams.push(...read.teams);
    kits.findings.push(...read.findings);
  }
  findings.push(...kits.findings);

  const manifests = parsed.manifests;
  const hncParents = manifests.flatMap((m) => m.hncParents);
  const namespaceManifests = manifests.flatMap((m) => m.namespaces);
  const { hierarchy, findings: hierarchyFindings } = buildHierarchy({
    teams: kits.teams,
    services: kits.services,
    hncParents,
    namespaceManifests,
    namespaceMentions: manifests.flatMap((m) => m.namespaceMentions),
    sharedNamespaces: config.sharedNamespaces,
  });
  findings.push(...hierarchyFindings);
  const index = new NamespaceIndex(hierarchy);

  const hncConfigs = manifests.flatMap((m) => m.hncConfigs);
  const propagationMode: PropagationMode = hncConfigs.length > 0 ? hncConfigs[hncConfigs.length - 1]!.networkPolicyMode : null;
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

  const allManifestPolicies = manifests.flatMap((m) => m.policies);
  const declared = new Set(allManifestPolicies.map((p) => `${p.namespace}/${p.name}`));
  // A committed HNC copy is the same object as its source: count the source once.
  const manifestPolicies = allManifestPolicies.filter((p) => {
    const from = p.labels[INHERITED_FROM_LABEL];
    return from === undefined || from === p.namespace || !declared.has(`${from}/${p.name}`);
  });
  const kitPolicies = kits.services.flatMap((s) => kitPoliciesOf(s, config.sharedNamespaces));

  const policiesByNamespace = new Map<string, NetworkPolicyModel[]>();
  for (const p of [...manifestPolicies, ...kitPolicies]) {
    let list = policiesByNamespace.get(p.namespace);
    if (!list) policiesByNamespace.set(p.namespace, (list = []));
    list.push(p);
  }

  const filters = new Map<NetworkPolicyModel, PropagationFilter>();
  const filterOf = (policy: NetworkPolicyModel): PropagationFilter => {
    let filter = filters.get(policy);
    if (filter) return filter;
    filter = propagationFilter(policy, propagationMode, findings);
    filters.set(policy, filter);
    return filter;
  };
  for (const p of manifestPolicies) if (hierarchy.get(p.namespace)?.children.length) filterOf(p);

  const propagatesTo = (policy: NetworkPolicyModel, namespace: string): boolean => {
    const filter = filterOf(policy);
    if (!filter.enabled) return false;
    if (filter.selector === null) return true;
    return setHas(index.resolve(filter.selector), namespace);
  };

  return {
    config,
    hierarchy,
    index,
    services: kits.services,
    teams: kits.teams,
    manifestPolicies,
    kitPolicies,
    policiesByNamespace,
    propagationMode,
    hncConfigs,
    hncParents,
    namespaceManifests,
    otherObjects: manifests.flatMap((m) => m.otherObjects),
    findings,
    digests: parsed.digests,
    texts: parsed.texts,
    propagatesTo,
  };
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

const kitsOfDirectory = new WeakMap<TerraformResult, Map<string, KitModules>>();

/** The kit modules of one parsed directory (parse results are shared between refs by the parse cache). */
function readDirectoryKits(result: TerraformResult, matchers: KitMatchers & { key: string }): KitModules {
  let byMatchers = kitsOfDirectory.get(result);
  if (!byMatchers) kitsOfDirectory.set(result, (byMatchers = new Map()));
  let kits = byMatchers.get(matchers.key);
  if (!kits) byMatchers.set(matchers.key, (kits = readKitModules(result.modules, matchers)));
  return kits;
}

const policiesOfService = new WeakMap<StarterKitService, { shared: string; policies: NetworkPolicyModel[] }>();

/** The policies a starter-kit module generates, remembered per module read. */
function kitPoliciesOf(service: StarterKitService, sharedNamespaces: string[]): NetworkPolicyModel[] {
  const shared = sharedNamespaces.join(",");
  const hit = policiesOfService.get(service);
  if (hit && hit.shared === shared) return hit.policies;
  const policies = generateKitPolicies(service, sharedNamespaces);
  policiesOfService.set(service, { shared, policies });
  return policies;
}

import { makeFinding, type Finding } from "../model/finding.js";
import { setHas } from "../model/namespace-set.js";
import type { HncConfigDeclaration, NetworkPolicyModel, Selector } from "../model/types.js";
import type { Hierarchy } from "./build-hierarchy.js";
import type { NamespaceIndex } from "./namespace-index.js";
import { parseLabelSelector } from "./parse-label-selector.js";
import type { ParseMemo } from "./parse-memo.js";

// HNC's propagation of NetworkPolicies: the HNCConfiguration in force and each policy's exception annotations.

const SELECT_ANNOTATION = "propagate.hnc.x-k8s.io/select";

const TREE_SELECT_ANNOTATION = "propagate.hnc.x-k8s.io/treeSelect";

const NONE_ANNOTATION = "propagate.hnc.x-k8s.io/none";

export type PropagationMode = HncConfigDeclaration["networkPolicyMode"];

/** Where a policy in an ancestor namespace may be copied to, per HNC's exception annotations. */
interface PropagationFilter {
  enabled: boolean;
  selector: Selector | null;
}

/** Where a policy propagates under one mode, and the finding when its annotations cannot be read. */
export interface PropagationReading {
  filter: PropagationFilter;
  finding: Finding | null;
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

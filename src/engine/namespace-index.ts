import { NAME_LABEL, TREE_LABEL_SUFFIX, type Hierarchy } from "./build-hierarchy.js";
import { EVERYTHING, intersectSets, phantomId, type NamespaceSet } from "./namespace-set.js";
import type { Requirement, Selector } from "./types.js";

const keys = new WeakMap<Selector, string>();

/** A canonical text for a selector, usable as a cache key (remembered per selector object). */
export function selectorKey(selector: Selector): string {
  let key = keys.get(selector);
  if (key === undefined) {
    key = computeSelectorKey(selector);
    keys.set(selector, key);
  }
  return key;
}

function computeSelectorKey(selector: Selector): string {
  return selector.requirements
    .map((r) => `${r.key}\u0000${r.operator}\u0000${[...r.values].sort().join("\u0001")}`)
    .sort()
    .join("\u0002");
}

/**
 * Answers "which namespaces does this selector match?" from an index of labels, never by scanning every
 * namespace for every selector. Namespaces that do not exist yet take part as phantoms: one per company
 * (a namespace created later under it, carrying HNC's tree labels) and one outside every tree. Phantoms
 * carry only labels the system sets; a label a person adds later comes with a change that is judged then.
 */
export class NamespaceIndex {
  /** label key -> label value -> namespaces. */
  private readonly byLabel = new Map<string, Map<string, string[]>>();
  /** label key -> every namespace having it. */
  private readonly byKey = new Map<string, string[]>();
  private readonly cache = new Map<string, NamespaceSet>();
  readonly phantoms: string[];

  constructor(readonly hierarchy: Hierarchy) {
    for (const node of hierarchy.nodes.values()) {
      for (const [key, value] of Object.entries(node.labels)) {
        let values = this.byLabel.get(key);
        if (!values) this.byLabel.set(key, (values = new Map()));
        let names = values.get(value);
        if (!names) values.set(value, (names = []));
        names.push(node.name);
        let all = this.byKey.get(key);
        if (!all) this.byKey.set(key, (all = []));
        all.push(node.name);
      }
    }
    this.phantoms = [phantomId(null), ...hierarchy.companies.map((c) => phantomId(c))];
  }

  /** The namespaces (and phantoms) a selector matches. An empty selector matches every namespace. */
  resolve(selector: Selector): NamespaceSet {
    if (selector.requirements.length === 0) return EVERYTHING;
    const key = selectorKey(selector);
    const cached = this.cache.get(key);
    if (cached) return cached;
    let result: NamespaceSet = EVERYTHING;
    for (const requirement of selector.requirements) {
      result = intersectSets(result, this.resolveRequirement(requirement));
      if (result.kind === "finite" && result.names.size === 0) break;
    }
    this.cache.set(key, result);
    return result;
  }

  private knownMatches(key: string, operator: "In" | "Exists", values: string[]): string[] {
    if (operator === "Exists") return this.byKey.get(key) ?? [];
    const byValue = this.byLabel.get(key);
    if (!byValue) return [];
    const result: string[] = [];
    for (const v of new Set(values)) {
      const names = byValue.get(v);
      if (names) for (const n of names) result.push(n);
    }
    return result;
  }

  private resolveRequirement(r: Requirement): NamespaceSet {
    if (r.key === NAME_LABEL && r.operator === "Exists") return EVERYTHING;
    // By name: known namespaces only, never a phantom (a new namespace has a fresh name).
    if (r.key === NAME_LABEL && r.operator === "In") return { kind: "finite", names: new Set(r.values.filter((v) => this.hierarchy.has(v))) };
    const positive = r.operator === "In" || r.operator === "Exists";
    const known = this.knownMatches(r.key, r.operator === "In" || r.operator === "NotIn" ? "In" : "Exists", r.values);
    if (positive) {
      const names = new Set(known);
      for (const p of this.phantoms) if (this.phantomMayMatch(p, r)) names.add(p);
      return { kind: "finite", names };
    }
    const except = new Set(known);
    for (const p of this.phantoms) if (!this.phantomMayMatch(p, r)) except.add(p);
    return { kind: "cofinite", except };
  }

  /** Whether a namespace created later (the phantom `p`) may satisfy `r`. */
  private phantomMayMatch(p: string, r: Requirement): boolean {
    const company = p === "*" ? null : p.slice(0, -2);
    if (r.key === NAME_LABEL) {
      // A new namespace has a fresh name: In names existing ones, NotIn and Exists match it.
      return r.operator === "NotIn" || r.operator === "Exists";
    }
    if (r.key.endsWith(TREE_LABEL_SUFFIX)) {
      const owner = r.key.slice(0, -TREE_LABEL_SUFFIX.length);
      const ownerNode = this.hierarchy.get(owner);
      const inTree = company !== null && ownerNode !== undefined && ownerNode.company === company;
      // Under the company root the label is certain (depth >= 1); under a deeper namespace it is possible.
      const certain = inTree && owner === company;
      const depthPossible = r.values.some((v) => /^[1-9]\d*$/.test(v));
      switch (r.operator) {
        case "Exists":
          return inTree;
        case "In":
          return inTree && depthPossible;
        case "DoesNotExist":
          return !certain;
        case "NotIn":
          return true;
      }
    }
    // Labels people set: a phantom carries none of them.
    return r.operator === "NotIn" || r.operator === "DoesNotExist";
  }
}

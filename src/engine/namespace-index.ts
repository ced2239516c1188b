import type { Hierarchy, NamespaceNode } from "./build-hierarchy.js";
import { INCLUDED_NAMESPACE_LABEL, NAME_LABEL, TREE_LABEL_SUFFIX } from "../model/hnc-labels.js";
import { EVERYTHING, SetWithout, intersectSets, phantomId, type NamespaceSet } from "../model/namespace-set.js";
import type { Requirement, Selector } from "../model/types.js";

/** A canonical text for a requirement, usable as a cache key. */
function requirementKey(r: Requirement): string {
  return `${r.key}\u0000${r.operator}\u0000${[...r.values].sort().join("\u0001")}`;
}

/** A canonical text for a selector, usable as a cache key. */
function selectorKey(selector: Selector): string {
  return selector.requirements.map(requirementKey).sort().join("\u0002");
}

/**
 * Answers "which namespaces does this selector match?" from an index of labels, never by scanning every
 * namespace for every selector. Namespaces that do not exist yet take part as phantoms: one per company
 * (a namespace created later somewhere under it) and one outside every tree. A phantom carries exactly the
 * labels the system would give it (a fresh name label, HNC's tree labels of wherever it is created and
 * `hnc.x-k8s.io/included-namespace`), and is matched against the whole selector at once: it is in the
 * result when one place it could be created satisfies every requirement together. A label a person adds
 * later comes with a change that is judged then.
 */
export class NamespaceIndex {
  /** label key -> label value -> namespaces. */
  private readonly byLabel = new Map<string, Map<string, string[]>>();
  /** label key -> every namespace having it. */
  private readonly byKey = new Map<string, string[]>();
  private readonly cache = new Map<string, NamespaceSet>();
  /**
   * The known namespaces satisfying one requirement, by its key: a company's tree label is required by many
   * selectors (each with other requirements), and its set of a thousand names is made once.
   */
  private readonly knownCache = new Map<string, NamespaceSet>();
  /**
   * For a finite set this index made from a requirement's shared set: that set (the known names are some
   * of its names) and the phantoms added to them. See `soleCompany`.
   */
  private readonly within = new WeakMap<NamespaceSet, { shared: NamespaceSet; phantoms: readonly string[] }>();
  /** The answer of `soleCompany` for each requirement's shared set, worked out on first use. */
  private readonly soleOfShared = new WeakMap<NamespaceSet, string | null | undefined>();
  /** The cache key of each selector resolved (selector objects are shared by refs of the same files). */
  private readonly keys = new WeakMap<Selector, string>();
  readonly phantoms: string[];
  /**
   * The labels of the phantom outside every tree: a new root, which HNC manages (the namespaces it excludes
   * are named in the config and exist from the start: system namespaces, no company's).
   */
  private readonly outsideLabels: Record<string, string> = { [INCLUDED_NAMESPACE_LABEL]: "true" };
  /** The keys of HNC's managed labels: a namespace created later has them or not depending on where. */
  private readonly managedKeys = new Set<string>();

  constructor(readonly hierarchy: Hierarchy) {
    for (const node of hierarchy.nodes.values()) {
      for (const key in node.inheritedLabels) this.managedKeys.add(key);
      // `for in`, not `Object.entries`: no pair allocated per label of every namespace.
      for (const key in node.labels) {
        const value = node.labels[key]!;
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
    let key = this.keys.get(selector);
    if (key === undefined) this.keys.set(selector, (key = selectorKey(selector)));
    const cached = this.cache.get(key);
    if (cached) return cached;
    let known: NamespaceSet = EVERYTHING;
    // Sets cached for one requirement are shared; only an intersection made here may be added to in place.
    const shared: NamespaceSet[] = [EVERYTHING];
    for (const requirement of selector.requirements) {
      const matches = this.knownFor(requirement);
      shared.push(matches);
      known = intersectSets(known, matches);
      if (known.kind === "finite" && known.names.size === 0) break;
    }
    const matching = this.matchingPhantoms(selector);
    const result = this.withPhantoms(known, matching, !shared.includes(known));
    // A finite answer holds some names of each finite requirement's set: the smallest bounds it.
    if (result.kind === "finite") {
      let bound: NamespaceSet | null = null;
      for (const s of shared) if (s.kind === "finite" && (bound === null || s.names.size < (bound as { names: ReadonlySet<string> }).names.size)) bound = s;
      if (bound !== null) this.within.set(result, { shared: bound, phantoms: matching });
    }
    this.cache.set(key, result);
    return result;
  }

  /**
   * For a set this index resolved: the one company that each of its namespaces and phantoms belongs to,
   * shared namespaces (company null) aside; null when they are all shared (or none); undefined when it is
   * not known to be one company (then the caller looks at each name). A company's tree requirement is
   * shared by many selectors, so the names of its set are looked at once, not once per selector.
   */
  soleCompany(set: NamespaceSet): string | null | undefined {
    const within = this.within.get(set);
    if (within === undefined) return undefined;
    let sole = this.soleOf(within.shared);
    for (const p of within.phantoms) {
      if (sole === undefined) return undefined;
      const company = this.hierarchy.companyOf(p);
      if (company === null) continue;
      if (sole === null) sole = company;
      else if (sole !== company) return undefined;
    }
    return sole;
  }

  private soleOf(shared: NamespaceSet): string | null | undefined {
    if (this.soleOfShared.has(shared)) return this.soleOfShared.get(shared);
    let sole: string | null | undefined = null;
    if (shared.kind !== "finite") sole = undefined;
    else {
      for (const name of shared.names) {
        const node = this.hierarchy.get(name);
        const company = node ? node.company : this.hierarchy.companyOf(name);
        if (company === null) continue;
        if (sole === null) sole = company;
        else if (sole !== company) {
          sole = undefined;
          break;
        }
      }
    }
    this.soleOfShared.set(shared, sole);
    return sole;
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

  /** `resolveKnown`, remembered by the requirement's key (the sets are never changed once made). */
  private knownFor(r: Requirement): NamespaceSet {
    const key = requirementKey(r);
    let set = this.knownCache.get(key);
    if (!set) this.knownCache.set(key, (set = this.resolveKnown(r)));
    return set;
  }

  /** The known namespaces satisfying `r`, phantoms left out (they are decided on the whole selector). */
  private resolveKnown(r: Requirement): NamespaceSet {
    if (r.key === NAME_LABEL && r.operator === "Exists") return { kind: "cofinite", except: new Set(this.phantoms) };
    if (r.key === NAME_LABEL && r.operator === "In") return { kind: "finite", names: new Set(r.values.filter((v) => this.hierarchy.has(v))) };
    const known = this.knownMatches(r.key, r.operator === "In" || r.operator === "NotIn" ? "In" : "Exists", r.values);
    if (r.operator === "In" || r.operator === "Exists") return { kind: "finite", names: new Set(known) };
    const except = new Set(known);
    for (const p of this.phantoms) except.add(p);
    return { kind: "cofinite", except };
  }

  /**
   * `known` with `matching`, the phantoms that satisfy the whole selector, added (to `known` itself when `owned`: a set
   * made for this selector alone, not one shared with other selectors).
   */
  private withPhantoms(known: NamespaceSet, matching: readonly string[], owned: boolean): NamespaceSet {
    if (matching.length === 0) return known;
    if (known.kind === "finite") {
      if (known.names instanceof SetWithout) return { kind: "finite", names: known.names.and(matching) };
      const names = owned ? (known.names as Set<string>) : new Set(known.names);
      for (const p of matching) names.add(p);
      return owned ? known : { kind: "finite", names };
    }
    const except = owned ? (known.except as Set<string>) : new Set(known.except);
    for (const p of matching) except.delete(p);
    return owned ? known : { kind: "cofinite", except };
  }

  /** Whether a requirement's answer for a namespace created later depends on where it is created. */
  private varies(r: Requirement): boolean {
    return r.key.endsWith(TREE_LABEL_SUFFIX) || this.managedKeys.has(r.key);
  }

  /**
   * The phantoms that may satisfy every requirement of `selector` together. What does not depend on the
   * place of creation is decided once for all the companies' phantoms, and a positive tree requirement
   * leaves only its owner's company to try.
   */
  private matchingPhantoms(selector: Selector): string[] {
    const matching: string[] = [];
    if (selector.requirements.every((r) => phantomSatisfies(r, this.outsideLabels))) matching.push(phantomId(null));
    if (!selector.requirements.every((r) => this.varies(r) || phantomSatisfies(r, MANAGED_ONLY))) return matching;
    const tree = selector.requirements.filter((r) => this.varies(r));
    if (tree.length === 0) {
      for (const company of this.hierarchy.companies) matching.push(phantomId(company));
      return matching;
    }
    // Created under some namespace of the company: start from the deepest owner of a positive tree label.
    let only: string | null = null;
    let start: NamespaceNode | null = null;
    for (const r of tree) {
      if ((r.operator !== "In" && r.operator !== "Exists") || !r.key.endsWith(TREE_LABEL_SUFFIX)) continue;
      const owner = this.hierarchy.get(r.key.slice(0, -TREE_LABEL_SUFFIX.length));
      if (!owner || owner.company === null || (only !== null && owner.company !== only)) return matching;
      only = owner.company;
      if (start === null || owner.depth > start.depth) start = owner;
    }
    for (const company of only !== null ? [only] : this.hierarchy.companies) {
      const root = start ?? this.hierarchy.get(company);
      if (root && root.company === company && this.placeMatches(root, company, tree)) matching.push(phantomId(company));
    }
    return matching;
  }

  /** Whether a namespace created under `start` or below it, in `company`, may satisfy every one of `tree`. */
  private placeMatches(start: NamespaceNode, company: string, tree: Requirement[]): boolean {
    const stack = [start.name];
    while (stack.length > 0) {
      const node = this.hierarchy.get(stack.pop()!);
      if (!node || node.company !== company || this.hierarchy.hncExcluded.includes(node.name)) continue;
      const labels = childLabels(node);
      labels[INCLUDED_NAMESPACE_LABEL] = "true";
      if (tree.every((r) => phantomSatisfies(r, labels))) return true;
      for (const child of node.children) stack.push(child);
    }
    return false;
  }
}

/** The labels every namespace HNC manages has wherever it is created (the others vary with the place). */
const MANAGED_ONLY: Readonly<Record<string, string>> = { [INCLUDED_NAMESPACE_LABEL]: "true" };

/**
 * The labels a new child of `node` gets from HNC: the managed labels it inherits and the tree labels (its
 * own, under a fresh name, left out).
 */
function childLabels(node: NamespaceNode): Record<string, string> {
  const result: Record<string, string> = { ...node.inheritedLabels };
  for (const [key, value] of Object.entries(node.labels)) {
    if (key.endsWith(TREE_LABEL_SUFFIX)) result[key] = String(Number(value) + 1);
  }
  return result;
}

/** Whether a namespace created later, with a fresh name and these other labels, satisfies `r`. */
function phantomSatisfies(r: Requirement, labels: Record<string, string>): boolean {
  // A fresh name: In names existing ones; NotIn and Exists match it.
  if (r.key === NAME_LABEL) return r.operator === "NotIn" || r.operator === "Exists";
  const value = Object.hasOwn(labels, r.key) ? labels[r.key] : undefined;
  switch (r.operator) {
    case "In":
      return value !== undefined && r.values.includes(value);
    case "NotIn":
      return value === undefined || !r.values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
  }
}

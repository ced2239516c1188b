import { makeFinding, type Finding } from "../model/finding.js";
import type { StarterKitService, TeamKit } from "./read-kit-modules.js";
import type { HncParentDeclaration, NamespaceManifest, SourceLocation } from "../model/types.js";
import { DEFAULT_HNC_EXCLUDED, INCLUDED_NAMESPACE_LABEL, NAME_LABEL, TREE_LABEL_SUFFIX } from "../model/hnc-labels.js";


/** What a namespace is for: who owns it follows from this. */
export type NamespaceRole = "company" | "team" | "service" | "shared";

export interface NamespaceNode {
  name: string;
  parent: string | null;
  children: string[];
  /** The root of its tree; null only for shared namespaces. */
  company: string | null;
  depth: number;
  role: NamespaceRole;
  /** Where the namespace is declared (a kit module, a Namespace manifest, an HNC object, a first mention). */
  declaredAt: SourceLocation | null;
  /**
   * HNC's managed labels it carries (its own and its ancestors'), which a namespace created under it gets
   * too.
   */
  inheritedLabels: Record<string, string>;
  /** Where its parent is declared, when it has one. */
  parentDeclaredAt: SourceLocation | null;
  /**
   * Labels as the cluster would have them: manifest labels, then what the system sets over them (the name
   * label; on namespaces HNC manages, its tree labels and `hnc.x-k8s.io/included-namespace`).
   */
  labels: Record<string, string>;
}

type ParentSource = "team-kit" | "starter-kit" | "HierarchyConfiguration" | "SubnamespaceAnchor" | "service_company";

interface ParentDeclaration {
  child: string;
  parent: string;
  source: ParentSource;
  location: SourceLocation;
}

export interface HierarchyInput {
  teams: TeamKit[];
  services: StarterKitService[];
  hncParents: HncParentDeclaration[];
  namespaceManifests: NamespaceManifest[];
  namespaceMentions: { name: string; location: SourceLocation }[];
  sharedNamespaces: string[];
  /** Namespaces HNC leaves alone (no tree labels, no included-namespace label); default DEFAULT_HNC_EXCLUDED. */
  hncExcludedNamespaces?: readonly string[];
}

/** The namespace tree of one ref, with every namespace's company and labels. */
export class Hierarchy {
  /** The shared namespaces. */
  readonly shared: readonly string[];

  constructor(
    readonly nodes: ReadonlyMap<string, NamespaceNode>,
    readonly companies: readonly string[],
    /**
     * Namespaces that only a mention declares (an object placed in them, a shared namespace not declared
     * otherwise): no kit, HNC object or Namespace manifest names them.
     */
    readonly mentionedOnly: ReadonlySet<string> = new Set(),
    shared?: readonly string[],
    /** The namespaces HNC excludes: they carry only the labels people and Kubernetes set. */
    readonly hncExcluded: readonly string[] = DEFAULT_HNC_EXCLUDED,
  ) {
    this.shared = shared ?? [...nodes.values()].filter((n) => n.role === "shared").map((n) => n.name);
  }

  has(name: string): boolean {
    return this.nodes.has(name);
  }

  get(name: string): NamespaceNode | undefined {
    return this.nodes.get(name);
  }

  /**
   * The company of a namespace or phantom: null for shared namespaces; a phantom `c/*` is in `c`; the
   * phantom `*` (a namespace created later outside every tree) and unknown names are companies of their own.
   */
  companyOf(name: string): string | null {
    const node = this.nodes.get(name);
    if (node) return node.company;
    if (name.endsWith("/*")) return name.slice(0, -2);
    return name;
  }

  isShared(name: string): boolean {
    return this.nodes.get(name)?.role === "shared";
  }

  /** Ancestors from the parent up to the root. */
  ancestors(name: string): string[] {
    const result: string[] = [];
    let node = this.nodes.get(name);
    while (node?.parent) {
      result.push(node.parent);
      node = this.nodes.get(node.parent);
    }
    return result;
  }

  /** The namespace and all of its descendants. */
  subtree(name: string): string[] {
    const result: string[] = [];
    const stack = [name];
    while (stack.length > 0) {
      const current = stack.pop()!;
      const node = this.nodes.get(current);
      if (!node) continue;
      result.push(current);
      for (const child of node.children) stack.push(child);
    }
    return result;
  }
}

const SOURCE_RANK: Record<ParentSource, number> = {
  "team-kit": 0,
  "starter-kit": 1,
  HierarchyConfiguration: 2,
  SubnamespaceAnchor: 3,
  service_company: 4,
};

/**
 * Merges the team-kits, starter-kits and HNC objects of a ref into one tree. Disagreements about a
 * namespace's parent, and cycles, are `company-mismatch` findings; the declaration that wins is the most
 * authoritative one (team-kit, then starter-kit, then HNC objects, then a service's `service_company`).
 */
export function buildHierarchy(input: HierarchyInput): { hierarchy: Hierarchy; findings: Finding[]; findingLocations: Set<SourceLocation> } {
  const findings: Finding[] = [];
  // Every declaration place a finding quotes (its location, or the winner's in its message).
  const findingLocations = new Set<SourceLocation>();
  const shared = new Set(input.sharedNamespaces);
  const excluded = new Set(input.hncExcludedNamespaces ?? DEFAULT_HNC_EXCLUDED);
  const declaredAt = new Map<string, SourceLocation>();
  const roles = new Map<string, NamespaceRole>();
  const declare = (name: string, location: SourceLocation): void => {
    if (!declaredAt.has(name)) declaredAt.set(name, location);
  };

  const declarations: ParentDeclaration[] = [];
  for (const team of input.teams) {
    roles.set(team.name, "team");
    declare(team.name, team.nameLocation);
    if (team.company !== null) {
      declare(team.company, team.companyLocation);
      declarations.push({ child: team.name, parent: team.company, source: "team-kit", location: team.companyLocation });
    }
  }
  for (const service of input.services) {
    roles.set(service.name, "service");
    declare(service.name, service.nameLocation);
    if (service.team !== null) {
      declare(service.team, service.teamLocation);
      declarations.push({ child: service.name, parent: service.team, source: "starter-kit", location: service.teamLocation });
    }
  }
  for (const hnc of input.hncParents) {
    declare(hnc.child, hnc.location);
    declare(hnc.parent, hnc.location);
    declarations.push({ child: hnc.child, parent: hnc.parent, source: hnc.via, location: hnc.location });
  }
  const explicitChildren = new Set(declarations.map((d) => d.child));
  for (const service of input.services) {
    if (service.company === null) continue;
    // A team known only from its services takes their company (a team-kit or HNC object overrules it); a
    // service whose team cannot be read stays in the company it names rather than becoming a company of its
    // own (the unreadable team is reported as unresolvable).
    const child = service.team ?? service.name;
    if (service.team !== null && explicitChildren.has(service.team)) continue;
    if (service.team !== null) roles.set(service.team, roles.get(service.team) ?? "team");
    declare(service.company, service.companyLocation);
    declarations.push({ child, parent: service.company, source: "service_company", location: service.companyLocation });
  }
  // Managed labels come with an HNC object, which declares (or mentions) the namespace itself.
  for (const ns of input.namespaceManifests) if (ns.managedBy === undefined) declare(ns.name, ns.location);
  const mentionedOnly = new Set<string>();
  for (const mention of input.namespaceMentions) {
    if (declaredAt.has(mention.name)) continue;
    declaredAt.set(mention.name, mention.location);
    mentionedOnly.add(mention.name);
  }
  for (const name of shared) {
    if (declaredAt.has(name)) continue;
    declaredAt.set(name, { file: "", line: 0, endLine: 0 });
    mentionedOnly.add(name);
  }

  // One parent per child: the best-ranked declaration; other parents named for it are findings.
  const sorted = declarations
    .map((d, index) => ({ d, index }))
    .sort((a, b) => SOURCE_RANK[a.d.source] - SOURCE_RANK[b.d.source] || a.index - b.index);
  const parentOf = new Map<string, ParentDeclaration>();
  for (const { d } of sorted) {
    if (shared.has(d.child) || shared.has(d.parent) || d.child === d.parent) {
      if (d.source !== "service_company") {
        findingLocations.add(d.location);
        findings.push(
          makeFinding({
            rule: "company-mismatch",
            severity: "error",
            location: d.location,
            namespace: d.child,
            message: `${d.child} cannot be placed under ${d.parent}: ${d.child === d.parent ? "a namespace cannot be its own parent" : "shared namespaces belong to no company"}.`,
            key: `company-mismatch|placement|${d.child}|${d.parent}`,
          }),
        );
      }
      continue;
    }
    const winner = parentOf.get(d.child);
    if (!winner) {
      parentOf.set(d.child, d);
      continue;
    }
    if (winner.parent !== d.parent && d.source !== "service_company") {
      findingLocations.add(d.location).add(winner.location);
      findings.push(
        makeFinding({
          rule: "company-mismatch",
          severity: "error",
          location: d.location,
          namespace: d.child,
          peer: d.parent,
          message: `${d.child} is placed under ${d.parent} here (${d.source}), but under ${winner.parent} by the ${winner.source} at ${winner.location.file}:${winner.location.line}.`,
          key: `company-mismatch|parent|${d.child}|${[winner.parent, d.parent].sort().join("|")}`,
        }),
      );
    }
  }

  // Break cycles: the link that closes a cycle is dropped and reported.
  const state = new Map<string, 1 | 2>();
  for (const start of parentOf.keys()) {
    const path: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && state.get(current) !== 2) {
      if (state.get(current) === 1) {
        const link = parentOf.get(path[path.length - 1]!)!;
        parentOf.delete(link.child);
        const cycle = path.slice(path.indexOf(current));
        findingLocations.add(link.location);
        findings.push(
          makeFinding({
            rule: "company-mismatch",
            severity: "error",
            location: link.location,
            namespace: link.child,
            peer: link.parent,
            message: `The namespace hierarchy has a cycle (${[...cycle, current].join(" -> ")}); ${link.child} is treated as a root.`,
            key: `company-mismatch|cycle|${[...cycle].sort().join("|")}`,
          }),
        );
        break;
      }
      state.set(current, 1);
      path.push(current);
      current = parentOf.get(current)?.parent;
    }
    for (const name of path) state.set(name, 2);
  }

  const manifestLabels = new Map<string, Record<string, string>>();
  const managedLabels = new Map<string, Record<string, string>>();
  for (const ns of input.namespaceManifests) {
    const into = ns.managedBy === undefined ? manifestLabels : managedLabels;
    into.set(ns.name, { ...(into.get(ns.name) ?? {}), ...ns.labels });
  }

  const nodes = new Map<string, NamespaceNode>();
  for (const [name, location] of declaredAt) {
    const parentDecl = parentOf.get(name);
    nodes.set(name, {
      name,
      parent: parentDecl?.parent ?? null,
      children: [],
      company: null,
      depth: 0,
      role: shared.has(name) ? "shared" : (roles.get(name) ?? "company"),
      declaredAt: location.line > 0 ? location : null,
      parentDeclaredAt: parentDecl?.location ?? null,
      labels: {},
      inheritedLabels: {},
    });
  }
  for (const node of nodes.values()) if (node.parent) nodes.get(node.parent)!.children.push(node.name);

  const companies: string[] = [];
  // Top-down from the roots, so each node's labels extend its parent's.
  const roots = [...nodes.values()].filter((n) => n.parent === null);
  for (const root of roots) {
    if (root.role !== "shared") companies.push(root.name);
    const stack: NamespaceNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const parent = node.parent ? nodes.get(node.parent)! : null;
      node.depth = parent ? parent.depth + 1 : 0;
      node.company = node.role === "shared" ? null : parent ? parent.company : node.name;
      if (node.role === "company" && node.depth === 1) node.role = "team";
      else if (node.role === "company" && node.depth >= 2) node.role = "service";
      const managed = !excluded.has(node.name);
      const labels: Record<string, string> = {};
      for (const [key, value] of Object.entries(manifestLabels.get(node.name) ?? {})) {
        // What the system sets overwrites what a manifest declares (HNC only on the namespaces it manages).
        if (key === NAME_LABEL || (managed && isHncLabelKey(key))) continue;
        labels[key] = value;
      }
      if (managed) {
        // HNC's managed labels: the namespace's own, under those of its ancestors (an ancestor's win).
        const inherited = { ...(managedLabels.get(node.name) ?? {}), ...(parent && !excluded.has(parent.name) ? parent.inheritedLabels : {}) };
        for (const key of Object.keys(inherited)) {
          if (isSystemLabelKey(key)) delete inherited[key];
          else labels[key] = inherited[key]!;
        }
        node.inheritedLabels = inherited;
        if (parent && !excluded.has(parent.name)) {
          for (const key in parent.labels) {
            if (key.endsWith(TREE_LABEL_SUFFIX)) labels[key] = String(Number(parent.labels[key]) + 1);
          }
        }
        labels[node.name + TREE_LABEL_SUFFIX] = "0";
        labels[INCLUDED_NAMESPACE_LABEL] = "true";
      }
      labels[NAME_LABEL] = node.name;
      node.labels = labels;
      for (const child of node.children) stack.push(nodes.get(child)!);
    }
  }
  companies.sort();
  return { hierarchy: new Hierarchy(nodes, companies, mentionedOnly, undefined, [...excluded]), findings, findingLocations };
}

/** Whether the system sets a label key (on the namespaces HNC manages). */
function isSystemLabelKey(key: string): boolean {
  return key === NAME_LABEL || isHncLabelKey(key);
}

/** Whether HNC owns a label key on the namespaces it manages: its tree labels and the included label. */
export function isHncLabelKey(key: string): boolean {
  return key === INCLUDED_NAMESPACE_LABEL || key.endsWith(TREE_LABEL_SUFFIX);
}

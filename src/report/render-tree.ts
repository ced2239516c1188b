import type { Hierarchy } from "../engine/build-hierarchy.js";

export interface TreeOptions {
  /** Draw only these namespaces (and the path down to them); all when absent. */
  only?: ReadonlySet<string>;
  /** A note after some names, such as a company or a marker. */
  annotate?: (name: string) => string;
}

/**
 * Draws companies and their descendants the way `kubectl hns tree` does. Unknown roots are listed with a
 * note rather than dropped.
 */
export function renderTree(hierarchy: Hierarchy, roots: string[], options: TreeOptions = {}): string {
  const lines: string[] = [];
  const label = (name: string): string => name + (options.annotate?.(name) ?? "");
  const visible = (name: string): boolean => !options.only || options.only.has(name);
  const draw = (name: string, prefix: string): void => {
    const children = (hierarchy.get(name)?.children ?? []).filter(visible).sort();
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      lines.push(`${prefix}${last ? "└── " : "├── "}${label(child)}`);
      draw(child, prefix + (last ? "    " : "│   "));
    });
  };
  for (const root of roots) {
    if (!hierarchy.has(root)) {
      lines.push(`${root} (not a namespace in this ref)`);
      continue;
    }
    lines.push(label(root));
    draw(root, "");
  }
  return lines.join("\n");
}

/** The part of the tree that leads to `names`: each of them and all their ancestors. */
export function pathsTo(hierarchy: Hierarchy, names: Iterable<string>): { roots: string[]; only: Set<string> } {
  const only = new Set<string>();
  const roots = new Set<string>();
  for (const name of names) {
    const node = hierarchy.get(name);
    if (!node || node.role === "shared") continue;
    only.add(name);
    const ancestors = hierarchy.ancestors(name);
    for (const a of ancestors) only.add(a);
    roots.add(ancestors.length > 0 ? ancestors[ancestors.length - 1]! : name);
  }
  return { roots: [...roots].sort(), only };
}

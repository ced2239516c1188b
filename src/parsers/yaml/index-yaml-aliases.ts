import { isAlias, isCollection, isPair, type Alias, type Document } from "yaml";

/**
 * Aliases one YAML document may hold. Real manifests and configs use a handful (merge keys); an alias bomb
 * needs thousands. The same bound as `toJS({ maxAliasCount })` in the manifest reader.
 */
export const MAX_YAML_ALIASES = 100;
/** Nodes the aliases of one document may stand for once expanded (the billion laughs: few aliases, huge expansion). */
export const MAX_YAML_ALIAS_EXPANSION = 10_000;

/** The aliases of a document, each with the node it stands for; or why the document is refused, and where. */
export type YamlAliasIndex =
  | { ok: true; resolve(alias: Alias): unknown }
  | { ok: false; offset: number; message: string };

/**
 * Indexes the aliases of a parsed document in one walk, so that following an alias costs nothing: the
 * `yaml` package's own `Alias.resolve(doc)` walks the whole document on every call, which makes a document
 * of many aliases quadratic (20,000 aliases in 70 KB took over a minute). Refuses a document with more
 * than `MAX_YAML_ALIASES` aliases, or whose aliases stand for more than `MAX_YAML_ALIAS_EXPANSION` nodes,
 * or with an alias inside the node it names: nothing downstream then ever expands it.
 */
export function indexYamlAliases(doc: Document): YamlAliasIndex {
  const targets = new Map<Alias, unknown>();
  const anchors = new Map<string, unknown>();
  /** Nodes under each node once its aliases are expanded (saturated above the bound). */
  const sizes = new Map<unknown, number>();
  let aliases = 0;
  let expanded = 0;
  // Depth first in document order (an alias names the last node with its anchor before it), without
  // recursion (a document may nest thousands deep); a node is sized when left, after its children. A target
  // not sized yet when its alias is left is an ancestor of the alias: a recursive alias, never expandable.
  const stack: { node: unknown; leaving: boolean }[] = [{ node: doc.contents, leaving: false }];
  while (stack.length > 0) {
    const { node, leaving } = stack.pop()!;
    if (isAlias(node)) {
      if (++aliases > MAX_YAML_ALIASES) return refuse(node, `more than ${MAX_YAML_ALIASES} YAML aliases in one document`);
      const target = anchors.get(node.source);
      targets.set(node, target);
      const size = target === undefined ? 1 : (sizes.get(target) ?? Infinity);
      if (size === Infinity) return refuse(node, `a YAML alias inside the node it names (*${node.source})`);
      expanded += size;
      if (expanded > MAX_YAML_ALIAS_EXPANSION) return refuse(node, `YAML aliases that stand for more than ${MAX_YAML_ALIAS_EXPANSION} nodes once expanded`);
      sizes.set(node, size);
      continue;
    }
    const children = isPair(node) ? [node.key, node.value] : isCollection(node) ? node.items : [];
    if (leaving) {
      let size = 1;
      for (const child of children) size += sizes.get(child) ?? 1;
      sizes.set(node, Math.min(size, MAX_YAML_ALIAS_EXPANSION + 1));
      continue;
    }
    const anchor = (node as { anchor?: unknown } | null)?.anchor;
    if (typeof anchor === "string") anchors.set(anchor, node);
    stack.push({ node, leaving: true });
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], leaving: false });
  }
  return { ok: true, resolve: (alias) => targets.get(alias) };
}

function refuse(alias: Alias, what: string): YamlAliasIndex {
  return { ok: false, offset: alias.range?.[0] ?? 0, message: `${what}: refused unread (an alias bomb costs time and memory)` };
}

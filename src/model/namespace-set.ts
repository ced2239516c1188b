/**
 * Sets of namespaces that stay small whatever the size of the cluster. "Every namespace" (including ones
 * that do not exist yet) is a co-finite set: everything except a few names. Namespaces that do not exist
 * yet are stood for by phantom ids (see `phantomId`), which never clash with real names because DNS-1123
 * names contain neither `*` nor `/`.
 */

export type NamespaceSet =
  | { readonly kind: "finite"; readonly names: ReadonlySet<string> }
  | { readonly kind: "cofinite"; readonly except: ReadonlySet<string> };

const EMPTY_NAMES: ReadonlySet<string> = new Set();

export const NOTHING: NamespaceSet = { kind: "finite", names: EMPTY_NAMES };
export const EVERYTHING: NamespaceSet = { kind: "cofinite", except: EMPTY_NAMES };

/** The id of a namespace that does not exist yet: under `company`, or outside every tree when null. */
export function phantomId(company: string | null): string {
  return company === null ? "*" : `${company}/*`;
}

export function isPhantom(id: string): boolean {
  return id.endsWith("*");
}

export function finiteSet(names: Iterable<string>): NamespaceSet {
  return { kind: "finite", names: new Set(names) };
}

export function setHas(set: NamespaceSet, name: string): boolean {
  return set.kind === "finite" ? set.names.has(name) : !set.except.has(name);
}

export function isEverything(set: NamespaceSet): boolean {
  return set.kind === "cofinite" && set.except.size === 0;
}

export function isEmptySet(set: NamespaceSet): boolean {
  return set.kind === "finite" && set.names.size === 0;
}

export function intersectSets(a: NamespaceSet, b: NamespaceSet): NamespaceSet {
  if (a.kind === "finite" && b.kind === "finite") {
    const [small, large] = a.names.size <= b.names.size ? [a.names, b.names] : [b.names, a.names];
    const names = new Set<string>();
    for (const n of small) if (large.has(n)) names.add(n);
    return { kind: "finite", names };
  }
  if (a.kind === "finite" || b.kind === "finite") {
    const [fin, cof] = (a.kind === "finite" ? [a, b] : [b, a]) as [
      Extract<NamespaceSet, { kind: "finite" }>,
      Extract<NamespaceSet, { kind: "cofinite" }>,
    ];
    if (cof.except.size === 0) return fin;
    const names = new Set<string>();
    for (const n of fin.names) if (!cof.except.has(n)) names.add(n);
    return { kind: "finite", names };
  }
  if (a.except.size === 0) return b;
  if (b.except.size === 0) return a;
  return { kind: "cofinite", except: new Set([...a.except, ...b.except]) };
}

export function unionSets(a: NamespaceSet, b: NamespaceSet): NamespaceSet {
  if (a.kind === "cofinite" && b.kind === "cofinite") {
    if (a.except.size === 0) return a;
    if (b.except.size === 0) return b;
    const except = new Set<string>();
    for (const n of a.except) if (b.except.has(n)) except.add(n);
    return { kind: "cofinite", except };
  }
  if (a.kind === "cofinite" || b.kind === "cofinite") {
    const [fin, cof] = (a.kind === "finite" ? [a, b] : [b, a]) as [
      Extract<NamespaceSet, { kind: "finite" }>,
      Extract<NamespaceSet, { kind: "cofinite" }>,
    ];
    if (fin.names.size === 0 || cof.except.size === 0) return cof;
    const except = new Set<string>();
    for (const n of cof.except) if (!fin.names.has(n)) except.add(n);
    return { kind: "cofinite", except };
  }
  if (a.names.size === 0) return b;
  if (b.names.size === 0) return a;
  return { kind: "finite", names: new Set([...a.names, ...b.names]) };
}

/** A union kept as a list of members: membership is a scan, no set is copied. */
export class SetUnion {
  private readonly members: NamespaceSet[] = [];
  private everything = false;

  add(set: NamespaceSet): void {
    if (this.everything || isEmptySet(set)) return;
    if (isEverything(set)) {
      this.everything = true;
      this.members.length = 0;
      return;
    }
    this.members.push(set);
  }

  has(name: string): boolean {
    if (this.everything) return true;
    for (const m of this.members) if (setHas(m, name)) return true;
    return false;
  }

  isEverything(): boolean {
    return this.everything;
  }

  /** Whether the union is co-finite (contains all but finitely many namespaces). */
  isCofinite(): boolean {
    return this.everything || this.members.some((m) => m.kind === "cofinite");
  }

  /** The finite names, when no member is co-finite; otherwise null. */
  finiteNames(): Set<string> | null {
    if (this.isCofinite()) return null;
    const names = new Set<string>();
    for (const m of this.members) if (m.kind === "finite") for (const n of m.names) names.add(n);
    return names;
  }
}

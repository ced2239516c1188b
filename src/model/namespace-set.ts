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

/**
 * The names of `base` that are not in `without`, in `base`'s order, then `extra` (names not in `base`),
 * without copying `base`: "a company's tree, except one namespace" is a thousand names that many selectors
 * would otherwise each copy. Sets are never changed once made, so it is read as a set of its own.
 */
export class SetWithout implements ReadonlySet<string> {
  readonly size: number;

  constructor(
    private readonly base: ReadonlySet<string>,
    private readonly without: ReadonlySet<string>,
    private readonly extra: ReadonlySet<string> = EMPTY_NAMES,
  ) {
    let removed = 0;
    for (const name of without) if (base.has(name)) removed++;
    this.size = base.size - removed + extra.size;
  }

  /** The same names and `more` after them (as `Set.add` would: a name already in is not added again). */
  and(more: Iterable<string>): ReadonlySet<string> {
    const extra = new Set(this.extra);
    for (const name of more) {
      if (!this.base.has(name)) extra.add(name);
      else if (this.without.has(name)) {
        // A name of `base` left out and added back goes last: only a copy keeps that order.
        const copy = new Set(this);
        for (const m of more) copy.add(m);
        return copy;
      }
    }
    return new SetWithout(this.base, this.without, extra);
  }

  has(name: string): boolean {
    return this.base.has(name) ? !this.without.has(name) : this.extra.has(name);
  }

  *values(): SetIterator<string> {
    for (const name of this.base) if (!this.without.has(name)) yield name;
    yield* this.extra;
  }

  keys(): SetIterator<string> {
    return this.values();
  }

  *entries(): SetIterator<[string, string]> {
    for (const name of this.values()) yield [name, name];
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.values();
  }

  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const name of this.values()) callback.call(thisArg, name, name, this);
  }
}

/** Below this share of a finite set's size, a co-finite set's exceptions are left out of it without a copy. */
const COPY_SHARE = 0.25;

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
    if (fin.names.size >= 64 && cof.except.size < fin.names.size * COPY_SHARE && !(fin.names instanceof SetWithout)) {
      return { kind: "finite", names: new SetWithout(fin.names, cof.except) };
    }
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

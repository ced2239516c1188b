/**
 * A map that reads as `base` with some of its entries replaced, without copying `base`: the keys are
 * `base`'s, in `base`'s order. `replaced` must only hold keys of `base`.
 */
export class OverlayMap<K, V> implements ReadonlyMap<K, V> {
  /** `base` with the entries of `replaced` replaced; an overlay of an overlay is one overlay (no chain grows). */
  static of<K, V>(base: ReadonlyMap<K, V>, replaced: ReadonlyMap<K, V>): OverlayMap<K, V> {
    if (!(base instanceof OverlayMap)) return new OverlayMap(base, replaced);
    const inner = base as OverlayMap<K, V>;
    return new OverlayMap(inner.base, new Map([...inner.replaced, ...replaced]));
  }

  /** The map whose keys, in its order, every overlay of it has. */
  static keysOf<K, V>(map: ReadonlyMap<K, V>): ReadonlyMap<K, V> {
    return map instanceof OverlayMap ? (map as OverlayMap<K, V>).base : map;
  }

  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly replaced: ReadonlyMap<K, V>,
  ) {}

  get size(): number {
    return this.base.size;
  }

  get(key: K): V | undefined {
    const value = this.replaced.get(key);
    return value !== undefined ? value : this.base.get(key);
  }

  has(key: K): boolean {
    return this.base.has(key);
  }

  keys(): MapIterator<K> {
    return this.base.keys();
  }

  *values(): MapIterator<V> {
    for (const [key, value] of this.base) yield this.replaced.get(key) ?? value;
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) yield [key, this.replaced.get(key) ?? value];
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}

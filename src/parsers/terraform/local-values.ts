import type { SourceLocation, TfValue } from "../../model/types.js";

/** `.name`, `[key]` (the key already evaluated), or an accessor that fails whatever it is applied to. */
export type Accessor = { kind: "attribute"; name: string } | { kind: "index"; key: TfValue } | { kind: "fails"; reason: string };

/** A local value's definition, as far as resolving references to it needs. */
export interface LocalSlot<D> {
  definition: D;
  location: SourceLocation;
  duplicate: boolean;
}

/**
 * The values of one directory's locals, each computed on its first reference and remembered. A duplicated
 * local is unresolvable; so is every local of a reference cycle. `compute` evaluates a definition, and may
 * ask for other locals (it receives what the caller passed along, such as a nesting depth).
 */
export class LocalValues<D, C> {
  private readonly values = new Map<string, TfValue>();
  /** The locals being resolved, innermost last. */
  private readonly resolving: string[] = [];
  /** Locals found to be part of a reference cycle. */
  private readonly cyclic = new Set<string>();

  constructor(
    private readonly slots: Map<string, LocalSlot<D>>,
    private readonly compute: (definition: D, name: string, location: SourceLocation, context: C) => TfValue,
  ) {}

  /** The value of `local.name`, undefined when no such local is defined. */
  get(name: string, context: C): TfValue | undefined {
    const memo = this.values.get(name);
    if (memo) return memo;
    const slot = this.slots.get(name);
    if (!slot) return undefined;
    const location = slot.location;
    if (slot.duplicate) {
      return { kind: "unresolvable", text: `local.${name}`, reason: `local value \`${name}\` is defined more than once`, location };
    }
    const cycleReason = `local value \`${name}\` is part of a reference cycle`;
    const onStack = this.resolving.indexOf(name);
    if (onStack >= 0) {
      // Every local from `name` to the innermost one depends on itself: all of them are unresolvable.
      for (let k = onStack; k < this.resolving.length; k++) this.cyclic.add(this.resolving[k]!);
      return { kind: "unresolvable", text: `local.${name}`, reason: cycleReason, location };
    }
    this.resolving.push(name);
    let value: TfValue;
    try {
      value = this.compute(slot.definition, name, location, context);
    } finally {
      this.resolving.pop();
    }
    if (this.cyclic.has(name)) value = { kind: "unresolvable", text: `local.${name}`, reason: cycleReason, location };
    this.values.set(name, value);
    return value;
  }
}

/** Applies an accessor to a value; a string is the reason it cannot. */
export function applyAccessor(base: TfValue, accessor: Accessor): TfValue | string {
  if (accessor.kind === "attribute") {
    const name = accessor.name;
    if (base.kind !== "object") return `\`.${name}\` applied to a ${base.kind}`;
    return base.entries.get(name) ?? `no attribute \`${name}\``;
  }
  if (accessor.kind === "fails") return accessor.reason;
  const key = accessor.key;
  if (key.kind === "unresolvable") return key.reason;
  if (base.kind === "list") {
    if (key.kind !== "number" || !Number.isInteger(key.value)) return "list index is not a whole number";
    return base.items[key.value] ?? `index ${key.value} is out of range`;
  }
  if (base.kind === "object") {
    if (key.kind !== "string" && key.kind !== "number" && key.kind !== "bool") return "object key is not a literal";
    const name = String(key.value);
    return base.entries.get(name) ?? `no attribute \`${name}\``;
  }
  return `index applied to a ${base.kind}`;
}

/** A copy of `value` with every location replaced by `location`. */
export function relocate(value: TfValue, location: SourceLocation): TfValue {
  switch (value.kind) {
    case "list":
      return { kind: "list", items: value.items.map((item) => relocate(item, location)), location };
    case "object": {
      const entries = new Map<string, TfValue>();
      for (const [key, entry] of value.entries) entries.set(key, relocate(entry, location));
      return { kind: "object", entries, location };
    }
    default:
      return { ...value, location };
  }
}

function shorten(text: string): string {
  return text.length > 60 ? text.slice(0, 60) + "…" : text;
}

/**
 * The value of `local.NAME` followed by its accessors, given the local's value: placed at the reference
 * (`location`), or `fail(reason)`. `nextAccessor` gives the accessors one by one (null after the last), and
 * is not asked for one once the value is unresolvable.
 */
export function referenceValue(
  name: string,
  local: TfValue | undefined,
  nextAccessor: () => Accessor | null,
  location: SourceLocation,
  fail: (reason: string) => TfValue,
): TfValue {
  if (local === undefined) return fail(`unknown local value \`local.${name}\``);
  if (local.kind === "unresolvable") {
    const via = local.text === `local.${name}` ? "" : `local.${name} = ${shorten(local.text)}: `;
    return fail(via + local.reason);
  }
  let base: TfValue = local;
  for (;;) {
    if (base.kind === "unresolvable") return fail(base.reason);
    const accessor = nextAccessor();
    if (accessor === null) return relocate(base, location);
    const next = applyAccessor(base, accessor);
    if (typeof next === "string") return fail(next);
    base = next;
  }
}

import type { Finding } from "../model/finding.js";
import type { Model } from "./build-model.js";
import { Reachability } from "./reachability.js";

/** For a ref derived from another: that ref (not kept alive by this) and the namespaces whose policies may differ. */
export interface DerivedFrom {
  base: WeakRef<JudgedRef>;
  changed: ReadonlySet<string>;
}

/** A model with its reachability, as judged at one ref, and what is worked out about it once. */
export interface JudgedRef {
  model: Model;
  reach: Reachability;
  /** How the model was made: derived from the judged ref of another (derive-ref.ts), or built in full. */
  how: "derived" | "built";
  /** Built in full although a ref to derive it from was offered: why it could not be derived. */
  notDerived: string | null;
  /**
   * Set when derived: the same labels everywhere as `base`, the same applicable policies outside `changed`,
   * so that a diff between the two signs only `changed`.
   */
  derivedFrom: DerivedFrom | null;
  /** Worked out on first use and kept with the ref: a cached base is judged once. */
  remembered: {
    /** Every finding at this ref (`findingsAt`). */
    findings: Finding[] | null;
    /** The `not-isolated` findings per service namespace, which a ref derived from this one reuses. */
    notIsolated: Map<string, Finding[]> | null;
    /** What each namespace's edges depend on (see `signature`). */
    signatures: Map<string, string | null>;
    /** Everything the platform team owns at this ref, by id (rules/platform-owned.ts). */
    platformOwned: ReadonlyMap<string, unknown> | null;
  };
}

/** A judged ref of `model`: built in full unless `derivedFrom` says which ref it was derived from. */
export function judgeRef(model: Model, reach: Reachability = new Reachability(model), derivedFrom: DerivedFrom | null = null): JudgedRef {
  return {
    model,
    reach,
    how: derivedFrom ? "derived" : "built",
    notDerived: null,
    derivedFrom,
    remembered: { findings: null, notIsolated: null, signatures: new Map(), platformOwned: null },
  };
}

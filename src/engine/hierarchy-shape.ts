import type { ManifestFileResult, SourceLocation } from "../model/types.js";
import type { KitModules } from "./read-kit-modules.js";

/** The kinds of declaration that give the hierarchy its shape. */
export const SHAPE_KINDS = ["teams", "services", "parents", "namespaces"] as const;
export type ShapeKind = (typeof SHAPE_KINDS)[number];

/** What some files declare about the hierarchy, kind by kind, with the places it is declared. */
export interface HierarchyShape {
  /** Each declaration as text, in file order. */
  declared: Record<ShapeKind, string[]>;
  /** The places of those declarations, in the same order (a kit module gives one per attribute read). */
  places: Record<ShapeKind, SourceLocation[]>;
  /** Every namespace the declarations name. */
  names: Set<string>;
}

/** The hierarchy's shape as declared by some kit directories and manifest files. */
export function hierarchyShape(kits: readonly KitModules[], manifests: readonly ManifestFileResult[]): HierarchyShape {
  const shape: HierarchyShape = {
    declared: { teams: [], services: [], parents: [], namespaces: [] },
    places: { teams: [], services: [], parents: [], namespaces: [] },
    names: new Set(),
  };
  const { declared, places, names } = shape;
  for (const k of kits) {
    for (const t of k.teams) {
      declared.teams.push(JSON.stringify([t.name, t.company]));
      places.teams.push(t.nameLocation, t.companyLocation);
      names.add(t.name);
      if (t.company !== null) names.add(t.company);
    }
    for (const s of k.services) {
      declared.services.push(JSON.stringify([s.name, s.team, s.company]));
      places.services.push(s.nameLocation, s.teamLocation, s.companyLocation);
      names.add(s.name);
      if (s.team !== null) names.add(s.team);
      if (s.company !== null) names.add(s.company);
    }
  }
  for (const m of manifests) {
    for (const d of m.hncParents) {
      declared.parents.push(JSON.stringify([d.child, d.parent, d.via]));
      places.parents.push(d.location);
      names.add(d.child).add(d.parent);
    }
    for (const n of m.namespaces) {
      declared.namespaces.push(JSON.stringify([n.name, n.labels, n.managedBy ?? null]));
      places.namespaces.push(n.location);
      names.add(n.name);
    }
  }
  return shape;
}

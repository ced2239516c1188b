import type { Model } from "../build-model.js";
import { sameItems } from "../same-items.js";
import type { JudgedRef } from "../judged-ref.js";
import { digestOf } from "../../model/digest.js";
import { makeFinding, type Finding } from "../../model/finding.js";
import type { NamespaceIndex } from "../namespace-index.js";
import type { KitModules } from "../read-kit-modules.js";
import type { ManifestFileResult, NetworkPolicyModel, SourceLocation } from "../../model/types.js";
import { showName } from "../../model/show-name.js";

interface Owned {
  what: string;
  fingerprint: string;
  location: SourceLocation;
  /** Added or changed, it is reported by another rule (a traffic filter: unmodelled-traffic-filter). */
  judgedElsewhere?: boolean;
  /** The namespace whose subtree the change can open traffic in; `*` for anywhere (the HNC configuration). */
  scope: string;
}

function isPlatformNamespace(model: Model, namespace: string | null): boolean {
  if (namespace === null) return false;
  const role = model.hierarchy.get(namespace)?.role;
  return role === "company" || role === "shared";
}

/** A platform-owned thing of a ref, by its stable id. */
export type OwnedEntry = [id: string, item: Owned];
type Entry = OwnedEntry;

/** One manifest file's platform-owned objects, by category (remembered per file and labels). */
export interface ManifestOwned {
  index: NamespaceIndex;
  policies: readonly NetworkPolicyModel[];
  byCategory: Entry[][];
}

function manifestOwned(model: Model, file: ManifestFileResult, policies: readonly NetworkPolicyModel[]): Entry[][] {
  const hit = model.memo.ownedOfManifest.get(file);
  if (hit && hit.index === model.index && sameItems(hit.policies, policies)) return hit.byCategory;
  const ownedPolicies: Entry[] = [];
  for (const p of policies) {
    if (isPlatformNamespace(model, p.namespace)) {
      ownedPolicies.push([`policy|${p.namespace}/${p.name}`, { what: `NetworkPolicy ${p.namespace}/${p.name}`, fingerprint: p.fingerprint, location: p.location, scope: p.namespace }]);
    }
  }
  const objects: Entry[] = [];
  for (const o of file.otherObjects) {
    if (isPlatformNamespace(model, o.namespace)) {
      const item: Owned = { what: `${showName(o.kind)} ${o.namespace}/${showName(o.name)}`, fingerprint: o.fingerprint, location: o.location, scope: o.namespace! };
      if (o.trafficFilter !== undefined) item.judgedElsewhere = true;
      objects.push([`object|${o.kind}|${o.namespace}/${o.name}`, item]);
    }
  }
  // Tiered policies are cluster-scoped: the platform's wherever they are (`policy|` so a VC-to-VC finding covers them).
  for (const t of file.tieredPolicies) {
    objects.push([`policy|tiered:${t.kind}/${t.name}`, { what: `${t.kind} ${showName(t.name)}`, fingerprint: t.fingerprint, location: t.location, scope: "*" }]);
  }
  const configs: Entry[] = file.hncConfigs.map((c) => ["hncconfig", { what: "HNCConfiguration config", fingerprint: c.fingerprint, location: c.location, scope: "*" }]);
  const parents: Entry[] = file.hncParents.map((d) => [
    `hnc|${d.via}|${d.child}`,
    { what: `${d.via} for ${d.child}`, fingerprint: digestOf([d.child, d.parent]), location: d.location, scope: d.child },
  ]);
  const namespaces: Entry[] = [];
  for (const n of file.namespaces) {
    // HNC's managed labels are HNC configuration, the platform's wherever they are.
    if (n.managedBy !== undefined) {
      namespaces.push([`hnc-labels|${n.managedBy}|${n.name}`, { what: `HNC managed labels of ${n.name} (${n.managedBy})`, fingerprint: digestOf(n.labels), location: n.location, scope: n.name }]);
    } else if (isPlatformNamespace(model, n.name)) {
      namespaces.push([`namespace|${n.name}`, { what: `Namespace ${n.name}`, fingerprint: digestOf(n.labels), location: n.location, scope: n.name }]);
    }
  }
  const byCategory = [ownedPolicies, objects, configs, parents, namespaces];
  model.memo.ownedOfManifest.set(file, { index: model.index, policies, byCategory });
  return byCategory;
}

function kitsOwned(model: Model, kits: KitModules): Entry[] {
  let entries = model.memo.ownedOfKits.get(kits);
  if (!entries) {
    entries = kits.teams.map((t) => [`team-kit|${t.module}`, { what: `team-kit module "${t.module}"`, fingerprint: t.fingerprint, location: t.location, scope: t.name }]);
    model.memo.ownedOfKits.set(kits, entries);
  }
  return entries;
}

/**
 * Everything of a ref that the platform team owns, by a stable id: policies, other objects, the HNC
 * configuration, HNC parents, team-kits and Namespaces, in that order (a later declaration of the same id
 * wins). Each file's share is remembered, so a ref derived from another recomputes only its changed files.
 */
function platformOwned(ref: JudgedRef): Map<string, Owned> {
  const known = ref.remembered.platformOwned;
  if (known) return known as Map<string, Owned>;
  const model = ref.model;
  const { parsed, unitPolicies, unitKits } = model.parts;
  const perFile = parsed.manifests.map((m, i) => manifestOwned(model, m, unitPolicies[i]!));
  const owned = new Map<string, Owned>();
  const add = (entries: Entry[]): void => {
    for (const [id, item] of entries) owned.set(id, item);
  };
  for (let category = 0; category < 4; category++) for (const entries of perFile) add(entries[category]!);
  for (const kits of unitKits) add(kitsOwned(model, kits));
  for (const entries of perFile) add(entries[4]!);
  ref.remembered.platformOwned = owned;
  return owned;
}

/**
 * `platform-owned`: the change adds, changes or removes something the platform team owns: objects in a
 * company or shared namespace, HNC objects and configuration, team-kit modules. `covered` holds ids
 * (`policy|ns/name`) that another platform-review finding already reports.
 */
export function findPlatformOwnedChanges(base: JudgedRef, head: JudgedRef, covered: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const before = platformOwned(base);
  const after = platformOwned(head);
  const report = (id: string, item: Owned, verb: string): void => {
    if (covered.has(id)) return;
    findings.push(
      makeFinding({
        rule: "platform-owned",
        severity: "warning",
        location: item.location,
        namespace: null,
        message: `${item.what} is ${verb}; it belongs to the platform team, whose approval is required.`,
        key: `platform-owned|${id}|${verb}|${item.fingerprint}`,
        scope: item.scope,
      }),
    );
  };
  for (const [id, item] of after) {
    if (item.judgedElsewhere) continue;
    const old = before.get(id);
    if (!old) report(id, item, "added");
    else if (old.fingerprint !== item.fingerprint) report(id, item, "changed");
  }
  for (const [id, item] of before) if (!after.has(id)) report(id, item, "removed");
  return findings;
}

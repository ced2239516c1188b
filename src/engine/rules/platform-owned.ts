import type { Model } from "../build-model.js";
import { digestOf } from "../digest.js";
import { makeFinding, type Finding } from "../finding.js";
import type { SourceLocation } from "../types.js";

interface Owned {
  what: string;
  fingerprint: string;
  location: SourceLocation;
}

function isPlatformNamespace(model: Model, namespace: string | null): boolean {
  if (namespace === null) return false;
  const role = model.hierarchy.get(namespace)?.role;
  return role === "company" || role === "shared";
}

/** Everything of a ref that the platform team owns, by a stable id. */
function platformOwned(model: Model): Map<string, Owned> {
  const owned = new Map<string, Owned>();
  for (const p of model.manifestPolicies) {
    if (isPlatformNamespace(model, p.namespace)) {
      owned.set(`policy|${p.namespace}/${p.name}`, { what: `NetworkPolicy ${p.namespace}/${p.name}`, fingerprint: p.fingerprint, location: p.location });
    }
  }
  for (const o of model.otherObjects) {
    if (isPlatformNamespace(model, o.namespace)) {
      owned.set(`object|${o.kind}|${o.namespace}/${o.name}`, { what: `${o.kind} ${o.namespace}/${o.name}`, fingerprint: o.fingerprint, location: o.location });
    }
  }
  for (const c of model.hncConfigs) owned.set("hncconfig", { what: "HNCConfiguration config", fingerprint: c.fingerprint, location: c.location });
  for (const d of model.hncParents) {
    owned.set(`hnc|${d.via}|${d.child}`, { what: `${d.via} for ${d.child}`, fingerprint: digestOf([d.child, d.parent]), location: d.location });
  }
  for (const t of model.teams) owned.set(`team-kit|${t.module}`, { what: `team-kit module "${t.module}"`, fingerprint: t.fingerprint, location: t.location });
  for (const n of model.namespaceManifests) {
    if (isPlatformNamespace(model, n.name)) {
      owned.set(`namespace|${n.name}`, { what: `Namespace ${n.name}`, fingerprint: digestOf(n.labels), location: n.location });
    }
  }
  return owned;
}

/**
 * `platform-owned`: the change adds, changes or removes something the platform team owns: objects in a
 * company or shared namespace, HNC objects and configuration, team-kit modules. `covered` holds ids
 * (`policy|ns/name`) that another platform-review finding already reports.
 */
export function findPlatformOwnedChanges(base: Model, head: Model, covered: ReadonlySet<string>): Finding[] {
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
      }),
    );
  };
  for (const [id, item] of after) {
    const old = before.get(id);
    if (!old) report(id, item, "added");
    else if (old.fingerprint !== item.fingerprint) report(id, item, "changed");
  }
  for (const [id, item] of before) if (!after.has(id)) report(id, item, "removed");
  return findings;
}

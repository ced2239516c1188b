import type { HncConfigDeclaration, HncParentDeclaration, NamespaceManifest, Problem, SourceLocation } from "../../model/types.js";
import { fingerprint } from "../../model/fingerprint.js";
import { isDns1123Label } from "../../model/kubernetes-names.js";
import { describeType, field, formatPath, isPlainObject, type ObjectContext, type Path, type Report } from "./object-context.js";
import { readObjectMetadata } from "./read-object-metadata.js";
import { quoteName } from "../../model/quote-name.js";

export type HncKind = "HierarchyConfiguration" | "SubnamespaceAnchor" | "HNCConfiguration";

export interface NormalizedHncObject {
  parent: HncParentDeclaration | null;
  config: HncConfigDeclaration | null;
  /** HNC's managed labels (`spec.labels`) of the namespace the object configures or creates. */
  managed: NamespaceManifest | null;
  /** Namespaces the object lives in or creates, for `namespaceMentions`. */
  mentions: { name: string; location: SourceLocation }[];
  problems: Problem[];
}

const MODES: readonly NonNullable<HncConfigDeclaration["networkPolicyMode"]>[] = ["Propagate", "Ignore", "Remove", "AllowPropagate"];

/**
 * The HNC objects that shape the tree and propagation. What HNC's admission webhook refuses (a singleton with
 * another name, an invalid namespace name, an unknown mode) is reported and not declared.
 */
export function normalizeHncObject(kind: HncKind, object: Record<string, unknown>, ctx: ObjectContext): NormalizedHncObject {
  const result: NormalizedHncObject = { parent: null, config: null, managed: null, mentions: [], problems: [] };
  let concerned: string | undefined;
  let label: string = kind;
  const reports: { path: Path; message: string; severity: Problem["severity"]; rule: Problem["rule"] }[] = [];
  const report: Report = (path, message) => {
    reports.push({ path, message, severity: "error", rule: "invalid-policy" });
  };
  const metadata = readObjectMetadata(object, report);
  const namespace = metadata.namespace ?? "default";
  const spec = field(object, "spec");
  if (spec !== null && spec !== undefined && !isPlainObject(spec)) report(["spec"], `spec must be a mapping, not ${describeType(spec)}`);
  const specRecord = isPlainObject(spec) ? spec : {};
  const namespaceLocation = metadata.namespace !== null ? ctx.locate(["metadata", "namespace"]) : ctx.location;

  if (kind === "HierarchyConfiguration") {
    concerned = namespace;
    label = `HierarchyConfiguration in ${quoteName(namespace)}`;
    result.mentions.push({ name: namespace, location: namespaceLocation });
    if (metadata.name !== "hierarchy") report(["metadata", "name"], `the name must be "hierarchy" (HNC ignores or refuses any other), not ${quoteName(metadata.name ?? "")}`);
    if (!isDns1123Label(namespace)) report(["metadata", "namespace"], `${quoteName(namespace)} is not a valid namespace name`);
    const parent = field(specRecord, "parent");
    if (parent !== null && parent !== undefined && parent !== "") {
      if (typeof parent !== "string") report(["spec", "parent"], `spec.parent must be a string, not ${describeType(parent)}`);
      else if (!isDns1123Label(parent)) report(["spec", "parent"], `${quoteName(parent)} is not a valid namespace name`);
      else if (parent === namespace) report(["spec", "parent"], "a namespace cannot be its own parent");
      else if (reports.length === 0) {
        result.parent = { child: namespace, parent, via: "HierarchyConfiguration", location: ctx.locate(["spec", "parent"]) };
      }
    }
    result.managed = readManagedLabels(namespace, "HierarchyConfiguration", specRecord, ctx, report);
  } else if (kind === "SubnamespaceAnchor") {
    const child = metadata.name;
    concerned = child ?? namespace;
    label = `SubnamespaceAnchor${child === null ? "" : ` ${quoteName(child)}`} in ${quoteName(namespace)}`;
    result.mentions.push({ name: namespace, location: namespaceLocation });
    if (child === null) report(["metadata"], "metadata.name (the subnamespace) is required");
    else if (!isDns1123Label(child)) report(["metadata", "name"], `${quoteName(child)} is not a valid namespace name`);
    else result.mentions.push({ name: child, location: ctx.locate(["metadata", "name"]) });
    if (!isDns1123Label(namespace)) report(["metadata", "namespace"], `${quoteName(namespace)} is not a valid namespace name`);
    if (child !== null && reports.length === 0) {
      result.parent = { child, parent: namespace, via: "SubnamespaceAnchor", location: ctx.location };
    }
    if (child !== null) result.managed = readManagedLabels(child, "SubnamespaceAnchor", specRecord, ctx, report);
  } else {
    label = "HNCConfiguration";
    if (metadata.name !== "config") report(["metadata", "name"], `the name must be "config" (HNC ignores or refuses any other), not ${quoteName(metadata.name ?? "")}`);
    const mode = readNetworkPolicyMode(specRecord, report, (path, message) => {
      reports.push({ path, message, severity: "error", rule: "unresolvable" });
    });
    if (reports.length === 0) {
      result.config = {
        networkPolicyMode: mode,
        location: ctx.location,
        fingerprint: fingerprint({ kind, name: metadata.name, spec: spec ?? {}, labels: metadata.labels, annotations: metadata.annotations }),
      };
    }
  }

  result.problems = reports.map(({ path, message, severity, rule }) => {
    const problem: Problem = { rule, severity, location: ctx.locate(path), message: `${label}: ${formatPath(path)}: ${message}` };
    if (concerned !== undefined) problem.namespace = concerned;
    return problem;
  });
  return result;
}

/**
 * HNC's managed labels: `spec.labels: [{key, value}]`, which HNC sets on the namespace and its descendants
 * (where its `--managed-namespace-label` flags allow; read as allowed, on the safe side). Null when none.
 */
function readManagedLabels(
  namespace: string,
  via: NonNullable<NamespaceManifest["managedBy"]>,
  spec: Record<string, unknown>,
  ctx: ObjectContext,
  report: Report,
): NamespaceManifest | null {
  const list = field(spec, "labels");
  if (list === null || list === undefined) return null;
  if (!Array.isArray(list)) {
    report(["spec", "labels"], `spec.labels must be a list, not ${describeType(list)}`);
    return null;
  }
  const labels: Record<string, string> = {};
  list.forEach((entry: unknown, index) => {
    const key = isPlainObject(entry) ? field(entry, "key") : undefined;
    const value = isPlainObject(entry) ? field(entry, "value") : undefined;
    if (typeof key !== "string" || key === "" || typeof value !== "string") {
      report(["spec", "labels", index], "a managed label needs a string key and a string value");
      return;
    }
    Object.defineProperty(labels, key, { value, enumerable: true, writable: true, configurable: true });
  });
  if (Object.keys(labels).length === 0) return null;
  return { name: namespace, labels, location: ctx.locate(["spec", "labels"]), managedBy: via };
}

function readNetworkPolicyMode(spec: Record<string, unknown>, report: Report, ambiguous: Report): HncConfigDeclaration["networkPolicyMode"] {
  const resources = field(spec, "resources");
  if (resources === null || resources === undefined) return null;
  if (!Array.isArray(resources)) {
    report(["spec", "resources"], `spec.resources must be a list, not ${describeType(resources)}`);
    return null;
  }
  let found: HncConfigDeclaration["networkPolicyMode"] = null;
  let seen = 0;
  resources.forEach((entry: unknown, index) => {
    const path: Path = ["spec", "resources", index];
    if (!isPlainObject(entry)) {
      report(path, `a resource entry must be a mapping, not ${describeType(entry)}`);
      return;
    }
    if (field(entry, "group") !== "networking.k8s.io" || field(entry, "resource") !== "networkpolicies") return;
    seen++;
    if (seen > 1) {
      ambiguous(path, "networking.k8s.io/networkpolicies is configured more than once; HNC flags the configuration as bad and the effective mode is unknown");
      return;
    }
    const mode = field(entry, "mode");
    // HNC treats an empty mode as Propagate.
    if (mode === null || mode === undefined || mode === "") found = "Propagate";
    else if (typeof mode === "string" && (MODES as readonly string[]).includes(mode)) found = mode as (typeof MODES)[number];
    else report([...path, "mode"], `mode must be one of ${MODES.join(", ")}, not ${typeof mode === "string" ? `"${mode}"` : describeType(mode)}`);
  });
  return found;
}

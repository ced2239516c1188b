import type { ManifestFileResult, OtherObject, Problem, SourceLocation } from "../../model/types.js";
import { isClusterScopedKind } from "./cluster-scoped-kinds.js";
import { isDns1123Label } from "../../model/kubernetes-names.js";
import { quoteName } from "../../model/quote-name.js";
import { showName } from "../../model/show-name.js";
import { describeForeignNetworkPolicy, isCustomGroup } from "./describe-foreign-network-policy.js";
import { fingerprint } from "../../model/fingerprint.js";
import type { YamlLocator } from "./locate-yaml-node.js";
import { normalizeHncObject, type HncKind } from "./normalize-hnc-object.js";
import { normalizeNamespace } from "./normalize-namespace.js";
import { normalizeNetworkPolicy } from "./normalize-network-policy.js";
import { normalizeTieredPolicy, TIERED_API_VERSIONS } from "./normalize-tiered-policy.js";
import { field, isPlainObject, type ObjectContext, type Path } from "./object-context.js";
import { readYamlDocuments } from "./read-yaml-documents.js";

const NETWORK_POLICY_API_VERSION = "networking.k8s.io/v1";
const HNC_KINDS: readonly HncKind[] = ["HierarchyConfiguration", "SubnamespaceAnchor", "HNCConfiguration"];
/** kubectl flattens nested Lists; more than this many levels is not a manifest anyone writes. */
const MAX_LIST_DEPTH = 8;
/** Build-tool configuration that looks like an object but is never sent to the API server. */
const NOT_CLUSTER_OBJECT_GROUPS: ReadonlySet<string> = new Set(["kustomize.config.k8s.io", "config.kubernetes.io"]);

/**
 * Reads one Kubernetes manifest file (YAML, multi-document, or JSON) into what netpol-guard judges:
 * NetworkPolicies (normalised, validated as the API server would), Namespaces, HNC declarations, the
 * namespaces the file touches and its other objects. Pure, and never throws: whatever goes wrong is a problem.
 */
export function parseManifestFile(path: string, text: string): ManifestFileResult {
  const result: ManifestFileResult = {
    policies: [],
    namespaces: [],
    hncParents: [],
    hncConfigs: [],
    tieredPolicies: [],
    namespaceMentions: [],
    otherObjects: [],
    problems: [],
  };
  try {
    const read = readYamlDocuments(path, text);
    result.problems.push(...read.problems);
    const mentioned = new Set<string>();
    const mention = (name: string, location: SourceLocation): void => {
      // A name the API server refuses names no namespace (the object that gives it is reported instead), and
      // must not reach the hierarchy, nor any drawing of it.
      if (mentioned.has(name) || !isDns1123Label(name)) return;
      mentioned.add(name);
      result.namespaceMentions.push({ name, location });
    };
    for (const document of read.documents) {
      if (isPlainObject(document.value)) {
        readObject(document.value, [], {}, 0, { path, locator: document.locator, result, mention });
      }
    }
  } catch (error) {
    result.problems.push(internalError({ file: path, line: 1, endLine: 1 }, error));
  }
  return result;
}

interface ReadState {
  path: string;
  locator: YamlLocator;
  result: ManifestFileResult;
  mention: (name: string, location: SourceLocation) => void;
}

interface Inherited {
  kind?: string;
  apiVersion?: string;
}

function readObject(value: Record<string, unknown>, basePath: Path, inherited: Inherited, depth: number, state: ReadState): void {
  const ownKind = field(value, "kind");
  const ownApiVersion = field(value, "apiVersion");
  const kind = typeof ownKind === "string" ? ownKind : inherited.kind;
  const apiVersion = typeof ownApiVersion === "string" ? ownApiVersion : inherited.apiVersion;
  if (kind === undefined || kind === "") return;

  const items = field(value, "items");
  if ((kind === "List" || kind.endsWith("List")) && Array.isArray(items)) {
    if (depth >= MAX_LIST_DEPTH) return;
    const typed = kind !== "List";
    items.forEach((item: unknown, index) => {
      if (!isPlainObject(item)) return;
      const itemInherited: Inherited = {};
      if (typed) itemInherited.kind = kind.slice(0, -"List".length);
      if (typed && apiVersion !== undefined) itemInherited.apiVersion = apiVersion;
      readObject(item, [...basePath, "items", index], itemInherited, depth + 1, state);
    });
    return;
  }

  const ctx: ObjectContext = {
    file: state.path,
    location: state.locator.locate(basePath),
    locate: (p) => state.locator.locate([...basePath, ...p]),
    locateKey: (p) => state.locator.locateKey([...basePath, ...p]),
  };
  try {
    const object: Record<string, unknown> =
      ownKind === kind && ownApiVersion === apiVersion ? value : { ...(apiVersion === undefined ? {} : { apiVersion }), kind, ...withoutTypeFields(value) };
    dispatchObject(object, kind, apiVersion ?? null, ctx, state);
  } catch (error) {
    state.result.problems.push(internalError(ctx.location, error));
  }
}

function dispatchObject(object: Record<string, unknown>, kind: string, apiVersion: string | null, ctx: ObjectContext, state: ReadState): void {
  const { result } = state;
  const metadata = field(object, "metadata");
  const writtenNamespace = isPlainObject(metadata) ? field(metadata, "namespace") : undefined;
  const hasNamespace = typeof writtenNamespace === "string" && writtenNamespace !== "";
  const namespaceLocation = hasNamespace ? ctx.locate(["metadata", "namespace"]) : ctx.location;
  const effectiveNamespace = hasNamespace ? writtenNamespace : "default";

  if (kind === "NetworkPolicy" && apiVersion === NETWORK_POLICY_API_VERSION) {
    const normalized = normalizeNetworkPolicy(object, ctx);
    if (typeof writtenNamespace === "string" || writtenNamespace === undefined || writtenNamespace === null) {
      state.mention(normalized.namespace, namespaceLocation);
    }
    result.problems.push(...normalized.problems);
    if (normalized.policy !== null) result.policies.push(normalized.policy);
    return;
  }
  if (kind === "NetworkPolicy" && isUnservedNetworkPolicyVersion(apiVersion)) {
    state.mention(effectiveNamespace, namespaceLocation);
    result.problems.push({
      rule: "invalid-policy",
      severity: "error",
      location: apiVersion === null ? ctx.location : ctx.locate(["apiVersion"]),
      message:
        apiVersion === null
          ? `NetworkPolicy${nameSuffix(metadata)}: apiVersion is missing; write apiVersion: ${NETWORK_POLICY_API_VERSION}`
          : `NetworkPolicy${nameSuffix(metadata)}: apiVersion ${apiVersion} does not serve NetworkPolicy (extensions/v1beta1 was removed in Kubernetes 1.16); use ${NETWORK_POLICY_API_VERSION}`,
      namespace: effectiveNamespace,
    });
    return;
  }
  if (kind === "Namespace" && apiVersion === "v1") {
    const normalized = normalizeNamespace(object, ctx);
    result.problems.push(...normalized.problems);
    if (normalized.namespace !== null) result.namespaces.push(normalized.namespace);
    return;
  }
  if ((HNC_KINDS as readonly string[]).includes(kind) && apiVersion !== null && apiVersion.startsWith("hnc.x-k8s.io/")) {
    const normalized = normalizeHncObject(kind as HncKind, object, ctx);
    for (const m of normalized.mentions) state.mention(m.name, m.location);
    result.problems.push(...normalized.problems);
    if (normalized.parent !== null) result.hncParents.push(normalized.parent);
    if (normalized.config !== null) result.hncConfigs.push(normalized.config);
    if (normalized.managed !== null) result.namespaces.push(normalized.managed);
    return;
  }

  if (Object.hasOwn(TIERED_API_VERSIONS, kind) && TIERED_API_VERSIONS[kind as keyof typeof TIERED_API_VERSIONS] === apiVersion) {
    const normalized = normalizeTieredPolicy(kind as keyof typeof TIERED_API_VERSIONS, object, ctx);
    result.problems.push(...normalized.problems);
    if (normalized.policy !== null) result.tieredPolicies.push(normalized.policy);
    result.otherObjects.push(...normalized.unmodelled);
    return;
  }

  // Anything else counts only when it looks like an object sent to the API server.
  if (apiVersion === null || !isPlainObject(metadata)) return;
  if (NOT_CLUSTER_OBJECT_GROUPS.has(apiVersion.split("/")[0] ?? "")) return;
  const namespaced = !isClusterScopedKind(kind);
  const name = field(metadata, "name");
  const generateName = field(metadata, "generateName");
  const objectName = typeof name === "string" ? name : typeof generateName === "string" ? generateName : "";
  if (namespaced && hasNamespace && !isDns1123Label(writtenNamespace)) {
    // The API server refuses it: it never exists, and its namespace is no namespace.
    result.problems.push({
      rule: "invalid-policy",
      severity: "error",
      location: namespaceLocation,
      message: `${showName(kind)} ${showName(objectName)}: ${quoteName(writtenNamespace)} is not a valid namespace name (DNS-1123 label: lowercase letters, digits and '-', at most 63 characters)`,
    });
    return;
  }
  if (namespaced && (typeof writtenNamespace === "string" || writtenNamespace === undefined || writtenNamespace === null)) {
    state.mention(effectiveNamespace, namespaceLocation);
  }
  const other: OtherObject = {
    kind,
    name: objectName,
    namespace: namespaced ? effectiveNamespace : null,
    location: ctx.location,
    fingerprint: fingerprint(namespaced ? { ...object, metadata: { ...metadata, namespace: effectiveNamespace } } : object),
  };
  // Judged by the engine (rule unmodelled-traffic-filter), which knows who owns the namespace.
  const filter = describeForeignNetworkPolicy(kind, apiVersion);
  if (filter !== null) other.trafficFilter = `${filter} ${quoteName(objectName)} (${showName(apiVersion)})`;
  result.otherObjects.push(other);
}

/**
 * A NetworkPolicy the API server does not serve: a missing apiVersion, `extensions/v1beta1` (removed in 1.16)
 * or any other built-in group. A custom group is another product's policy (Calico, Antrea...), not this.
 */
function isUnservedNetworkPolicyVersion(apiVersion: string | null): boolean {
  if (apiVersion === null) return true;
  return !isCustomGroup(apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "");
}

function nameSuffix(metadata: unknown): string {
  const name = isPlainObject(metadata) ? field(metadata, "name") : undefined;
  return typeof name === "string" && name !== "" ? ` ${quoteName(name)}` : "";
}

function withoutTypeFields(value: Record<string, unknown>): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === "kind" || key === "apiVersion") continue;
    Object.defineProperty(rest, key, { value: value[key], enumerable: true, writable: true, configurable: true });
  }
  return rest;
}

function internalError(location: SourceLocation, error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  return { rule: "parse-error", severity: "error", location, message: `the manifest could not be read: ${message}` };
}

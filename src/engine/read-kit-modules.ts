import { isClusterScopedKind } from "../parsers/kubernetes/cluster-scoped-kinds.js";
import { describeForeignNetworkPolicy } from "../parsers/kubernetes/describe-foreign-network-policy.js";
import { isDns1123Label } from "../model/kubernetes-names.js";
import { RESOURCE_PREFIX } from "../parsers/terraform/traffic-resource-types.js";
import { makeFinding, type Finding } from "../model/finding.js";
import type { SourceLocation, TfModule, TfValue } from "../model/types.js";
import { quoteName } from "../model/quote-name.js";

/** A starter-kit module: one service namespace and whom it talks to. */
export interface StarterKitService {
  module: string;
  name: string;
  nameLocation: SourceLocation;
  team: string | null;
  teamLocation: SourceLocation;
  company: string | null;
  companyLocation: SourceLocation;
  enableNetworkPolicy: boolean;
  enableLocation: SourceLocation;
  namespaces: { name: string; location: SourceLocation }[];
  /** Where the namespace list (or one of its entries) could not be read: it may then allow anything. */
  unresolvedNamespaces: SourceLocation | null;
  location: SourceLocation;
  fingerprint: string;
}

/** A team-kit module: a team namespace and its company. */
export interface TeamKit {
  module: string;
  name: string;
  nameLocation: SourceLocation;
  company: string | null;
  companyLocation: SourceLocation;
  location: SourceLocation;
  fingerprint: string;
}

/**
 * Something that may filter or allow traffic that netpol-guard does not model (a Cilium or Calico policy, a
 * Terraform NetworkPolicy resource, a module with a `network.security` input that is no known kit). The rule
 * `unmodelled-traffic-filter` judges it by who owns its place.
 */
export interface UnmodelledFilter {
  /** What it is, for messages: `Cilium CiliumNetworkPolicy "x" (cilium.io/v2)`. */
  what: string;
  /** In a namespace (named), cluster-wide, or somewhere netpol-guard cannot tell. */
  place: { kind: "namespace"; namespace: string } | { kind: "cluster" } | { kind: "unknown" };
  location: SourceLocation;
  /** Its content: a changed filter is judged again. */
  fingerprint: string;
  /** How a product team fixes it, when the default advice does not fit. */
  fix?: string;
}

export interface KitModules {
  services: StarterKitService[];
  teams: TeamKit[];
  /** Resources and modules of the directory that may filter traffic and are not kits. */
  filters: UnmodelledFilter[];
  findings: Finding[];
}

export interface KitMatchers {
  isStarterKit(source: string): boolean;
  isTeamKit(source: string): boolean;
}

function describe(value: TfValue): string {
  switch (value.kind) {
    case "unresolvable":
      return `\`${value.text.length > 60 ? value.text.slice(0, 57) + "..." : value.text}\` (${value.reason})`;
    case "list":
      return "a list";
    case "object":
      return "an object";
    case "null":
      return "null";
    default:
      return `\`${String(value.value)}\``;
  }
}

/** Follows `network.security.namespaces`-style paths through nested objects. */
function lookup(module: TfModule, path: string[]): TfValue | undefined {
  let value: TfValue | undefined = module.attributes.get(path[0]!);
  for (const key of path.slice(1)) {
    if (value === undefined) return undefined;
    if (value.kind !== "object") return value;
    value = value.entries.get(key);
  }
  return value;
}

/**
 * Classifies `module` blocks by their `source` and reads the attributes netpol-guard relies on. What is
 * not a literal (or a same-directory local) becomes an `unresolvable` finding, and the module is read on
 * the safe side: an unreadable namespace list may allow anything, an unreadable switch is off.
 */
export function readKitModules(modules: TfModule[], matchers: KitMatchers): KitModules {
  const services: StarterKitService[] = [];
  const teams: TeamKit[] = [];
  const filters: UnmodelledFilter[] = [];
  const findings: Finding[] = [];

  const unresolvable = (module: TfModule, attribute: string, value: TfValue | undefined, why: string): void => {
    const location = value?.location ?? module.location;
    findings.push(
      makeFinding({
        rule: "unresolvable",
        severity: "error",
        location,
        namespace: null,
        message: `module ${quoteName(module.name)}: ${attribute} ${value ? `is ${describe(value)}` : "is missing"}; ${why}`,
        key: `unresolvable|${module.fingerprint}|${attribute}`,
      }),
    );
  };

  const invalidName = (module: TfModule, attribute: string, value: string, location: SourceLocation): void => {
    findings.push(
      makeFinding({
        rule: "invalid-policy",
        severity: "error",
        location,
        namespace: null,
        message: `module ${quoteName(module.name)}: ${attribute} ${quoteName(value)} is not a valid namespace name (lowercase letters, digits and '-', at most 63 characters); the kit would fail to apply it.`,
        key: `invalid-policy|${module.fingerprint}|${attribute}|${value}`,
      }),
    );
  };

  const readString = (module: TfModule, path: string[], required: boolean): { value: string | null; location: SourceLocation } => {
    const value = lookup(module, path);
    if (value?.kind === "string" && value.value !== "") {
      // A namespace name is a DNS-1123 label; anything else would never be a namespace (and could clash
      // with the ids of namespaces that do not exist yet).
      if (!isDns1123Label(value.value)) {
        invalidName(module, path.join("."), value.value, value.location);
        return { value: null, location: value.location };
      }
      return { value: value.value, location: value.location };
    }
    if (value !== undefined || required) {
      unresolvable(module, path.join("."), value, "netpol-guard needs a literal string or a local defined in this directory");
    }
    return { value: null, location: value?.location ?? module.location };
  };

  for (const module of modules) {
    if (module.name.startsWith(RESOURCE_PREFIX)) {
      const filter = resourceFilter(module);
      if (filter) filters.push(filter);
      continue;
    }
    const source = module.attributes.get("source");
    if (source === undefined) continue;
    const isKit = source.kind === "string" && (matchers.isStarterKit(source.value) || matchers.isTeamKit(source.value));
    const reportedUnresolvable = source.kind !== "string" && (module.attributes.has("service_name") || module.attributes.has("team_name"));
    const security = lookup(module, ["network", "security"]);
    if (!isKit && !reportedUnresolvable && security !== undefined && security.kind !== "null") {
      const shown = source.kind === "string" ? JSON.stringify(source.value) : describe(source);
      filters.push({
        what: `module "${module.name}" (source ${shown}, not a recognised kit) with a network.security input`,
        place: { kind: "unknown" },
        location: security.location,
        fingerprint: module.fingerprint,
        fix: "use the starter-kit, or, if this module is one, make starterKit.source in .github/netpol-guard.yml match its source",
      });
    }
    if (source.kind !== "string") {
      if (reportedUnresolvable) unresolvable(module, "source", source, "the module cannot be recognised as a kit, so what it allows is unknown");
      continue;
    }
    if (matchers.isStarterKit(source.value)) {
      const name = readString(module, ["service_name"], true);
      if (name.value === null) continue;
      const team = readString(module, ["service_team"], true);
      const company = readString(module, ["service_company"], true);
      const enable = lookup(module, ["network", "security", "enable_network_policy"]);
      let enableNetworkPolicy = false;
      if (enable?.kind === "bool") enableNetworkPolicy = enable.value;
      else if (enable !== undefined && enable.kind !== "null") {
        unresolvable(module, "network.security.enable_network_policy", enable, "read as false: the service may not be isolated");
      }
      // An input of network.security that is not read may open anything the kit supports.
      if (security?.kind === "object") {
        for (const [key, value] of security.entries) {
          if (key === "enable_network_policy" || key === "namespaces") continue;
          filters.push({
            what: `network.security.${key} of starter-kit module "${module.name}", an input netpol-guard does not read`,
            place: { kind: "namespace", namespace: name.value },
            location: value.location,
            fingerprint: module.fingerprint,
            fix: "list the namespaces the service talks to in network.security.namespaces instead",
          });
        }
      }
      const list = lookup(module, ["network", "security", "namespaces"]);
      const namespaces: StarterKitService["namespaces"] = [];
      let unresolvedNamespaces: SourceLocation | null = null;
      if (list?.kind === "list") {
        for (const item of list.items) {
          if (item.kind === "string" && !isDns1123Label(item.value)) invalidName(module, "network.security.namespaces entry", item.value, item.location);
          else if (item.kind === "string") namespaces.push({ name: item.value, location: item.location });
          else {
            unresolvedNamespaces ??= item.location;
            unresolvable(module, "network.security.namespaces entry", item, "it may name any namespace, in any company");
          }
        }
      } else if (list !== undefined && list.kind !== "null") {
        unresolvedNamespaces = list.location;
        unresolvable(module, "network.security.namespaces", list, "it may name any namespace, in any company");
      }
      services.push({
        module: module.name,
        name: name.value,
        nameLocation: name.location,
        team: team.value,
        teamLocation: team.location,
        company: company.value,
        companyLocation: company.location,
        enableNetworkPolicy,
        enableLocation: enable?.location ?? module.location,
        namespaces,
        unresolvedNamespaces,
        location: module.location,
        fingerprint: module.fingerprint,
      });
    } else if (matchers.isTeamKit(source.value)) {
      const name = readString(module, ["team_name"], true);
      if (name.value === null) continue;
      const company = readString(module, ["team_company"], true);
      teams.push({
        module: module.name,
        name: name.value,
        nameLocation: name.location,
        company: company.value,
        companyLocation: company.location,
        location: module.location,
        fingerprint: module.fingerprint,
      });
    }
  }
  return { services, teams, filters, findings };
}

/** A Terraform resource that creates a traffic filter, with its place; null when it creates none. */
function resourceFilter(module: TfModule): UnmodelledFilter | null {
  const [type, name] = module.name.slice(RESOURCE_PREFIX.length).split(".") as [string, string];
  const what = (kind: string) => `${kind} created by Terraform resource ${type}.${name}`;
  const placeOf = (namespace: TfValue | undefined, clusterScoped: boolean): UnmodelledFilter["place"] => {
    if (clusterScoped) return { kind: "cluster" };
    if (namespace === undefined || namespace.kind === "null") return { kind: "namespace", namespace: "default" };
    return namespace.kind === "string" ? { kind: "namespace", namespace: namespace.value } : { kind: "unknown" };
  };
  if (type !== "kubernetes_manifest") {
    return { what: what("NetworkPolicy"), place: placeOf(lookup(module, ["metadata", "namespace"]), false), location: module.location, fingerprint: module.fingerprint };
  }
  // Any object: only traffic filters count, and a kind that cannot be read may be one.
  const kind = lookup(module, ["manifest", "kind"]);
  const apiVersion = lookup(module, ["manifest", "apiVersion"]);
  const version = apiVersion?.kind === "string" ? apiVersion.value : null;
  if (kind?.kind === "string") {
    const filter = kind.value === "NetworkPolicy" ? "NetworkPolicy" : describeForeignNetworkPolicy(kind.value, version);
    if (filter === null) return null;
    return { what: what(filter), place: placeOf(lookup(module, ["manifest", "metadata", "namespace"]), isClusterScopedKind(kind.value)), location: module.location, fingerprint: module.fingerprint };
  }
  return { what: what("an object whose kind cannot be read"), place: { kind: "unknown" }, location: module.location, fingerprint: module.fingerprint };
}

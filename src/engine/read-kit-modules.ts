import { isDns1123Label } from "../parsers/kubernetes/kubernetes-names.js";
import { makeFinding, type Finding } from "./finding.js";
import type { SourceLocation, TfModule, TfValue } from "./types.js";
import { quoteName } from "../parsers/kubernetes/quote-name.js";

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

export interface KitModules {
  services: StarterKitService[];
  teams: TeamKit[];
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
    const source = module.attributes.get("source");
    if (source === undefined) continue;
    if (source.kind !== "string") {
      if (module.attributes.has("service_name") || module.attributes.has("team_name")) {
        unresolvable(module, "source", source, "the module cannot be recognised as a kit, so what it allows is unknown");
      }
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
  return { services, teams, findings };
}

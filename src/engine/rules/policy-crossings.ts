import type { Model } from "../build-model.js";
import { isPhantom, phantomId, type NamespaceSet } from "../../model/namespace-set.js";
import { crossingReach, policyCopies } from "../crossing-reach.js";
import type { CrossingReach } from "../../model/crossing-reach.js";
import { ruleNamespaces } from "../reachability.js";
import type { Direction } from "../../model/types.js";
import type { NetworkPolicyModel, SourceLocation } from "../../model/types.js";

/** One peer of a policy that reaches namespaces of another company. */
export interface Crossing {
  direction: Direction;
  ruleIndex: number;
  /** -1 when the rule has no `to`/`from` at all (it allows every peer). */
  peerIndex: number;
  location: SourceLocation;
  /** Companies reached, sorted; `*` stands for namespaces created later outside every company. */
  companies: string[];
  /** Some known foreign namespaces, for the message. */
  examples: string[];
  /** The peer also matches namespaces that do not exist yet in another company. */
  future: boolean;
  /** The peer matches every namespace (all but finitely many). */
  everything: boolean;
  /** Every namespace (and phantom) the peer matches, own company included. */
  set: NamespaceSet;
}

const MAX_EXAMPLES = 3;

/** Which companies other than `own` a set of namespaces reaches. */
export function foreignReach(
  model: Model,
  set: NamespaceSet,
  own: string | null,
): Pick<Crossing, "companies" | "examples" | "future" | "everything"> | null {
  const h = model.hierarchy;
  const companies = new Set<string>();
  const examples: string[] = [];
  if (set.kind === "finite") {
    // A set of one company's namespaces (a tree selector's) reaches no other: no need to look at each name.
    const sole = model.index.soleCompany(set);
    if (sole === null || (sole !== undefined && sole === own)) return null;
    let future = false;
    for (const name of set.names) {
      // One lookup per name (a set may hold a whole company): a shared namespace's company is null.
      const node = h.get(name);
      const company = node ? node.company : h.companyOf(name);
      if (company === null || company === own) continue;
      companies.add(company === "*" ? "*" : company);
      if (isPhantom(name)) future = true;
      else if (examples.length < MAX_EXAMPLES) examples.push(name);
    }
    if (companies.size === 0) return null;
    return { companies: [...companies].sort(), examples: examples.sort(), future, everything: false };
  }
  // Co-finite: every company but own is reached, unless each of its namespaces and its phantom is excluded.
  const excluded = new Map<string, number>();
  for (const name of set.except) {
    const company = h.companyOf(name);
    if (company !== null) excluded.set(company, (excluded.get(company) ?? 0) + 1);
  }
  let future = false;
  for (const company of h.companies) {
    if (company === own) continue;
    const count = excluded.get(company) ?? 0;
    // Reached unless every namespace of the company, and its phantom, is excluded.
    if (count === 0 || count < h.subtree(company).length + 1) companies.add(company);
    if (!set.except.has(phantomId(company))) future = true;
  }
  // The namespaces outside the repository are the phantom outside every tree: a selector that excludes it
  // (one no namespace created later can satisfy) does not reach them.
  if (!set.except.has(phantomId(null))) {
    companies.add("*");
    future = true;
  }
  if (companies.size === 0) return null;
  for (const company of companies) {
    if (examples.length >= MAX_EXAMPLES) break;
    if (company !== "*" && !set.except.has(company)) examples.push(company);
  }
  return { companies: [...companies].sort(), examples, future, everything: set.except.size === 0 };
}

/** Every peer of a manifest policy that reaches another company than the policy's own namespace's. */
export function policyCrossings(model: Model, policy: NetworkPolicyModel): Crossing[] {
  const own = model.hierarchy.companyOf(policy.namespace);
  if (own === null) return [];
  const result: Crossing[] = [];
  for (const direction of ["egress", "ingress"] as const) {
    const rules = policy[direction];
    if (!rules) continue;
    rules.forEach((rule, ruleIndex) => {
      const sets = ruleNamespaces(model, rule, policy.namespace);
      sets.forEach((set, peerIndex) => {
        const reach = foreignReach(model, set, own);
        if (!reach) return;
        const peer = rule.peers === "all" ? null : rule.peers[peerIndex]!;
        result.push({
          direction,
          ruleIndex,
          peerIndex: peer ? peerIndex : -1,
          location: peer ? peer.location : rule.location,
          ...reach,
          set,
        });
      });
    });
  }
  return result;
}

/**
 * The crossings of a policy, each with its reach and its finding's key (`rule`, the policy's name and
 * content, the peer, and a digest of the reach).
 */
export function crossingsWithReach(model: Model, policy: NetworkPolicyModel, rule: string): { crossing: Crossing; reach: CrossingReach; key: string }[] {
  const crossings = policyCrossings(model, policy);
  if (crossings.length === 0) return [];
  const copies = policyCopies(model, policy);
  return crossings.map((c) => {
    const declaration = `${rule}|${policy.namespace}/${policy.name}|${policy.fingerprint}|${c.direction}|${c.ruleIndex}|${c.peerIndex}`;
    return { crossing: c, ...crossingReach(model, policy, c.set, copies, declaration, c.direction) };
  });
}

/** "company-y (service-4, service-5), namespaces created later" */
export function describeReach(c: Pick<Crossing, "companies" | "examples" | "future" | "everything">): string {
  if (c.everything) return "every namespace of every company, including namespaces created later";
  const named = c.companies.filter((x) => x !== "*");
  const parts: string[] = [];
  if (named.length > 0) {
    parts.push(`${named.length === 1 ? "company" : "companies"} ${named.join(", ")}${c.examples.length ? ` (${c.examples.join(", ")}${c.examples.length >= MAX_EXAMPLES ? ", ..." : ""})` : ""}`);
  }
  if (c.future) parts.push("namespaces created later");
  return parts.join(", and ");
}

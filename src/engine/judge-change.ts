import type { ConfigFile } from "../config/parse-config-file.js";
import { sameItems, type Model } from "./build-model.js";
import type { NamespaceIndex } from "./namespace-index.js";
import type { KitModules, StarterKitService, UnmodelledFilter } from "./read-kit-modules.js";
import type { ManifestFileResult, NetworkPolicyModel } from "../model/types.js";
import { compareFindings, makeFinding, type Finding } from "../model/finding.js";
import type { CrossingReach } from "../model/crossing-reach.js";
import { isWithinReach } from "./is-within-reach.js";
import { problemToFinding } from "./parse-files.js";
import { Reachability } from "./reachability.js";
import { tiersSignature } from "./tier-evaluator.js";
import { findCompanyMismatches } from "./rules/company-mismatch.js";
import { findCrossVcAccess } from "./rules/cross-vc-access.js";
import { notIsolatedAt } from "./rules/not-isolated.js";
import { findPlatformOwnedChanges } from "./rules/platform-owned.js";
import { findUnknownNamespaces } from "./rules/unknown-namespace.js";
import { findUnmodelledTrafficFilters, manifestFilters } from "./rules/unmodelled-traffic-filter.js";
import { findUnexplainedCrossings } from "./rules/unexplained-crossing.js";
import { findVcMoves } from "./rules/vc-move.js";
import { findVcToVcPolicies } from "./rules/vc-to-vc-policy.js";
import { findTieredVcToVc } from "./rules/tiered-vc-to-vc.js";
import { findBoundaryDrift } from "./rules/boundary-drift.js";
import { withUnknownContent } from "./with-unknown-content.js";
import type { ObservedSection } from "./add-observed-flows.js";
import { suggestEntryRemoval } from "./suggest-removal.js";

export type Conclusion = "success" | "failure" | "action_required";

export interface ConnectivityEdge {
  from: string;
  to: string;
  crossesVC: boolean;
}

/** Everything the engine decides about a change; the JSON output of `check` is this, minus `context`. */
export interface Judgement {
  version: 1;
  conclusion: Conclusion;
  platformReviewRequired: boolean;
  /** Findings the change introduced. */
  findings: Finding[];
  /** Findings already true at the base, still true at the head: listed, never failing the change. */
  preexisting: Finding[];
  connectivity: { added: ConnectivityEdge[]; removed: ConnectivityEdge[] };
  /** Namespaces the change touches or reports on, for drawing the affected part of the tree. */
  affectedNamespaces: string[];
  /** The company of every namespace named above (head first, else base); null for shared namespaces. */
  companies: Record<string, string | null>;
  /** What observed traffic says of the change, when flows were given (see add-observed-flows.ts). */
  observed?: ObservedSection;
}

/** The config file at the base and at the head of a change, each parsed once by the caller. */
export interface ConfigFileVersions {
  base: ConfigFile;
  head: ConfigFile;
}

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

/** Every finding that holds at one ref, whatever the change (remembered: a cached base is judged once). */
export function findingsAt(ref: JudgedRef): Finding[] {
  return (ref.remembered.findings ??= computeFindingsAt(ref));
}

/**
 * The findings of a ref derived from `base` (see derive-ref.ts): the `not-isolated` findings of namespaces
 * outside `recheck` are the base's; the rest is assembled as for any ref, from each file's share.
 */
export function findingsOfDerived(ref: JudgedRef, base: JudgedRef, recheck: ReadonlySet<string>): Finding[] {
  findingsAt(base);
  return computeFindingsAt(ref, { before: base.remembered.notIsolated!, recheck });
}

const NONE: Finding[] = [];

/** One Terraform directory's or manifest file's findings under one hierarchy (by its label index). */
export interface FileFindings {
  index: NamespaceIndex;
  policies: readonly NetworkPolicyModel[];
  crossVc: Finding[];
  vcToVc: Finding[];
  unknown: Finding[];
  mismatch: Finding[];
  filters: Finding[];
}

/**
 * The per-file rules (crossings, VC-to-VC policies, unknown names, company mismatches) of the services of a
 * kit directory or the counted policies of a manifest file. They depend on the file and on the hierarchy's
 * shape only, so a ref that shares the label index of another reuses the findings of every unchanged file.
 */
function fileFindings(
  model: Model,
  file: KitModules | ManifestFileResult,
  services: readonly StarterKitService[],
  policies: readonly NetworkPolicyModel[],
  filters: readonly UnmodelledFilter[],
): FileFindings {
  const hit = model.memo.findingsOfFile.get(file);
  if (hit && hit.index === model.index && sameItems(hit.policies, policies)) return hit;
  // Each file is split into lines once, however many of its entries need a suggestion.
  const linesOf = new Map<string, string[]>();
  const suggest = (path: string, line: number, entry: string): string | null => {
    let lines = linesOf.get(path);
    if (lines === undefined) {
      const text = model.texts.get(path);
      if (text === undefined) return null;
      linesOf.set(path, (lines = text.split(/\r?\n/)));
    }
    const lineText = lines[line - 1];
    return lineText === undefined ? null : suggestEntryRemoval(lineText, entry, path.endsWith(".json"));
  };
  const result: FileFindings = {
    index: model.index,
    policies,
    crossVc: findCrossVcAccess(model, suggest, services, policies),
    vcToVc: policies.length > 0 ? findVcToVcPolicies(model, policies) : NONE,
    unknown: findUnknownNamespaces(model, services, policies),
    mismatch: services.length > 0 ? findCompanyMismatches(model, services) : NONE,
    filters: filters.length > 0 ? findUnmodelledTrafficFilters(model, filters) : NONE,
  };
  model.memo.findingsOfFile.set(file, result);
  return result;
}

/**
 * Every finding of a ref, in a fixed order: reading, crossings (kits, then policies), VC-to-VC policies,
 * unknown names (kits, then policies), company mismatches, then `not-isolated` per service namespace.
 * With `known`, the `not-isolated` findings of a namespace outside `known.recheck` are `known.before`'s.
 */
function computeFindingsAt(ref: JudgedRef, known?: { before: ReadonlyMap<string, Finding[]>; recheck: ReadonlySet<string> }): Finding[] {
  const { model, reach } = ref;
  const { parsed, unitKits, unitPolicies } = model.parts;
  const kitFiles = unitKits.map((kits) => fileFindings(model, kits, kits.services, NONE_POLICIES, kits.filters));
  const manifestFiles = parsed.manifests.map((m, i) => fileFindings(model, m, NONE_SERVICES, unitPolicies[i]!, manifestFilters(m.otherObjects)));
  const findings: Finding[] = model.findings.map((f) => withUnknownContent(model, f, model.memo));
  const append = (files: FileFindings[], pick: (f: FileFindings) => Finding[]): void => {
    for (const f of files) for (const finding of pick(f)) findings.push(finding);
  };
  append(kitFiles, (f) => f.crossVc);
  append(manifestFiles, (f) => f.crossVc);
  append(manifestFiles, (f) => f.vcToVc);
  for (const finding of findTieredVcToVc(model, reach.tiers)) findings.push(finding);
  for (const finding of findBoundaryDrift(model)) findings.push(finding);
  append(kitFiles, (f) => f.unknown);
  append(manifestFiles, (f) => f.unknown);
  append(kitFiles, (f) => f.mismatch);
  append(kitFiles, (f) => f.filters);
  append(manifestFiles, (f) => f.filters);

  // The last starter-kit module naming a namespace is the one that counts.
  const kitByName = new Map<string, StarterKitService>();
  for (const s of model.services) if (!known || known.recheck.has(s.name)) kitByName.set(s.name, s);
  const notIsolated = new Map<string, Finding[]>();
  for (const node of model.hierarchy.nodes.values()) {
    if (node.role !== "service") continue;
    const list =
      !known || known.recheck.has(node.name) ? notIsolatedAt(node, kitByName.get(node.name), reach) : (known.before.get(node.name) ?? NONE);
    if (list.length === 0) continue;
    notIsolated.set(node.name, list);
    for (const f of list) findings.push(f);
  }
  ref.remembered.notIsolated = notIsolated;
  return findings;
}

const NONE_POLICIES: readonly NetworkPolicyModel[] = [];
const NONE_SERVICES: readonly StarterKitService[] = [];

/** What a namespace's edges depend on: its labels and the policies that apply to it. */
function signature(ref: JudgedRef, namespace: string): string | null {
  const memo = ref.remembered.signatures;
  const known = memo.get(namespace);
  if (known !== undefined) return known;
  const node = ref.model.hierarchy.get(namespace);
  if (!node) return null;
  // The company too: a move turns the namespace's edges into crossings (or back), whatever its labels say.
  let labels = `${node.company ?? ""}|`;
  for (const key in node.labels) labels += `${key}=${node.labels[key]},`;
  const applicable = ref.reach.applicable(namespace);
  const policies = applicable.length === 1 ? `${applicable[0]!.policy.fingerprint}@${applicable[0]!.inheritedFrom ?? ""}` : applicable
    .map(({ policy, inheritedFrom }) => `${policy.fingerprint}@${inheritedFrom ?? ""}`)
    .sort()
    .join(",");
  // Tiered policies are cluster-wide: any change to them may change the edges of every namespace.
  const result = `${labels}|${policies}|${tiersSignature(ref.model)}`;
  memo.set(namespace, result);
  return result;
}

/**
 * What makes an edge at the base and one at the head the same: its ends and, when it crosses companies,
 * which companies it joins. An edge that did not cross at the base and crosses at the head (one end moved
 * to another company), or that joins another pair of companies, is a new crossing: added.
 */
function edgeSignature(ref: JudgedRef, from: string, to: string): string {
  const a = ref.model.hierarchy.companyOf(from);
  const b = ref.model.hierarchy.companyOf(to);
  return a !== null && b !== null && a !== b ? `${from}\u0000${to}\u0000${a}\u0000${b}` : `${from}\u0000${to}`;
}

/** Edges added and removed, computed only around the namespaces whose labels or policies differ. */
export function diffConnectivity(base: JudgedRef, head: JudgedRef): { added: ConnectivityEdge[]; removed: ConnectivityEdge[]; touched: string[] } {
  const known = head.derivedFrom;
  const names =
    known && known.base.deref() === base ? known.changed : new Set([...base.model.hierarchy.nodes.keys(), ...head.model.hierarchy.nodes.keys()]);
  const touched: string[] = [];
  for (const name of names) if (signature(base, name) !== signature(head, name)) touched.push(name);
  const edgesAround = (ref: JudgedRef): Set<string> => {
    const pairs = new Set<string>();
    for (const t of touched) {
      if (!ref.model.hierarchy.has(t)) continue;
      for (const to of ref.reach.edgesFrom(t)) pairs.add(edgeSignature(ref, t, to));
      for (const from of ref.reach.edgesTo(t)) pairs.add(edgeSignature(ref, from, t));
    }
    return pairs;
  };
  const before = edgesAround(base);
  const after = edgesAround(head);
  const toEdge = (signature: string): ConnectivityEdge => {
    const [from, to, crossing] = signature.split("\u0000") as [string, string, string | undefined];
    return { from, to, crossesVC: crossing !== undefined };
  };
  const order = (x: ConnectivityEdge, y: ConnectivityEdge): number =>
    Number(y.crossesVC) - Number(x.crossesVC) || (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : x.to > y.to ? 1 : 0);
  // A pair that stays an edge is listed only when it becomes (or stops being) a crossing, and then once, on
  // the side where it crosses: a crossing is what a reviewer must see, not that an edge stopped not crossing.
  const pairsOf = (signatures: Set<string>): Set<string> => new Set([...signatures].map((p) => p.split("\u0000", 2).join("\u0000")));
  const pairsBefore = pairsOf(before);
  const pairsAfter = pairsOf(after);
  const changed = (from: Set<string>, to: Set<string>, pairsTo: Set<string>): ConnectivityEdge[] =>
    [...from]
      .filter((p) => !to.has(p))
      .map(toEdge)
      .filter((e) => e.crossesVC || !pairsTo.has(`${e.from}\u0000${e.to}`))
      .sort(order);
  const added = changed(after, before, pairsBefore);
  const removed = changed(before, after, pairsAfter);
  return { added, removed, touched };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const id = `${f.key}\u0000${f.file}\u0000${f.line}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** A crossing whose declaration is unchanged but reaches more than at the base: the message says why it is new. */
function widened(f: Finding): Finding {
  return { ...f, message: `${f.message} The policy is unchanged, but it reaches more than on the base branch: what it matches or where HNC copies it changed (Namespace labels, new or moved namespaces, HNC propagation).` };
}

function configFindings(config: ConfigFile): Finding[] {
  return config.problems.map((p) => problemToFinding(p));
}

/**
 * Judges a change: findings at the head that the base did not have are introduced (they can fail the
 * change); the rest are pre-existing. The config that judges comes from the base; the head's config is
 * only validated, and changing it is a platform-owned change.
 */
export function judgeChange(base: JudgedRef, head: JudgedRef, config: ConfigFileVersions): Judgement {
  const atBase = [...findingsAt(base), ...configFindings(config.base)];
  const atHead = [...findingsAt(head), ...configFindings(config.head)];
  const baseKeys = new Set(atBase.map((f) => f.key));
  const baseReach = new Map<string, CrossingReach[]>();
  for (const f of atBase) {
    const reach = f.reach;
    if (reach) baseReach.set(reach.declaration, [...(baseReach.get(reach.declaration) ?? []), reach]);
  }
  // A crossing whose declaration is unchanged is pre-existing while it reaches nothing more than at the base.
  const existed = (f: Finding): boolean => {
    if (baseKeys.has(f.key)) return true;
    const reach = f.reach;
    const before = reach && baseReach.get(reach.declaration);
    return before !== undefined && before.some((b) => isWithinReach(reach!, b, head.model.hierarchy, base.model.hierarchy));
  };
  const introduced: Finding[] = [];
  const kept: Finding[] = [];
  for (const f of atHead) {
    if (existed(f)) kept.push(f);
    else introduced.push(baseReach.has(f.reach?.declaration ?? "") ? widened(f) : f);
  }
  // A sanctioned VC-to-VC policy that the change leaves alone (same reach, or less) is no problem to list.
  const preexisting = kept.filter((f) => f.rule !== "vc-to-vc-policy");

  const coveredPolicies = new Set<string>(
    introduced.filter((f) => f.rule === "vc-to-vc-policy").map((f) => `policy|${f.key.split("|")[1]}`),
  );
  // A head derived from the base shares its label index, hence its hierarchy's shape: nothing moved.
  const moves = base.model.index === head.model.index ? [] : findVcMoves(base.model, head.model);
  introduced.push(...moves);
  // A move is reported once, as vc-move, not also as the platform-owned change that made it.
  const teamKitOf = new Map(head.model.teams.map((t) => [t.name, t.module]));
  for (const move of moves) {
    const ns = move.namespace!;
    const module = teamKitOf.get(ns);
    if (module !== undefined) coveredPolicies.add(`team-kit|${module}`);
    coveredPolicies.add(`hnc|HierarchyConfiguration|${ns}`);
    coveredPolicies.add(`hnc|SubnamespaceAnchor|${ns}`);
  }
  introduced.push(...findPlatformOwnedChanges(base, head, coveredPolicies));
  if (config.base.text !== config.head.text) {
    const { file, text } = config.head;
    introduced.push(
      makeFinding({
        rule: "platform-owned",
        severity: "warning",
        location: { file, line: 1, endLine: 1 },
        namespace: null,
        message: `${file} is ${text === null ? "removed" : config.base.text === null ? "added" : "changed"}; the bot's configuration belongs to the platform team, and this change is judged by the base branch's version.`,
        key: `platform-owned|config|${text ?? ""}`,
      }),
    );
  }

  const connectivity = diffConnectivity(base, head);
  // The invariant: every crossing the change adds is explained by a finding, or is a finding itself.
  const approved = kept.filter((f) => f.rule === "vc-to-vc-policy");
  introduced.push(...findUnexplainedCrossings(base, head, connectivity.added, dedupe(introduced), approved));
  const findings = dedupe(introduced).sort(compareFindings);
  const pre = dedupe(preexisting).sort(compareFindings);
  const platformReviewRequired = findings.some((f) => f.platformReview);
  const conclusion: Conclusion = findings.some((f) => f.severity === "error")
    ? "failure"
    : platformReviewRequired
      ? "action_required"
      : "success";
  const affected = new Set<string>();
  for (const f of findings) if (f.namespace) affected.add(f.namespace);
  for (const e of [...connectivity.added, ...connectivity.removed]) {
    if (!e.crossesVC) continue;
    affected.add(e.from);
    affected.add(e.to);
  }
  const companies: Record<string, string | null> = {};
  const note = (name: string | null | undefined): void => {
    if (!name || name in companies) return;
    const known = head.model.hierarchy.has(name) ? head.model.hierarchy : base.model.hierarchy.has(name) ? base.model.hierarchy : null;
    if (known) companies[name] = known.companyOf(name);
  };
  for (const f of [...findings, ...pre]) {
    note(f.namespace);
    note(f.peer);
  }
  for (const e of [...connectivity.added, ...connectivity.removed]) {
    note(e.from);
    note(e.to);
  }
  for (const n of affected) note(n);
  return {
    version: 1,
    conclusion,
    platformReviewRequired,
    findings,
    preexisting: pre,
    connectivity: { added: connectivity.added, removed: connectivity.removed },
    affectedNamespaces: [...affected].filter((n) => head.model.hierarchy.has(n) || base.model.hierarchy.has(n)).sort(),
    companies,
  };
}

import type { ConfigFile } from "../config/parse-config-file.js";
import { compareFindings, type Finding } from "../model/finding.js";
import type { ObservedSection } from "./add-observed-flows.js";
import { affectedNamespaces } from "./affected-namespaces.js";
import { configChangeFinding } from "./config-change-finding.js";
import { decideConclusion } from "./decide-conclusion.js";
import { dedupeFindings } from "./dedupe-findings.js";
import { diffConnectivity, type ConnectivityEdge } from "./diff-connectivity.js";
import { findingsAt } from "./findings-at.js";
import type { JudgedRef } from "./judged-ref.js";
import { problemToFinding } from "./parse-files.js";
import { findPlatformOwnedChanges } from "./rules/platform-owned.js";
import { findUnexplainedCrossings } from "./rules/unexplained-crossing.js";
import { findVcMoves } from "./rules/vc-move.js";
import { splitByBase } from "./split-by-base.js";

export type Conclusion = "success" | "failure" | "action_required";

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

/**
 * Judges a change: findings at the head that the base did not have are introduced (they can fail the
 * change); the rest are pre-existing. The config that judges comes from the base; the head's config is
 * only validated, and changing it is a platform-owned change.
 */
export function judgeChange(base: JudgedRef, head: JudgedRef, config: ConfigFileVersions): Judgement {
  const configFindings = (c: ConfigFile): Finding[] => c.problems.map((p) => problemToFinding(p));
  const atBase = [...findingsAt(base), ...configFindings(config.base)];
  const atHead = [...findingsAt(head), ...configFindings(config.head)];
  const { introduced, kept } = splitByBase(atBase, atHead, base, head);
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
  const configChange = configChangeFinding(config.base, config.head);
  if (configChange) introduced.push(configChange);

  const connectivity = diffConnectivity(base, head);
  // The invariant: every crossing the change adds is explained by a finding, or is a finding itself.
  const approved = kept.filter((f) => f.rule === "vc-to-vc-policy");
  introduced.push(...findUnexplainedCrossings(base, head, connectivity.added, dedupeFindings(introduced), approved));
  const findings = dedupeFindings(introduced).sort(compareFindings);
  const pre = dedupeFindings(preexisting).sort(compareFindings);
  const scope = affectedNamespaces(base, head, findings, pre, [...connectivity.added, ...connectivity.removed]);
  return {
    version: 1,
    ...decideConclusion(findings),
    findings,
    preexisting: pre,
    connectivity: { added: connectivity.added, removed: connectivity.removed },
    affectedNamespaces: scope.affectedNamespaces,
    companies: scope.companies,
  };
}

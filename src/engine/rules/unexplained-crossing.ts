import { CONFIG_PATH } from "../../config/schema.js";
import { makeFinding, type Finding } from "../../model/finding.js";
import type { ConnectivityEdge } from "../diff-connectivity.js";
import type { JudgedRef } from "../judged-ref.js";
import { phantomId, setHas } from "../../model/namespace-set.js";
import { ruleNamespaces } from "../reachability.js";
import type { Direction } from "../../model/types.js";
import type { SourceLocation } from "../../model/types.js";

/** At most this many edges are named in a platform-owned finding's message (all of them are approved). */
const MAX_LISTED = 5;
/** At most this many unexplained edges become findings of their own; the last one counts the rest. */
const MAX_FINDINGS = 50;

/**
 * `unexplained-crossing`: the invariant behind every rule. Each cross-company edge the change adds must be
 * explained by a finding that can stop it: an introduced error or platform-review finding attributed to the
 * edge, or a VC-to-VC policy the platform already approved whose reach the change leaves within its base
 * reach (`approved`). An edge nothing explains becomes an error, located at the declaration that opened it
 * when one is known, else at a file the change touched. A `platform-owned` finding that explains edges lists
 * them in its message, so the platform team sees what it approves.
 */
export function findUnexplainedCrossings(
  base: JudgedRef,
  head: JudgedRef,
  added: readonly ConnectivityEdge[],
  introduced: Finding[],
  approved: readonly Finding[],
): Finding[] {
  const findings: Finding[] = [];
  const explaining = [...introduced.filter((f) => f.severity === "error" || f.platformReview), ...approved];
  const opened = new Map<Finding, string[]>();
  for (const edge of added) {
    if (!edge.crossesVC) continue;
    const by = explaining.filter((f) => explainsEdge(f, edge, base, head));
    if (by.length > 0) {
      for (const f of by) if (f.rule === "platform-owned") opened.set(f, [...(opened.get(f) ?? []), `${edge.from} → ${edge.to}`]);
      continue;
    }
    const h = head.model.hierarchy;
    const [a, b] = [h.companyOf(edge.from), h.companyOf(edge.to)];
    findings.push(
      makeFinding({
        rule: "unexplained-crossing",
        severity: "error",
        location: locateEdge(base, head, edge),
        namespace: edge.from,
        peer: edge.to,
        message: `${edge.from} (${a}) can now reach ${edge.to} (${b}), which it could not on the base branch, and no finding of this change accounts for it: no rule names this path and no VC-to-VC policy the platform team approved covers it. Traffic between companies is the platform team's decision.`,
        key: `unexplained-crossing|${edge.from}|${a}|${edge.to}|${b}`,
      }),
    );
  }
  if (findings.length > MAX_FINDINGS) {
    // A change that opens a whole cluster fails anyway; a table of every path would bury the cause.
    const rest = findings.length - MAX_FINDINGS + 1;
    findings.length = MAX_FINDINGS;
    const last = findings[MAX_FINDINGS - 1]!;
    last.message += ` ${rest - 1} more new paths between companies are unexplained too (see the connectivity diff).`;
  }
  // The platform-owned findings are this judgement's own objects: saying what they open changes no identity.
  for (const [f, edges] of opened) {
    const listed = edges.slice(0, MAX_LISTED).join(", ");
    const more = edges.length > MAX_LISTED ? ` and ${edges.length - MAX_LISTED} more` : "";
    f.message += ` It opens ${edges.length} path${edges.length > 1 ? "s" : ""} between companies (${listed}${more}): approving this change approves ${edges.length > 1 ? "them" : "it"}.`;
  }
  return findings;
}

/** Whether `a` is `ancestor` or below it, at either ref. */
function isWithin(a: string, ancestor: string, base: JudgedRef, head: JudgedRef): boolean {
  if (a === ancestor) return true;
  return head.model.hierarchy.ancestors(a).includes(ancestor) || base.model.hierarchy.ancestors(a).includes(ancestor);
}

/** Whether a finding is about this edge: its namespace (or a subtree it covers) at one end, its peer at the other. */
function explainsEdge(f: Finding, edge: ConnectivityEdge, base: JudgedRef, head: JudgedRef): boolean {
  if (f.rule === "platform-owned") {
    const scope = f.scope;
    if (scope === undefined) return false;
    return scope === "*" || isWithin(edge.from, scope, base, head) || isWithin(edge.to, scope, base, head);
  }
  if (f.namespace === null) return false;
  const ns = f.namespace;
  const reach = f.reach;
  if (reach) {
    // A policy's crossing explains the edges its own side (the policy's namespace and its copies) opens
    // towards what its peer matches, in the policy's direction.
    const [own, other] = reach.direction === "egress" ? [edge.from, edge.to] : [edge.to, edge.from];
    const company = head.model.hierarchy.companyOf(other);
    return (own === ns || reach.copies.includes(own)) && (setHas(reach.reached, other) || (company !== null && !head.model.hierarchy.has(other) && setHas(reach.reached, phantomId(company))));
  }
  for (const [end, other] of [
    [edge.from, edge.to],
    [edge.to, edge.from],
  ] as const) {
    if (!isWithin(end, ns, base, head)) continue;
    // A move or an opened namespace (not-isolated, an unreadable value read as "everything") explains every
    // crossing at its end; otherwise the peer must name the other end or its company.
    if (f.rule === "vc-move" || f.peer === undefined) return true;
    if (f.peer === other || f.peer.split(",").includes(head.model.hierarchy.companyOf(other) ?? "")) return true;
  }
  return false;
}

/**
 * Where an unexplained edge comes from: a policy peer, new or changed by this change, that lets one end reach
 * the other; else the Namespace of an end whose labels changed, or the declaration that moved it; else the
 * first file the change touched.
 */
function locateEdge(base: JudgedRef, head: JudgedRef, edge: ConnectivityEdge): SourceLocation {
  for (const [namespace, other, direction] of [
    [edge.from, edge.to, "egress"],
    [edge.to, edge.from, "ingress"],
  ] as [string, string, Direction][]) {
    const before = new Set(base.reach.applicable(namespace).map((a) => a.policy.fingerprint));
    for (const { policy } of head.reach.applicable(namespace)) {
      if (before.has(policy.fingerprint)) continue;
      for (const rule of policy[direction] ?? []) {
        const sets = ruleNamespaces(head.model, rule, namespace);
        const index = sets.findIndex((set) => setHas(set, other));
        if (index < 0) continue;
        return rule.peers === "all" ? rule.location : rule.peers[index]!.location;
      }
    }
  }
  for (const end of [edge.from, edge.to]) {
    const now = head.model.hierarchy.get(end);
    const then = base.model.hierarchy.get(end);
    if (!now) continue;
    if (then && then.company !== now.company && (now.parentDeclaredAt ?? now.declaredAt)) return (now.parentDeclaredAt ?? now.declaredAt)!;
    if (now.declaredAt && (!then || JSON.stringify(then.labels) !== JSON.stringify(now.labels))) return now.declaredAt;
  }
  const changed = [...head.model.digests].filter(([path, digest]) => base.model.digests.get(path) !== digest).map(([path]) => path);
  const removed = [...base.model.digests.keys()].filter((path) => !head.model.digests.has(path));
  const file = [...changed.sort(), ...removed.sort()][0] ?? CONFIG_PATH;
  return { file, line: 1, endLine: 1 };
}

import type { NetpolGuardConfig } from "../config/schema.js";
import type { ChangeScope } from "../model/change-scope.js";
import { deriveRef } from "./derive-ref.js";
import { PLATFORM_REVIEW_RULES, type Finding } from "../model/finding.js";
import type { Direction } from "../model/types.js";
import { findingsAt } from "./findings-at.js";
import type { Judgement } from "./judge-change.js";
import type { JudgedRef } from "./judged-ref.js";
import { ruleNamespaces } from "./reachability.js";

/** Namespaces listed at most in a scope: past it, a change counts as acting everywhere (a record stays small). */
export const MAX_SCOPE_NAMES = 2_000;

const DIRECTIONS: readonly Direction[] = ["egress", "ingress"];

/**
 * Where a change (`base` to `head`) acts, for deciding whether it and another change to the same base commute
 * (see docs/github-app.md, "When the base branch moves"). Local only when the head was derived from the base
 * (derive-ref.ts): the same config, hierarchy, companies and labels, no HNC configuration, no tiered policy,
 * no namespace only mentioned, no committed HNC copy and no parse error among the changed files. Then
 * `changed` holds every namespace whose applicable policies may differ, and `reached` every namespace `b`
 * such that, for some `a` in `changed`, whether `a`'s egress admits `b` or `a`'s ingress admits `b` may differ:
 * the peers of the policies that apply to `a` on one side only. A change of isolation (a policy selecting
 * every pod that comes or goes) reaches every namespace.
 */
export function changeScope(change: { judgement: Judgement; config: NetpolGuardConfig; base: JudgedRef; head: JudgedRef }): ChangeScope {
  const { base } = change;
  const head = derivedHead(change);
  if (typeof head === "string") return { kind: "everywhere", reason: head };
  const from = head.derivedFrom!;
  const changed = [...from.changed].sort();
  if (changed.length > MAX_SCOPE_NAMES) return { kind: "everywhere", reason: `${changed.length} namespaces' policies change` };
  const platform = change.judgement.findings.some((f) => PLATFORM_REVIEW_RULES.has(f.rule));
  const findingsKept = !platform && sameKeys(findingsAt(base), findingsAt(head), new Set(changed));
  return { kind: "local", changed, reached: reachedFrom(base, head, changed), findingsKept };
}

/**
 * The head as derived from this base: the judged one, or (when the judged head came from a cache, derived
 * from another base or built in full) derived again, which the caches make cheap; else why it cannot be.
 */
function derivedHead(change: { config: NetpolGuardConfig; base: JudgedRef; head: JudgedRef }): JudgedRef | string {
  const { base, head } = change;
  if (head.how === "derived" && head.derivedFrom?.base.deref() === base) return head;
  const derived = deriveRef(base, head.model.parts.parsed, change.config);
  return typeof derived === "string" ? derived : derived.derivedFrom?.base.deref() === base ? derived : "the head was not derived from this base";
}

/** The namespaces whose side of an edge with one of `changed` may differ between the refs; null: any. */
function reachedFrom(base: JudgedRef, head: JudgedRef, changed: readonly string[]): string[] | null {
  const reached = new Set<string>();
  for (const namespace of changed) {
    for (const direction of DIRECTIONS) {
      if (base.reach.isIsolated(namespace, direction) !== head.reach.isIsolated(namespace, direction)) {
        return null;
      }
      for (const [ref, other] of [
        [base, head],
        [head, base],
      ] as const) {
        const kept = new Set(other.reach.applicable(namespace).map(applicableId));
        for (const applied of ref.reach.applicable(namespace)) {
          if (kept.has(applicableId(applied))) continue;
          for (const rule of applied.policy[direction] ?? []) {
            for (const set of ruleNamespaces(ref.model, rule, namespace)) {
              if (set.kind === "cofinite") return null;
              for (const name of set.names) reached.add(name);
            }
          }
        }
      }
    }
    if (reached.size > MAX_SCOPE_NAMES) return null;
  }
  return [...reached].sort();
}

function applicableId(applied: { policy: { fingerprint: string }; inheritedFrom: string | null }): string {
  return `${applied.policy.fingerprint}@${applied.inheritedFrom ?? ""}`;
}

/** Whether both lists hold the same keys, each as many times, apart from `not-isolated` findings of `skipped`. */
function sameKeys(a: Finding[], b: Finding[], skipped: ReadonlySet<string>): boolean {
  const counts = new Map<string, number>();
  const count = (findings: Finding[], by: number): void => {
    for (const f of findings) {
      if (f.rule === "not-isolated" && f.namespace !== null && skipped.has(f.namespace)) continue;
      counts.set(f.key, (counts.get(f.key) ?? 0) + by);
    }
  };
  count(a, 1);
  count(b, -1);
  for (const n of counts.values()) if (n !== 0) return false;
  return true;
}

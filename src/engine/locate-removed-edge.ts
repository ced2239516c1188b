/**
 * Where a change removed a namespace edge, when one declaration says so: a starter-kit entry that the base
 * had and the head dropped (the source's egress entry or the destination's ingress entry), else a policy
 * that applies at the head to one end, for the side that matters, and that the base did not have as it is.
 * Null when the edge went with a deleted module or file, or for reasons spread over several places.
 */
import type { Suggestion } from "../model/finding.js";
import type { JudgedRef } from "./judged-ref.js";
import type { StarterKitService } from "./read-kit-modules.js";
import { suggestEntryAddition } from "./suggest-entry-addition.js";
import type { SourceLocation } from "../model/types.js";

export interface RemovalPlace {
  location: SourceLocation;
  /** What was removed, for the message. */
  what: string;
  suggestion?: Suggestion;
}

function lastKit(ref: JudgedRef, name: string): StarterKitService | undefined {
  let found: StarterKitService | undefined;
  for (const s of ref.model.services) if (s.name === name) found = s;
  return found;
}

function kitEntryRemoved(base: JudgedRef, head: JudgedRef, owner: string, peer: string): RemovalPlace | null {
  const before = lastKit(base, owner);
  const after = lastKit(head, owner);
  if (!before || !after || !before.namespaces.some((n) => n.name === peer) || after.namespaces.some((n) => n.name === peer)) return null;
  const what = `the entry "${peer}" of starter-kit module "${after.module}"`;
  const last = after.namespaces[after.namespaces.length - 1];
  if (!last) return { location: after.location, what };
  const text = head.model.texts.get(last.location.file);
  const lineText = text?.split(/\r?\n/)[last.location.line - 1];
  const replacement = last.location.file.endsWith(".json") || lineText === undefined ? null : suggestEntryAddition(lineText, peer);
  const suggestion = replacement === null ? undefined : { line: last.location.line, endLine: last.location.line, replacement };
  return { location: { ...last.location, endLine: last.location.line }, what, ...(suggestion ? { suggestion } : {}) };
}

function policyChanged(base: JudgedRef, head: JudgedRef, namespace: string, side: "egress" | "ingress"): RemovalPlace | null {
  if (!base.model.hierarchy.has(namespace)) return null;
  const before = new Set(base.reach.applicable(namespace).map((a) => a.policy.fingerprint));
  const candidates = head.reach
    .applicable(namespace)
    .map((a) => a.policy)
    .filter((p) => p[side] !== null && !before.has(p.fingerprint))
    .sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : a.location.line - b.location.line));
  const policy = candidates[0];
  if (!policy) return null;
  return { location: policy.location, what: `the ${side} of policy ${policy.namespace}/${policy.name}` };
}

export function locateRemovedEdge(base: JudgedRef, head: JudgedRef, from: string, to: string): RemovalPlace | null {
  return (
    kitEntryRemoved(base, head, from, to) ??
    kitEntryRemoved(base, head, to, from) ??
    policyChanged(base, head, from, "egress") ??
    policyChanged(base, head, to, "ingress")
  );
}

import type { JudgedRef } from "../engine/judged-ref.js";
import { FORWARDED, type ObservedFlows } from "../flows/flow-summary.js";
import { describeObservedWindow } from "./describe-observed-window.js";

/**
 * `explain NAMESPACE --flows FILE`: what was observed in and out of the namespace, whether the repository
 * allows it, and the allowed peers that saw no traffic in the window (candidates to remove).
 */
export function renderExplainFlows(ref: JudgedRef, namespace: string, observed: ObservedFlows): string {
  const h = ref.model.hierarchy;
  const out: string[] = [`Observed traffic (${observed.file}, ${describeObservedWindow(observed.window)}):`];
  const side = (direction: "out" | "in"): void => {
    const mine = observed.flows.filter((f) => (direction === "out" ? f.from : f.to) === namespace && f.from !== f.to);
    const forwarded = new Map<string, { count: number; ports: string[] }>();
    let dropped = 0;
    for (const f of mine) {
      if (f.verdict !== FORWARDED) {
        dropped += f.count;
        continue;
      }
      const peer = direction === "out" ? f.to : f.from;
      const acc = forwarded.get(peer) ?? { count: 0, ports: [] };
      acc.count += f.count;
      if (!acc.ports.includes(f.port)) acc.ports.push(f.port);
      forwarded.set(peer, acc);
    }
    out.push(`  ${direction === "out" ? "Sent to" : "Received from"} ${forwarded.size} peer${forwarded.size === 1 ? "" : "s"} (forwarded)${dropped > 0 ? `; ${dropped} flows not forwarded (dropped or other verdicts)` : ""}${forwarded.size > 0 ? ":" : "."}`);
    for (const [peer, { count, ports }] of [...forwarded].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [from, to] = direction === "out" ? [namespace, peer] : [peer, namespace];
      const verdict = !h.has(peer) ? "not a namespace of the repository" : ref.reach.hasEdge(from, to) ? "allowed" : "NOT allowed by the repository";
      out.push(`    ${peer}  ${ports.join(", ")}  ${count} flows  (${verdict})`);
    }
    // A side that is not isolated allows everything: no entry to remove there.
    if (!ref.reach.access(namespace, direction === "out" ? "egress" : "ingress").isolated) return;
    const allowed = direction === "out" ? ref.reach.edgesFrom(namespace) : ref.reach.edgesTo(namespace);
    const quiet = allowed.filter((p) => p !== namespace && !forwarded.has(p)).sort();
    if (quiet.length > 0) out.push(`  Allowed ${direction === "out" ? "to" : "from"}, with no traffic in the window (candidates to remove): ${quiet.join(", ")}`);
  };
  side("out");
  side("in");
  return out.join("\n") + "\n";
}

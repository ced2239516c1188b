/**
 * `breaks-observed-flow`: a namespace edge the change removes carried traffic the cluster forwarded in the
 * observed window. One finding per edge, at the declaration that removed it when one is known (with a
 * suggestion to keep it where mechanical), else at the summary entry that saw the traffic.
 */
import type { ObservedFlows } from "../../flows/flow-summary.js";
import { FORWARDED } from "../../flows/flow-summary.js";
import { makeFinding, type Finding } from "../../model/finding.js";
import type { ConnectivityEdge } from "../diff-connectivity.js";
import type { JudgedRef } from "../judged-ref.js";
import { locateRemovedEdge } from "../locate-removed-edge.js";
import type { Severity } from "../../model/types.js";
import { groupObservedByEdge } from "./group-observed-by-edge.js";

/** Traffic on one port of an edge the change removes. */
export interface BrokenFlow {
  from: string;
  to: string;
  port: string;
  count: number;
  lastSeen: string | null;
}

export function findBrokenObservedFlows(
  base: JudgedRef,
  head: JudgedRef,
  removed: readonly ConnectivityEdge[],
  observed: ObservedFlows,
  severity: Severity,
): { findings: Finding[]; broken: BrokenFlow[] } {
  // `removed` also lists an edge that only stopped crossing companies (see diffConnectivity): it still carries traffic.
  const gone = removed.filter((e) => !head.reach.model.hierarchy.has(e.from) || !head.reach.model.hierarchy.has(e.to) || !head.reach.hasEdge(e.from, e.to));
  const removedPairs = new Set(gone.map((e) => `${e.from}\u0000${e.to}`));
  const forwarded = observed.flows.filter((f) => f.verdict === FORWARDED && removedPairs.has(`${f.from}\u0000${f.to}`));
  const findings: Finding[] = [];
  const broken: BrokenFlow[] = forwarded.map(({ from, to, port, count, lastSeen }) => ({ from, to, port, count, lastSeen }));
  for (const group of groupObservedByEdge(forwarded)) {
    const { from, to } = group;
    const place = locateRemovedEdge(base, head, from, to);
    const seen = `${group.count} forwarded flow${group.count === 1 ? "" : "s"} in the observed window (${group.ports.join(", ")}; last seen ${group.lastSeen ?? "at an unknown time"})`;
    const where = place ? ` Removed by ${place.what}.` : "";
    findings.push(
      makeFinding({
        rule: "breaks-observed-flow",
        severity,
        location: place?.location ?? { file: observed.file, line: group.line, endLine: group.line },
        namespace: from,
        peer: to,
        message: `This change removes the edge ${from} → ${to}, which carried ${seen}: that traffic would be dropped.${where} Keep the edge if the traffic is still needed.`,
        key: `breaks-observed-flow|${from}|${to}`,
        ...(place?.suggestion ? { suggestion: place.suggestion } : {}),
      }),
    );
  }
  return { findings, broken };
}

/**
 * `observed-flow-unexplained`: the cluster forwarded traffic between two namespaces the repository knows,
 * and the head's graph has no edge for it: the repository and the cluster disagree (a policy applied by
 * hand, a filter netpol-guard does not model, a namespace label the repository lacks). A notice; a warning
 * when the traffic crosses companies, which only a VC-to-VC decision may allow. At the summary entry.
 * Edges the change removes are `breaks-observed-flow` instead.
 */
import type { ObservedFlows } from "../../flows/flow-summary.js";
import { FORWARDED } from "../../flows/flow-summary.js";
import { makeFinding, type Finding } from "../../model/finding.js";
import type { ConnectivityEdge } from "../diff-connectivity.js";
import type { JudgedRef } from "../judged-ref.js";
import { groupObservedByEdge } from "./group-observed-by-edge.js";

/** At most this many edges become findings; every one is in the JSON output's `observed.unexplained`. */
const MAX_FINDINGS = 50;

export interface UnexplainedFlow {
  from: string;
  to: string;
  port: string;
  count: number;
}

export function findUnexplainedObservedFlows(
  head: JudgedRef,
  removed: readonly ConnectivityEdge[],
  observed: ObservedFlows,
): { findings: Finding[]; unexplained: UnexplainedFlow[] } {
  const h = head.model.hierarchy;
  const removedPairs = new Set(removed.map((e) => `${e.from}\u0000${e.to}`));
  const entries = observed.flows.filter(
    (f) =>
      f.verdict === FORWARDED &&
      f.from !== f.to &&
      h.has(f.from) &&
      h.has(f.to) &&
      !removedPairs.has(`${f.from}\u0000${f.to}`) &&
      !head.reach.hasEdge(f.from, f.to),
  );
  const unexplained = entries.map(({ from, to, port, count }) => ({ from, to, port, count }));
  const findings = groupObservedByEdge(entries)
    .slice(0, MAX_FINDINGS)
    .map((group) => {
      const [a, b] = [h.companyOf(group.from), h.companyOf(group.to)];
      const crosses = a !== null && b !== null && a !== b;
      const traffic = `${group.count} flow${group.count === 1 ? "" : "s"} (${group.ports.join(", ")})`;
      const message = crosses
        ? `The cluster forwarded ${traffic} from ${group.from} (${a}) to ${group.to} (${b}), across companies, and the repository allows no such edge: no VC-to-VC decision explains it. The cluster is not what the repository says; find what lets it through.`
        : `The cluster forwarded ${traffic} from ${group.from} to ${group.to}, and the repository allows no such edge: the repository and the cluster disagree (a policy applied by hand, a filter netpol-guard does not model, a label missing from the repository).`;
      return makeFinding({
        rule: "observed-flow-unexplained",
        severity: crosses ? "warning" : "notice",
        location: { file: observed.file, line: group.line, endLine: group.line },
        namespace: group.from,
        peer: group.to,
        message,
        key: `observed-flow-unexplained|${group.from}|${group.to}`,
      });
    });
  return { findings, unexplained };
}

import type { Finding } from "../model/finding.js";
import type { Judgement } from "../engine/judge-change.js";
import type { Reachability } from "../engine/reachability.js";

/** A finding as the JSON output shows it: the documented fields only. */
export function findingJson(f: Finding): Record<string, unknown> {
  return {
    rule: f.rule,
    severity: f.severity,
    file: f.file,
    line: f.line,
    endLine: f.endLine,
    namespace: f.namespace,
    ...(f.peer !== undefined ? { peer: f.peer } : {}),
    message: f.message,
    platformReview: f.platformReview,
  };
}

/** `check --format json`. */
export function renderCheckJson(j: Judgement): string {
  return (
    JSON.stringify(
      {
        version: 1,
        conclusion: j.conclusion,
        platformReviewRequired: j.platformReviewRequired,
        findings: j.findings.map(findingJson),
        preexisting: j.preexisting.map(findingJson),
        connectivity: j.connectivity,
        ...(j.observed ? { observed: { window: j.observed.window, broken: j.observed.broken, unexplained: j.observed.unexplained } } : {}),
      },
      null,
      2,
    ) + "\n"
  );
}

/** `graph --format json`: namespaces with parent and company, and every edge between known namespaces. */
export function renderGraphJson(reach: Reachability): string {
  const h = reach.model.hierarchy;
  const namespaces = [...h.nodes.values()]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((n) => ({ name: n.name, parent: n.parent, company: n.company }));
  return JSON.stringify({ version: 1, namespaces, edges: reach.allEdges() }, null, 2) + "\n";
}

/**
 * Adds what observed traffic says to a judged change: `breaks-observed-flow` for the edges it removes that
 * carried forwarded flows (introduced: the change does it), `observed-flow-unexplained` for forwarded flows
 * the head's graph has no edge for (listed with what was already so: the change did not make the cluster
 * disagree). Observed flows only ever add findings: a verdict can turn stricter, never more lenient. A flows
 * file that cannot be read is an error finding, so a change is never judged green against traffic unread.
 */
import type { FlowWindow } from "../flows/flow-summary.js";
import type { FlowSummaryRead } from "../flows/read-flow-summary.js";
import { compareFindings, makeFinding, type Finding } from "../model/finding.js";
import type { Conclusion } from "./judge-change.js";
import type { JudgedChange } from "./judge-snapshots.js";
import { findBrokenObservedFlows, type BrokenFlow } from "./rules/breaks-observed-flow.js";
import { findUnexplainedObservedFlows, type UnexplainedFlow } from "./rules/observed-flow-unexplained.js";

/** The `observed` section of the judgement (and of the JSON output). */
export interface ObservedSection {
  /** The flows file. */
  file: string;
  window: FlowWindow | null;
  broken: BrokenFlow[];
  unexplained: UnexplainedFlow[];
}

function readFinding(file: string, line: number, message: string, severity: Finding["severity"]): Finding {
  return makeFinding({ rule: "parse-error", severity, location: { file, line, endLine: line }, namespace: null, message, key: `parse-error|flows|${file}|${line}|${message}` });
}

export function addObservedFlows(change: JudgedChange, read: FlowSummaryRead, file: string): JudgedChange {
  const j = change.judgement;
  const introduced: Finding[] = [];
  const listed: Finding[] = [];
  let observed: ObservedSection = { file, window: null, broken: [], unexplained: [] };
  if ("error" in read) {
    introduced.push(readFinding(file, read.error.line, `${read.error.message}. Observed flows that cannot be read cannot clear a change.`, "error"));
  } else {
    // A wrong line of a flows file hides at most some traffic: said, without failing the change.
    for (const p of read.problems) listed.push(readFinding(file, p.line, p.message, "warning"));
    const severity = change.config.observedFlows.breaking === "error" ? "error" : "warning";
    const broken = findBrokenObservedFlows(change.base, change.head, j.connectivity.removed, read.observed, severity);
    const unexplained = findUnexplainedObservedFlows(change.head, j.connectivity.removed, read.observed);
    introduced.push(...broken.findings);
    listed.push(...unexplained.findings);
    observed = { file, window: read.observed.window, broken: broken.broken, unexplained: unexplained.unexplained };
  }
  const findings = [...j.findings, ...introduced].sort(compareFindings);
  const preexisting = [...j.preexisting, ...listed].sort(compareFindings);
  const conclusion: Conclusion = findings.some((f) => f.severity === "error") ? "failure" : j.conclusion;
  const companies = { ...j.companies };
  for (const f of [...introduced, ...listed]) {
    for (const name of [f.namespace, f.peer]) {
      if (!name || name in companies) continue;
      const h = change.head.model.hierarchy.has(name) ? change.head.model.hierarchy : change.base.model.hierarchy;
      if (h.has(name)) companies[name] = h.companyOf(name);
    }
  }
  const flows = "error" in read ? {} : { flows: read.observed };
  return { ...change, ...flows, judgement: { ...j, findings, preexisting, conclusion, companies, observed } };
}

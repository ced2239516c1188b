import type { Finding } from "../model/finding.js";
import type { Judgement } from "../engine/judge-change.js";
import { renderTitle } from "./render-title.js";
import { describeObservedWindow } from "./describe-observed-window.js";
import { describeMerge, type MergedOnto } from "./view-of-change.js";

function line(f: Finding): string {
  const review = f.platformReview ? " [platform review]" : "";
  return `  ${f.file}:${f.line}  ${f.severity}  ${f.rule}${review}\n    ${f.message}`;
}

/** What `check --format text` prints: for a terminal, no markdown. */
export function renderText(change: { judgement: Judgement; merged?: MergedOnto }): string {
  const j = change.judgement;
  const out: string[] = [`netpol-guard: ${j.conclusion} - ${renderTitle(j)}`, ""];
  if (change.merged) out.push(describeMerge(change.merged, (sha) => sha), "");
  out.push(j.findings.length > 0 ? `Introduced by this change (${j.findings.length}):` : "Introduced by this change: nothing.");
  for (const f of j.findings) out.push(line(f));
  const company = (n: string): string => j.companies[n] ?? "shared";
  const edges = (label: string, list: typeof j.connectivity.added): void => {
    if (list.length === 0) return;
    out.push("", `Connectivity ${label} (${list.length}):`);
    for (const e of list) out.push(`  ${e.from} (${company(e.from)}) -> ${e.to} (${company(e.to)})${e.crossesVC ? "  CROSSES COMPANIES" : ""}`);
  };
  edges("added", j.connectivity.added);
  edges("removed", j.connectivity.removed);
  if (j.observed) {
    const { broken, unexplained } = j.observed;
    out.push("", `Observed traffic (${j.observed.file}, ${describeObservedWindow(j.observed.window)}): ${broken.length} broken by this change, ${unexplained.length} not explained by the repository.`);
    for (const b of broken) out.push(`  BROKEN  ${b.from} -> ${b.to}  ${b.port}  ${b.count} flows, last seen ${b.lastSeen ?? "unknown"}`);
    for (const u of unexplained) out.push(`  unexplained  ${u.from} -> ${u.to}  ${u.port}  ${u.count} flows`);
  }
  if (j.preexisting.length > 0) {
    out.push("", `Already on the base branch (${j.preexisting.length}, not failing this change):`);
    for (const f of j.preexisting) out.push(line(f));
  }
  return out.join("\n") + "\n";
}

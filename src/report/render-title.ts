import type { Judgement } from "../engine/judge-change.js";

/** The company pairs that added edges or introduced findings cross, as `a / b`, sorted. */
export function crossedBoundaries(j: Judgement): string[] {
  const pairs = new Set<string>();
  const add = (a: string | null | undefined, b: string | null | undefined): void => {
    if (!a || !b || a === b) return;
    pairs.add([a, b].sort().join(" / "));
  };
  for (const e of j.connectivity.added) if (e.crossesVC) add(j.companies[e.from], j.companies[e.to]);
  for (const f of j.findings) {
    if (f.rule !== "cross-vc-access" && f.rule !== "vc-to-vc-policy") continue;
    const own = f.namespace ? j.companies[f.namespace] : null;
    const peerCompany = f.peer ? (j.companies[f.peer] ?? null) : null;
    if (peerCompany) add(own, peerCompany);
    else if (f.peer) for (const c of f.peer.split(",")) if (c !== "*") add(own, c);
  }
  return [...pairs].sort();
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** One line that says what matters, for the check run title and the first line of every output. */
export function renderTitle(j: Judgement): string {
  const boundaries = crossedBoundaries(j);
  const crossesSomething = j.findings.some((f) => f.rule === "cross-vc-access" || f.rule === "vc-to-vc-policy");
  const crossing = boundaries.length === 0 ? (crossesSomething ? "Crosses a company boundary" : "") : `Crosses the ${boundaries.slice(0, 2).join(", ")}${boundaries.length > 2 ? ` and ${boundaries.length - 2} more` : ""} boundar${boundaries.length === 1 ? "y" : "ies"}`;
  const errors = j.findings.filter((f) => f.severity === "error").length;
  if (j.conclusion === "failure") {
    const rules = [...new Set(j.findings.filter((f) => f.severity === "error").map((f) => f.rule))].slice(0, 3).join(", ");
    return crossing ? `${crossing}: ${plural(errors, "error")} to fix` : `${plural(errors, "error")} to fix: ${rules}`;
  }
  if (j.conclusion === "action_required") {
    if (crossing) return `${crossing}: platform review requested`;
    const move = j.findings.find((f) => f.rule === "vc-move");
    if (move) return `Moves ${move.namespace} to ${move.peer}: platform review requested`;
    return "Changes what the platform team owns: platform review requested";
  }
  const added = j.connectivity.added.length;
  const removed = j.connectivity.removed.length;
  return `No new access across companies (${plural(added, "edge")} added, ${removed} removed)`;
}

import { BOUNDARY_NAME_PREFIX, generateBoundary } from "../engine/generate-boundary.js";
import { isGeneratedBoundary } from "../engine/rules/boundary-drift.js";
import { tieredPoliciesOf } from "../engine/tier-evaluator.js";
import { renderBoundaryYaml } from "./render-boundary.js";
import type { JudgedChange } from "../engine/judge-snapshots.js";
import type { ConnectivityEdge, Judgement } from "../engine/judge-change.js";
import type { Finding } from "../model/finding.js";
import { codeBlock, escapeMarkdown, inlineCode, tableCode } from "./escape-markdown.js";
import { renderTitle } from "./render-title.js";
import { pathsTo, renderTree } from "./render-tree.js";
import { renderObservedSection } from "./render-observed-section.js";

const ICON: Record<Finding["severity"], string> = { error: ":x:", warning: ":warning:", notice: ":information_source:" };
const CONCLUSION: Record<Judgement["conclusion"], string> = {
  success: ":white_check_mark: success",
  failure: ":x: failure",
  action_required: ":hourglass: action required: platform review",
};
/** Rows shown per table; the rest is counted, so a huge change still renders in bounded space. */
export const MAX_ROWS = 50;

function findingsTable(findings: Finding[]): string {
  const rows = findings.slice(0, MAX_ROWS).map((f) => {
    const where = tableCode(`${f.file}:${f.line}`);
    const review = f.platformReview ? " (platform review)" : "";
    return `| ${ICON[f.severity]} ${f.severity}${review} | ${tableCode(f.rule)} | ${where} | ${escapeMarkdown(f.message)} |`;
  });
  const more = findings.length > MAX_ROWS ? `\n\n…and ${findings.length - MAX_ROWS} more (every one is an annotation on its line).` : "";
  return `| Severity | Rule | Location | Finding |\n| --- | --- | --- | --- |\n${rows.join("\n")}${more}`;
}

function edgeTable(edges: ConnectivityEdge[], j: Judgement): string {
  const company = (n: string): string => {
    const c = j.companies[n];
    return c === null ? "shared" : (c ?? "?");
  };
  const rows = edges
    .slice(0, MAX_ROWS)
    .map((e) => `| ${escapeMarkdown(e.from)} (${escapeMarkdown(company(e.from))}) | ${escapeMarkdown(e.to)} (${escapeMarkdown(company(e.to))}) | ${e.crossesVC ? "**yes**" : "no"} |`);
  const more = edges.length > MAX_ROWS ? `\n\n…and ${edges.length - MAX_ROWS} more.` : "";
  return `| From (company) | To (company) | Crosses companies |\n| --- | --- | --- |\n${rows.join("\n")}${more}`;
}

/** The markdown of the check run summary; `check --format markdown` prints exactly this. */
export function renderSummary(change: JudgedChange): string {
  const j = change.judgement;
  const parts: string[] = [];
  parts.push(`## netpol-guard: ${CONCLUSION[j.conclusion]}`);
  parts.push(`**${escapeMarkdown(renderTitle(j))}**`);
  if (j.conclusion === "failure") {
    parts.push("This change introduces errors; fix them and push again. Findings marked *platform review* also need the platform team's approval.");
  } else if (j.conclusion === "action_required") {
    parts.push(`This change crosses a company boundary or touches what the platform team owns. A member of the platform team (${inlineCode(change.config.platform.team)}) must approve it; the check then turns green.`);
  }
  if (j.findings.length > 0) {
    parts.push(`### Introduced by this change (${j.findings.length})\n\n${findingsTable(j.findings)}`);
  } else {
    parts.push("### Introduced by this change\n\nNothing: no finding is new in this change.");
  }
  // A crossing the committed boundary denies at runtime stays a finding (the intent crosses); say that it opens nothing.
  const head = change.head;
  const crossingFindings = j.findings.filter((f) => f.rule === "cross-vc-access");
  const crossings = crossingFindings.length;
  // Said only when every crossing names one known peer and no path joins it to the finding's namespace.
  const blocked = (f: (typeof crossingFindings)[number]): boolean =>
    f.namespace !== null && f.peer !== undefined && head.model.hierarchy.has(f.peer) && !head.reach.hasEdge(f.namespace, f.peer) && !head.reach.hasEdge(f.peer, f.namespace);
  if (crossings > 0 && tieredPoliciesOf(head.model).some(isGeneratedBoundary) && crossingFindings.every(blocked)) {
    parts.push(
      `The runtime boundary in the repository (\`${BOUNDARY_NAME_PREFIX}*\`) blocks ${crossings === 1 ? "this crossing" : "these crossings"} at runtime: no path joins the namespaces named. ${crossings === 1 ? "It stays a finding" : "They stay findings"}: the declaration crosses a company boundary all the same.`,
    );
  }
  // The runtime boundary drifted: the whole set to commit, as `netpol-guard boundary` prints it.
  if (j.findings.some((f) => f.rule === "boundary-drift")) {
    parts.push(`### Runtime boundary to commit\n\n${codeBlock(renderBoundaryYaml(generateBoundary(change.head.model)), "yaml")}`);
  }
  const { added, removed } = j.connectivity;
  const crossingAdded = added.filter((e) => e.crossesVC).length;
  const connectivity = [`### Connectivity\n\n${added.length} namespace edge${added.length === 1 ? "" : "s"} added (${crossingAdded} across companies), ${removed.length} removed.`];
  if (added.length > 0) connectivity.push(`**Added**\n\n${edgeTable(added, j)}`);
  if (removed.length > 0) connectivity.push(`**Removed**\n\n${edgeTable(removed, j)}`);
  parts.push(connectivity.join("\n\n"));
  if (j.observed) parts.push(renderObservedSection(j.observed, MAX_ROWS));
  if (j.affectedNamespaces.length > 0) {
    const hierarchy = change.head.model.hierarchy;
    const affected = new Set(j.affectedNamespaces);
    const { roots, only } = pathsTo(hierarchy, j.affectedNamespaces);
    if (roots.length > 0) {
      const tree = renderTree(hierarchy, roots, { only, annotate: (n) => (affected.has(n) ? "  <- affected" : "") });
      parts.push(`### Affected part of the hierarchy\n\n${codeBlock(tree, "text")}`);
    }
  }
  if (j.preexisting.length > 0) {
    parts.push(
      `<details><summary>Already on the base branch (${j.preexisting.length}): listed, not failing this change</summary>\n\n${findingsTable(j.preexisting)}\n\n</details>`,
    );
  }
  return parts.join("\n\n") + "\n";
}

import { BOUNDARY_NAME_PREFIX } from "../engine/generate-boundary.js";
import type { Judgement } from "../engine/judge-change.js";
import type { ConnectivityEdge } from "../engine/diff-connectivity.js";
import type { Finding } from "../model/finding.js";
import { codeBlock, escapeMarkdown, inlineCode, tableCode } from "./escape-markdown.js";
import { renderTitle } from "./render-title.js";
import { renderObservedSection } from "./render-observed-section.js";
import { describeMerge, type ChangeView } from "./view-of-change.js";

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
export function renderSummary(change: ChangeView): string {
  const j = change.judgement;
  const parts: string[] = [];
  parts.push(`## netpol-guard: ${CONCLUSION[j.conclusion]}`);
  parts.push(`**${escapeMarkdown(renderTitle(j))}**`);
  if (j.conclusion === "failure") {
    parts.push("This change introduces errors; fix them and push again. Findings marked *platform review* also need the platform team's approval.");
  } else if (j.conclusion === "action_required") {
    parts.push(`This change crosses a company boundary or touches what the platform team owns. A member of the platform team (${inlineCode(change.config.platform.team)}) must approve it; the check then turns green.`);
  }
  if (change.merged) parts.push(describeMerge(change.merged, inlineCode));
  if (j.findings.length > 0) {
    parts.push(`### Introduced by this change (${j.findings.length})\n\n${findingsTable(j.findings)}`);
  } else {
    parts.push("### Introduced by this change\n\nNothing: no finding is new in this change.");
  }
  // A crossing the committed boundary denies at runtime stays a finding (the intent crosses); say that it opens nothing.
  const crossings = j.findings.filter((f) => f.rule === "cross-vc-access").length;
  if (change.crossingsBlockedAtRuntime) {
    parts.push(
      `The runtime boundary in the repository (\`${BOUNDARY_NAME_PREFIX}*\`) blocks ${crossings === 1 ? "this crossing" : "these crossings"} at runtime: no path joins the namespaces named. ${crossings === 1 ? "It stays a finding" : "They stay findings"}: the declaration crosses a company boundary all the same.`,
    );
  }
  // The runtime boundary drifted: the whole set to commit, as `netpol-guard boundary` prints it.
  if (change.boundaryToCommit !== null) parts.push(`### Runtime boundary to commit\n\n${codeBlock(change.boundaryToCommit, "yaml")}`);
  const { added, removed } = j.connectivity;
  const crossingAdded = added.filter((e) => e.crossesVC).length;
  const connectivity = [`### Connectivity\n\n${added.length} namespace edge${added.length === 1 ? "" : "s"} added (${crossingAdded} across companies), ${removed.length} removed.`];
  if (added.length > 0) connectivity.push(`**Added**\n\n${edgeTable(added, j)}`);
  if (removed.length > 0) connectivity.push(`**Removed**\n\n${edgeTable(removed, j)}`);
  parts.push(connectivity.join("\n\n"));
  if (j.observed) parts.push(renderObservedSection(j.observed, MAX_ROWS));
  if (change.affectedTree !== null) parts.push(`### Affected part of the hierarchy\n\n${codeBlock(change.affectedTree, "text")}`);
  if (j.preexisting.length > 0) {
    parts.push(
      `<details><summary>Already on the base branch (${j.preexisting.length}): listed, not failing this change</summary>\n\n${findingsTable(j.preexisting)}\n\n</details>`,
    );
  }
  return parts.join("\n\n") + "\n";
}

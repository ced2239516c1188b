import type { Judgement } from "../engine/judge-change.js";
import type { ConnectivityEdge } from "../engine/diff-connectivity.js";
import { codeBlock, escapeMarkdown } from "./escape-markdown.js";

/** Edges drawn in the Mermaid graph at most; the table says how many more there are. */
export const MAX_GRAPH_EDGES = 60;

/**
 * What a graph label may hold: namespace names (DNS-1123), the engine's `company-x/*` and `*` for namespaces
 * created later, `shared` and `?`. Mermaid reads markup in labels (HTML, `#` entities, quotes, line breaks),
 * and the label sits inside a code block: a name of any other character is not drawn at all.
 */
const DRAWABLE = /^[a-z0-9.\-/*?]{1,253}$/;

function mermaidLabel(text: string): string {
  return DRAWABLE.test(text) ? `"${text}"` : `"(a name that is not valid)"`;
}

/**
 * The connectivity a change adds and removes, with company names: a table, and a Mermaid graph grouped by
 * company (added edges solid, removed dashed, crossings marked).
 */
export function renderDiff(j: Judgement): string {
  const { added, removed } = j.connectivity;
  if (added.length === 0 && removed.length === 0) return "This pull request changes no namespace-level connectivity.\n";
  const company = (n: string): string => (j.companies[n] === null ? "shared" : (j.companies[n] ?? "?"));
  const row = (e: ConnectivityEdge, change: string): string =>
    `| ${change} | ${escapeMarkdown(e.from)} | ${escapeMarkdown(company(e.from))} | ${escapeMarkdown(e.to)} | ${escapeMarkdown(company(e.to))} | ${e.crossesVC ? "**yes**" : "no"} |`;
  const lines = [
    `**Connectivity:** ${added.length} added (${added.filter((e) => e.crossesVC).length} across companies), ${removed.length} removed.`,
    "",
    "| Change | From | Company | To | Company | Crosses companies |",
    "| --- | --- | --- | --- | --- | --- |",
    ...added.map((e) => row(e, "added")),
    ...removed.map((e) => row(e, "removed")),
  ];
  const drawn = [...added.map((e) => ({ e, added: true })), ...removed.map((e) => ({ e, added: false }))].slice(0, MAX_GRAPH_EDGES);
  const ids = new Map<string, string>();
  const id = (n: string): string => {
    let v = ids.get(n);
    if (!v) ids.set(n, (v = `n${ids.size}`));
    return v;
  };
  for (const { e } of drawn) {
    id(e.from);
    id(e.to);
  }
  const byCompany = new Map<string, string[]>();
  for (const n of ids.keys()) {
    const c = company(n);
    byCompany.set(c, [...(byCompany.get(c) ?? []), n]);
  }
  const graph = ["graph LR"];
  let group = 0;
  for (const [c, names] of [...byCompany].sort(([a], [b]) => (a < b ? -1 : 1))) {
    graph.push(`  subgraph g${group++}[${mermaidLabel(c)}]`);
    for (const n of names.sort()) graph.push(`    ${id(n)}[${mermaidLabel(n)}]`);
    graph.push("  end");
  }
  for (const { e, added: isAdded } of drawn) {
    const label = `${isAdded ? "added" : "removed"}${e.crossesVC ? ", crosses" : ""}`;
    graph.push(`  ${id(e.from)} ${isAdded ? "-->" : "-.->"}|${label}| ${id(e.to)}`);
  }
  const more = added.length + removed.length > drawn.length ? [`\nThe graph shows the first ${drawn.length} of ${added.length + removed.length} changes.`] : [];
  return [...lines, "", codeBlock(graph.join("\n"), "mermaid"), ...more].join("\n") + "\n";
}

import type { ObservedSection } from "../engine/add-observed-flows.js";
import { describeObservedWindow } from "./describe-observed-window.js";
import { escapeMarkdown, inlineCode } from "./escape-markdown.js";

/** The markdown section on observed traffic: what the change breaks, and what the repository does not explain. */
export function renderObservedSection(observed: ObservedSection, maxRows: number): string {
  const { broken, unexplained } = observed;
  const parts = [
    `### Observed traffic\n\n${inlineCode(observed.file)}, ${escapeMarkdown(describeObservedWindow(observed.window))}: ${broken.length} flow entr${broken.length === 1 ? "y" : "ies"} broken by this change, ${unexplained.length} not explained by the repository.`,
  ];
  const table = (header: string[], rows: string[]): string =>
    `| ${header.join(" | ")} |\n|${" --- |".repeat(header.length)}\n${rows.slice(0, maxRows).join("\n")}${rows.length > maxRows ? `\n\n…and ${rows.length - maxRows} more.` : ""}`;
  if (broken.length > 0) {
    const rows = broken.map((b) => `| ${escapeMarkdown(b.from)} | ${escapeMarkdown(b.to)} | ${escapeMarkdown(b.port)} | ${b.count} | ${escapeMarkdown(b.lastSeen ?? "unknown")} |`);
    parts.push(`**Broken by this change**\n\n${table(["From", "To", "Port", "Flows", "Last seen"], rows)}`);
  }
  if (unexplained.length > 0) {
    const rows = unexplained.map((u) => `| ${escapeMarkdown(u.from)} | ${escapeMarkdown(u.to)} | ${escapeMarkdown(u.port)} | ${u.count} |`);
    parts.push(`**Forwarded, with no edge in the repository**\n\n${table(["From", "To", "Port", "Flows"], rows)}`);
  }
  return parts.join("\n\n");
}

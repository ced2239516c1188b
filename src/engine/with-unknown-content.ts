import type { Model } from "./build-model.js";
import type { ParseMemo } from "./parse-memo.js";
import { digestOf } from "../model/digest.js";
import type { Finding } from "../model/finding.js";

const REFERENCE = /\b(var|local|module|data)\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_][\w-]*))?/g;

/**
 * An `unresolvable` Terraform value is content netpol-guard cannot read; its identity must hold that content,
 * or once it is accepted on the base every later change of it would pass as pre-existing. The key gets a
 * digest of the value's own text (whitespace folded) and of the definitions it refers to in its directory:
 * the `variable` blocks (with their defaults), the `locals` blocks, the `module` and `data` blocks it names.
 * Remembered in `memo` by the finding alone: an `unresolvable` finding object comes from the parse of its
 * whole directory, so the same object means the same directory content.
 */
export function withUnknownContent(model: Model, finding: Finding, memo: ParseMemo): Finding {
  if (finding.rule !== "unresolvable" || !finding.file.endsWith(".tf")) return finding;
  const hit = memo.withContent.get(finding);
  if (hit) return hit;
  const text = model.texts.get(finding.file);
  if (text === undefined) return finding;
  const value = text
    .split(/\r?\n/)
    .slice(finding.line - 1, finding.endLine)
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  const directory = finding.file.slice(0, finding.file.lastIndexOf("/") + 1);
  const siblings: string[] = [];
  for (const [path, content] of model.texts) {
    if (path.startsWith(directory) && !path.slice(directory.length).includes("/") && path.endsWith(".tf")) siblings.push(content);
  }
  const definitions = new Set<string>();
  for (const [, kind, name, sub] of value.matchAll(REFERENCE)) {
    const header =
      kind === "var" ? `variable\\s+"?${name}"?` : kind === "local" ? "locals" : kind === "module" ? `module\\s+"${name}"` : `data\\s+"${name}"\\s+"${sub ?? ""}"`;
    for (const content of siblings) for (const block of blocksOf(content, header!)) definitions.add(block);
  }
  const result = { ...finding, key: `${finding.key}|content:${digestOf([value, ...[...definitions].sort()])}` };
  memo.withContent.set(finding, result);
  return result;
}

/** The text of every top-level block of `content` whose header matches `header`, braces balanced. */
function blocksOf(content: string, header: string): string[] {
  const blocks: string[] = [];
  const start = new RegExp(`^[ \\t]*${header}[ \\t]*\\{`, "gm");
  for (const match of content.matchAll(start)) {
    let depth = 0;
    let inString = false;
    const from = match.index!;
    for (let i = from + match[0].length - 1; i < content.length; i++) {
      const c = content[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        blocks.push(content.slice(from, i + 1).replace(/\s+/g, " "));
        break;
      }
    }
  }
  return blocks;
}

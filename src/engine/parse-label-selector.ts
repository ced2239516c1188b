import type { Requirement, Selector } from "../model/types.js";

/**
 * Parses the string form of a Kubernetes label selector, as HNC's `propagate.hnc.x-k8s.io/select`
 * annotation uses it: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x,y)`, joined by commas.
 * Returns the selector, or an error message.
 */
export function parseLabelSelector(text: string): Selector | { error: string } {
  const terms: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (depth < 0) return { error: "unbalanced parentheses" };
    if (ch === "," && depth === 0) {
      terms.push(current);
      current = "";
    } else current += ch;
  }
  if (depth !== 0) return { error: "unbalanced parentheses" };
  terms.push(current);
  const requirements: Requirement[] = [];
  const keyPattern = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
  const valuePattern = /^(?:[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
  for (const raw of terms) {
    const term = raw.trim();
    if (term === "") {
      if (terms.length === 1) break;
      return { error: "empty term" };
    }
    let match: RegExpMatchArray | null;
    if ((match = term.match(/^!\s*(\S+)$/))) {
      requirements.push({ key: match[1]!, operator: "DoesNotExist", values: [] });
    } else if ((match = term.match(/^(\S+)\s+(in|notin)\s*\((.*)\)$/))) {
      const values = match[3]!.split(",").map((v) => v.trim());
      if (values.some((v) => !valuePattern.test(v))) return { error: `bad value in \`${term}\`` };
      requirements.push({ key: match[1]!, operator: match[2] === "in" ? "In" : "NotIn", values });
    } else if ((match = term.match(/^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/))) {
      if (!valuePattern.test(match[3]!)) return { error: `bad value in \`${term}\`` };
      requirements.push({ key: match[1]!, operator: match[2] === "!=" ? "NotIn" : "In", values: [match[3]!] });
    } else if (/^\S+$/.test(term)) {
      requirements.push({ key: term, operator: "Exists", values: [] });
    } else {
      return { error: `cannot read \`${term}\`` };
    }
    if (!keyPattern.test(requirements[requirements.length - 1]!.key)) return { error: `bad label key in \`${term}\`` };
  }
  return { requirements };
}

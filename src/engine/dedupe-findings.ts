import type { Finding } from "../model/finding.js";

/** The findings with each (identity, file, line) once, first one kept: two rules may report the same thing. */
export function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const id = `${f.key}\u0000${f.file}\u0000${f.line}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

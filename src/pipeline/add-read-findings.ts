/**
 * What kept the app from reading a change in full (a tree GitHub cut short, more watched files than the
 * limits, an unreadable config) becomes an error finding on the config file: the change fails closed, and
 * the finding says why and what to do. Pure.
 */
import { CONFIG_PATH } from "../config/parse-config.js";
import { compareFindings, makeFinding } from "../model/finding.js";
import type { JudgedChange } from "../engine/judge-snapshots.js";

export function addReadFindings(change: JudgedChange, problems: string[]): JudgedChange {
  if (problems.length === 0) return change;
  const added = [...new Set(problems)].map((message) =>
    makeFinding({
      rule: "parse-error",
      severity: "error",
      location: { file: CONFIG_PATH, line: 1, endLine: 1 },
      namespace: null,
      message: `${message} What was not read cannot pass.`,
      key: `parse-error|read|${message}`,
    }),
  );
  const findings = [...change.judgement.findings, ...added].sort(compareFindings);
  return { ...change, judgement: { ...change.judgement, findings, conclusion: "failure" } };
}

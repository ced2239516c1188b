/**
 * What kept the app from reading a change in full (a tree GitHub cut short, more watched files than the
 * limits, an unreadable config) becomes an error finding on the config file: the change fails closed, and
 * the finding says why and what to do. So does a file that a head behind its base and the base both
 * changed: what merging them gives was not judged. Pure.
 */
import { CONFIG_PATH } from "../config/parse-config.js";
import { compareFindings, makeFinding, type Finding } from "../model/finding.js";
import type { Judgement } from "../engine/judge-change.js";
import { shortRef } from "../report/view-of-change.js";

export function addReadFindings<T extends { judgement: Judgement }>(change: T, problems: string[]): T {
  return withFailures(
    change,
    [...new Set(problems)].map((message) =>
      makeFinding({
        rule: "parse-error",
        severity: "error",
        location: { file: CONFIG_PATH, line: 1, endLine: 1 },
        namespace: null,
        message: `${message} What was not read cannot pass.`,
        key: `parse-error|read|${message}`,
      }),
    ),
  );
}

/** One `behind-base` error per path both a head behind its base and the base changed since `onto.mergeBase`. */
export function addBehindBaseFindings<T extends { judgement: Judgement }>(change: T, paths: string[], onto: { base: string; mergeBase: string }): T {
  return withFailures(
    change,
    paths.map((file) =>
      makeFinding({
        rule: "behind-base",
        severity: "error",
        location: { file, line: 1, endLine: 1 },
        namespace: null,
        message: `This file was changed both by this change and on the base since the branch left it (at ${shortRef(onto.mergeBase)}): netpol-guard judges the merge, and cannot tell what merging the two versions gives, so it judged this one. Update the branch (merge the base ${shortRef(onto.base)} into it, or rebase it) to have the merge judged.`,
        key: `behind-base|${file}|${onto.mergeBase}|${onto.base}`,
      }),
    ),
  );
}

function withFailures<T extends { judgement: Judgement }>(change: T, added: Finding[]): T {
  if (added.length === 0) return change;
  const findings = [...change.judgement.findings, ...added].sort(compareFindings);
  return { ...change, judgement: { ...change.judgement, findings, conclusion: "failure" } };
}

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createPathFilter, parseConfig } from "../../src/config/parse-config.js";
import { judgeSnapshots, snapshotInput, type JudgedChange } from "../../src/engine/judge-snapshots.js";
import { addObservedFlows } from "../../src/engine/add-observed-flows.js";
import { readObservedFlows } from "../../src/flows/read-observed-flows.js";
import type { Finding } from "../../src/model/finding.js";
import { readFolderSnapshot } from "../../src/snapshot/read-local-snapshot.js";

export const SCENARIOS = join(import.meta.dirname, "..", "scenarios");

/** What a scenario folder pins: `expected.json`. */
export interface ScenarioExpectation {
  /** One sentence: the pitfall or rule this case is about. */
  about: string;
  conclusion: "success" | "failure" | "action_required";
  findings: ExpectedFinding[];
  preexisting?: ExpectedFinding[];
  /** `from -> to` lines; omitted means not checked. */
  added?: string[];
  removed?: string[];
}

export interface ExpectedFinding {
  rule: string;
  file: string;
  line: number;
  namespace?: string | null;
  peer?: string;
}

export function listScenarios(): string[] {
  return readdirSync(SCENARIOS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(SCENARIOS, d.name, "expected.json")))
    .map((d) => d.name)
    .sort();
}

/**
 * Judges `base/` against `head/` of a scenario folder, with the base's config; against the observed flows
 * of its `flows.json` when it has one (a summary or raw Hubble lines).
 */
export async function judgeScenario(name: string): Promise<JudgedChange> {
  const dir = join(SCENARIOS, name);
  const baseDir = join(dir, "base");
  const headDir = join(dir, "head");
  const configText = existsSync(join(baseDir, ".github/netpol-guard.yml")) ? readFileSync(join(baseDir, ".github/netpol-guard.yml"), "utf8") : null;
  const filter = createPathFilter(parseConfig(configText).config);
  const base = existsSync(baseDir) ? await readFolderSnapshot(baseDir, filter) : { label: "empty", files: [], configText: null };
  const head = await readFolderSnapshot(headDir, filter);
  const change = await judgeSnapshots(snapshotInput(base), snapshotInput(head));
  const flows = join(dir, "flows.json");
  return existsSync(flows) ? addObservedFlows(change, readObservedFlows(readFileSync(flows, "utf8"), "flows.json"), "flows.json") : change;
}

export function project(f: Finding, withPeer: boolean): ExpectedFinding {
  const out: ExpectedFinding = { rule: f.rule, file: f.file, line: f.line, namespace: f.namespace };
  if (withPeer && f.peer !== undefined) out.peer = f.peer;
  return out;
}

export function readExpectation(name: string): ScenarioExpectation {
  return JSON.parse(readFileSync(join(SCENARIOS, name, "expected.json"), "utf8")) as ScenarioExpectation;
}

/**
 * Compares a golden file, or rewrites it when UPDATE=1. Returns the expected text. A missing golden file
 * fails: a new one is written only on purpose, with UPDATE=1, so that a case never passes unread.
 */
export function golden(path: string, actual: string): string {
  if (process.env.UPDATE === "1") {
    writeFileSync(path, actual);
    return actual;
  }
  if (!existsSync(path)) throw new Error(`${path} does not exist: run the test with UPDATE=1 to write it, then read it`);
  return readFileSync(path, "utf8");
}

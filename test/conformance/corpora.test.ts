import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPathFilter, defaultConfig } from "../../src/config/parse-config.js";
import { analyzeSnapshot } from "../../src/engine/judge-snapshots.js";
import { readFolderSnapshot } from "../../src/snapshot/read-local-snapshot.js";

/**
 * Third-party NetworkPolicy cases with known answers (../shared/corpora, see its README): every pair the
 * upstream analysers found connected must be an edge of `graph` (soundness, 100%); how many of their
 * disconnected pairs `graph` also finds disconnected is reported as precision.
 */
const CORPORA = join(import.meta.dirname, "..", "..", "..", "shared", "corpora", "cases");
const available = existsSync(CORPORA);

interface Expected {
  namespaces: string[];
  connected: [string, string][];
  disconnected: [string, string][];
}

describe("conformance with upstream NetworkPolicy analysers", () => {
  if (!available) console.warn(`conformance: ${CORPORA} is absent; the conformance cases are skipped.`);

  it.skipIf(!available)("finds every connected pair of every case, and reports its precision", async () => {
    const config = { ...defaultConfig(), kubernetes: ["**/*.yaml", "**/*.yml", "**/*.json"], terraform: [], sharedNamespaces: [] };
    const filter = createPathFilter(config);
    const missing: string[] = [];
    const rows: string[] = [];
    let connected = 0;
    let disconnected = 0;
    let exact = 0;
    const cases = readdirSync(CORPORA).sort();
    for (const name of cases) {
      const expected = JSON.parse(readFileSync(join(CORPORA, name, "expected.json"), "utf8")) as Expected;
      const snapshot = await readFolderSnapshot(join(CORPORA, name, "manifests"), filter);
      const { reach, model } = await analyzeSnapshot({ files: snapshot.files }, config);
      for (const ns of expected.namespaces) if (!model.hierarchy.has(ns)) missing.push(`${name}: namespace ${ns} unknown`);
      for (const [from, to] of expected.connected) {
        connected++;
        if (!reach.hasEdge(from, to)) missing.push(`${name}: ${from} -> ${to} is connected upstream but not an edge`);
      }
      let caseExact = 0;
      for (const [from, to] of expected.disconnected) {
        disconnected++;
        if (!reach.hasEdge(from, to)) {
          exact++;
          caseExact++;
        }
      }
      if (expected.disconnected.length > 0) rows.push(`${name}: ${caseExact}/${expected.disconnected.length}`);
    }
    console.info(
      [
        `conformance: ${cases.length} cases, ${connected} connected pairs all found: ${missing.length === 0}`,
        `precision: ${exact}/${disconnected} disconnected pairs also disconnected at namespace level (${((100 * exact) / Math.max(1, disconnected)).toFixed(1)}%)`,
        ...rows.map((r) => `  ${r}`),
      ].join("\n"),
    );
    expect(missing).toEqual([]);
    expect(cases.length).toBeGreaterThan(80);
  });
});

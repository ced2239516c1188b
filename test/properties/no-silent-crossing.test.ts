/**
 * The invariant of issue 11, on random changes: a change that lets a namespace of one company reach a
 * namespace of another, where the base did not, never concludes `success` unless an approved VC-to-VC policy
 * covers that path. Random small clusters (namespaces under two companies through HNC, labels, policies using
 * every selector form) are changed by relabelling namespaces, moving them between companies, and adding or
 * dropping policies. Checked twice: against the engine's own connectivity diff, and against the pod-level
 * reference evaluator (every cross-company connection of the head must have been an edge of the base).
 *
 * Reproduce a failure with NETPOL_FC_SEED=<seed>; NETPOL_FC_RUNS changes the number of cases.
 */
import { parseConfigFile } from "../../src/config/parse-config-file.js";
import fc from "fast-check";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { judgeChange } from "../../src/engine/judge-change.js";
import { defaultConfig } from "../../src/config/parse-config.js";
import { digestOf } from "../../src/model/digest.js";
import { analyzeSnapshot, type SnapshotInput } from "../../src/engine/judge-snapshots.js";
import { ParseCache } from "../../src/engine/parse-files.js";
import { snapshotFiles } from "../helpers/model-from-files.js";
import { ReferenceEvaluator, splitPair, type Universe } from "./reference-evaluator.js";
import { NAMESPACE_NAMES, toManifest, universeArb } from "./universe-arbitrary.js";

const RUNS = Number(process.env.NETPOL_FC_RUNS ?? 3000);
const SEED = process.env.NETPOL_FC_SEED !== undefined ? Number(process.env.NETPOL_FC_SEED) : Date.now() % 2 ** 31;
const COMPANIES = ["co-1", "co-2"];

type Placement = Record<string, string>;

/** A change of a universe: new labels for some namespaces, a policy dropped, policies of another universe added. */
interface Change {
  relabel: (Universe["namespaces"][number]["labels"] | undefined)[];
  drop: number | undefined;
  extra: Universe;
  moves: (string | undefined)[];
}

const placementArb: fc.Arbitrary<Placement> = fc
  .tuple(...NAMESPACE_NAMES.map(() => fc.constantFrom(...COMPANIES)))
  .map((companies) => Object.fromEntries(NAMESPACE_NAMES.map((n, i) => [n, companies[i]!])));

const changeArb: fc.Arbitrary<Change> = fc.record({
  relabel: fc.array(
    fc.option(
      fc.dictionary(fc.constantFrom("team", "env"), fc.constantFrom("t1", "t2", "prod", "dev"), { maxKeys: 2 }),
      { nil: undefined, freq: 2 },
    ),
    { minLength: NAMESPACE_NAMES.length, maxLength: NAMESPACE_NAMES.length },
  ),
  drop: fc.option(fc.nat({ max: 3 }), { nil: undefined }),
  extra: universeArb,
  moves: fc.array(fc.option(fc.constantFrom(...COMPANIES), { nil: undefined, freq: 4 }), {
    minLength: NAMESPACE_NAMES.length,
    maxLength: NAMESPACE_NAMES.length,
  }),
});

function applyChange(base: Universe, placement: Placement, change: Change): { universe: Universe; placement: Placement } {
  const names = new Set(base.namespaces.map((n) => n.name));
  const namespaces = base.namespaces.map((ns) => {
    const labels = change.relabel[NAMESPACE_NAMES.indexOf(ns.name)];
    return labels === undefined ? ns : { ...ns, labels };
  });
  const policies = base.policies.filter((_, i) => i !== change.drop);
  // Only the extra universe's policies in namespaces the base has, renamed so that they add, not replace.
  for (const p of change.extra.policies) if (names.has(p.namespace)) policies.push({ ...p, name: `extra-${p.name}` });
  const moved: Placement = { ...placement };
  change.moves.forEach((company, i) => {
    if (company !== undefined) moved[NAMESPACE_NAMES[i]!] = company;
  });
  return { universe: { namespaces, pods: base.pods, policies }, placement: moved };
}

/**
 * The universe's objects, one file each, plus the HNC parents that put each namespace under its company. One
 * file per object lets the parse cache serve what the base and the head (and most cases) share.
 */
function snapshotOf(universe: Universe, placement: Placement): SnapshotInput {
  const files: Record<string, string> = {};
  toManifest(universe)
    .split("---\n")
    .forEach((doc) => (files[`k8s/${digestOf(doc)}.yaml`] = doc));
  for (const ns of universe.namespaces) {
    files[`k8s/hnc-${ns.name}.yaml`] = stringify({
      apiVersion: "hnc.x-k8s.io/v1alpha2",
      kind: "HierarchyConfiguration",
      metadata: { name: "hierarchy", namespace: ns.name },
      spec: { parent: placement[ns.name] },
    });
  }
  return { files: snapshotFiles(files, CONFIG), config: parseConfigFile(null) };
}

const CONFIG = { ...defaultConfig(), sharedNamespaces: [] };

describe("no change opens a path between companies and still succeeds", () => {
  it(`no success with an unexplained cross-company edge (${RUNS} cases)`, async () => {
    console.info(`no-silent-crossing property: seed ${SEED}, ${RUNS} runs (NETPOL_FC_SEED / NETPOL_FC_RUNS to change)`);
    const cache = new ParseCache();
    let successes = 0;
    let crossingCases = 0;
    const property = fc.asyncProperty(universeArb, placementArb, changeArb, async (baseUniverse, basePlacement, change) => {
      const next = applyChange(baseUniverse, basePlacement, change);
      const base = await analyzeSnapshot(snapshotOf(baseUniverse, basePlacement), CONFIG, cache);
      const head = await analyzeSnapshot(snapshotOf(next.universe, next.placement), CONFIG, cache);
      const j = judgeChange(base, head, { base: parseConfigFile(null), head: parseConfigFile(null) });
      const crossing = j.connectivity.added.filter((e) => e.crossesVC);
      if (crossing.length > 0) crossingCases++;
      if (j.conclusion !== "success") return;
      successes++;

      // The engine's diff: the companies hold no policy here, so no approved VC-to-VC policy covers anything.
      expect(crossing.map((e) => `${e.from} -> ${e.to}`), "success with added crossings").toEqual([]);

      // The reference: every cross-company connection of the head was an edge of the base, between the same
      // companies.
      const reference = new ReferenceEvaluator(next.universe, "cluster-overlap");
      for (const pair of reference.namespacePairs()) {
        const [from, to] = splitPair(pair);
        const [a, b] = [next.placement[from], next.placement[to]];
        if (a === b) continue;
        const before = base.reach.hasEdge(from, to) && basePlacement[from] === a && basePlacement[to] === b;
        expect(before, `success, but ${from} (${a}) reaches ${to} (${b}) at the head and did not at the base`).toBe(true);
      }
    });
    await fc.assert(property, { numRuns: RUNS, seed: SEED });
    console.info(`no-silent-crossing property: ${successes} successes, ${crossingCases} cases adding a crossing`);
    // The generators must reach both outcomes, or the property says nothing.
    expect(successes).toBeGreaterThan(0);
    expect(crossingCases).toBeGreaterThan(0);
  }, Math.max(60_000, RUNS * 50));
});

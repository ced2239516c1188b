/**
 * Soundness of the namespace-level reachability against a pod-level reference evaluator: on random small
 * clusters and random policies using every selector form, every namespace pair the reference connects (two
 * different pods, some port) must be an edge of the engine's graph. Exactness is measured and printed, never
 * asserted: the engine over-approximates by design (pod selectors, ports).
 *
 * Reproduce a failure with NETPOL_FC_SEED=<seed> (printed at the start and in fast-check's report).
 * NETPOL_FC_RUNS changes the number of cases.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { refFromFiles } from "../helpers/model-from-files.js";
import { ReferenceEvaluator, pairKey, splitPair, type Universe } from "./reference-evaluator.js";
import { tieredPoliciesOf } from "../../src/engine/tier-evaluator.js";
import { describePods, tieredUniverseArb, toManifest, universeArb } from "./universe-arbitrary.js";

const RUNS = Number(process.env.NETPOL_FC_RUNS ?? 2000);
/** Cases with ClusterNetworkPolicies (Admin and Baseline tiers) besides the NetworkPolicies. */
const TIERED_RUNS = Number(process.env.NETPOL_FC_RUNS ?? 600);
const SEED = process.env.NETPOL_FC_SEED !== undefined ? Number(process.env.NETPOL_FC_SEED) : Date.now() % 2 ** 31;

interface Stats {
  cases: number;
  exactCases: number;
  pairs: number;
  exactPairs: number;
  referencePairs: number;
  engineOnlyPairs: number;
  casesWithPolicies: number;
  casesWithDeniedPair: number;
}

/** Pairs the reference can decide: two namespaces, or one holding at least two pods. */
function decidablePairs(universe: Universe): string[] {
  const podCount = new Map<string, number>();
  for (const pod of universe.pods) podCount.set(pod.namespace, (podCount.get(pod.namespace) ?? 0) + 1);
  const pairs: string[] = [];
  for (const a of universe.namespaces) {
    for (const b of universe.namespaces) {
      if (a.name !== b.name || (podCount.get(a.name) ?? 0) >= 2) pairs.push(pairKey(a.name, b.name));
    }
  }
  return pairs;
}

/** One allowed connection between the namespaces of `pair`, for failure messages. */
function witness(reference: ReferenceEvaluator, pair: string): string {
  const [from, to] = splitPair(pair);
  const c = reference.connections().find((x) => x.src.namespace === from && x.dst.namespace === to);
  return c ? `${c.src.name} -> ${c.dst.name} ${c.protocol}/${c.port}` : "(none)";
}

describe("namespace-level reachability is sound against a pod-level reference", () => {
  it(`every reference connection is an engine edge (${RUNS} cases)`, async () => {
    await checkSoundness(universeArb, RUNS);
  }, Math.max(60_000, RUNS * 30));

  it(`every reference connection is an engine edge with Admin and Baseline tiers (${TIERED_RUNS} cases)`, async () => {
    await checkSoundness(tieredUniverseArb, TIERED_RUNS);
  }, Math.max(60_000, TIERED_RUNS * 60));
});

async function checkSoundness(arbitrary: fc.Arbitrary<Universe>, RUNS: number): Promise<void> {
    console.info(`soundness property: seed ${SEED}, ${RUNS} runs (NETPOL_FC_SEED / NETPOL_FC_RUNS to change)`);
    const stats: Stats = {
      cases: 0,
      exactCases: 0,
      pairs: 0,
      exactPairs: 0,
      referencePairs: 0,
      engineOnlyPairs: 0,
      casesWithPolicies: 0,
      casesWithDeniedPair: 0,
    };
    let shrinking = false;

    const property = fc.asyncProperty(arbitrary, async (universe) => {
      const manifest = toManifest(universe);
      const { model, reach } = await refFromFiles({ "k8s/all.yaml": manifest }, { sharedNamespaces: [] });

      // The generators only write valid objects: a dropped policy would make the check vacuous.
      const errors = model.findings.filter((f) => f.severity === "error");
      if (errors.length > 0) throw new Error(`the engine rejected generated input:\n${errors.map((f) => f.message).join("\n")}\n---\n${manifest}`);
      expect(model.manifestPolicies.length).toBe(universe.policies.length);
      expect(tieredPoliciesOf(model).length).toBe(universe.tiered?.length ?? 0);

      const worstCase = new ReferenceEvaluator(universe, "cluster-overlap");
      const byPodIp = new ReferenceEvaluator(universe, "pod-ip");
      const referencePairs = worstCase.namespacePairs();

      const missing: string[] = [];
      for (const pair of referencePairs) {
        const [from, to] = splitPair(pair);
        if (!reach.hasEdge(from, to)) missing.push(`${from} -> ${to} (e.g. ${witness(worstCase, pair)})`);
      }
      for (const pair of byPodIp.namespacePairs()) {
        const [from, to] = splitPair(pair);
        if (!reach.hasEdge(from, to)) missing.push(`${from} -> ${to} with ipBlocks matched by pod IP (e.g. ${witness(byPodIp, pair)})`);
        // Matching ipBlocks by IP is one thing the worst case allows: the reference must agree with itself.
        // Not with tiers: a Deny to `networks` that matches every pod denies more than one matching by IP.
        if (!universe.tiered && !referencePairs.has(pair)) throw new Error(`reference inconsistency: ${from} -> ${to} allowed by pod IP only`);
      }
      if (missing.length > 0) {
        shrinking = true;
        throw new Error(
          `engine misses connections the reference allows:\n  ${missing.join("\n  ")}\npods:\n${describePods(universe)}\nmanifest:\n${manifest}`,
        );
      }

      if (shrinking) return;
      const decidable = decidablePairs(universe);
      let exact = true;
      let denied = false;
      for (const pair of decidable) {
        const [from, to] = splitPair(pair);
        const engine = reach.hasEdge(from, to);
        const reference = referencePairs.has(pair);
        stats.pairs++;
        if (reference) stats.referencePairs++;
        else denied = true;
        if (engine === reference) stats.exactPairs++;
        else {
          exact = false;
          stats.engineOnlyPairs++;
        }
      }
      stats.cases++;
      if (exact) stats.exactCases++;
      if (universe.policies.length > 0) stats.casesWithPolicies++;
      if (denied) stats.casesWithDeniedPair++;
    });

    await fc.assert(property, { numRuns: RUNS, seed: SEED });

    const pct = (n: number, d: number): string => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}`);
    console.info(
      `engine exact in ${pct(stats.exactCases, stats.cases)}% of cases, ${pct(stats.exactPairs, stats.pairs)}% of pairs ` +
        `(${stats.cases} cases, ${stats.pairs} decidable pairs, ${stats.referencePairs} connected by the reference, ` +
        `${stats.engineOnlyPairs} engine-only edges; ${stats.casesWithPolicies} cases with policies, ` +
        `${stats.casesWithDeniedPair} with a pair the reference denies)`,
    );
    // Guards against a vacuous run: the generators must produce policies that actually deny something.
    expect(stats.cases).toBe(RUNS);
    expect(stats.casesWithDeniedPair).toBeGreaterThan(RUNS / 10);
    // About 4-7 ms a case on the two-core machine; room for a loaded one and for shrinking.
}

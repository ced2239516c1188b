/**
 * Soundness of the namespace-level reachability against a pod-level reference evaluator: on random small
 * clusters and random policies using every selector form, every namespace pair the reference connects (two
 * different pods, some port) must be an edge of the engine's graph. Exactness is measured and printed, never
 * asserted: the engine over-approximates by design (pod selectors, ports).
 *
 * With tiers, one run per mix of kinds (universe-arbitrary.ts, TIER_MIXES): ClusterNetworkPolicies, the v1alpha1
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy, and tiers that mix them. Where the APIs leave the order
 * open (a shared priority, two kinds in one tier) the reference tries every order, so the engine must hold
 * whatever any implementation may do. Each run counts what the tiers decided in the reference and asserts
 * that every kind and every mix really decided connections, so no run passes vacuously.
 *
 * Reproduce a failure with NETPOL_FC_SEED=<seed> (printed at the start and in fast-check's report).
 * NETPOL_FC_RUNS changes the number of cases.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { refFromFiles } from "../helpers/model-from-files.js";
import { ReferenceEvaluator, pairKey, splitPair, type TierCandidate, type TierKind, type Universe } from "./reference-evaluator.js";
import { tieredPoliciesOf } from "../../src/engine/tier-evaluator.js";
import { TIER_MIXES, describePods, tieredUniverseArb, toManifest, universeArb, type TierMix, type TierMixSpec } from "./universe-arbitrary.js";

const RUNS = Number(process.env.NETPOL_FC_RUNS ?? 2000);
/** Cases with tiered policies (Admin and Baseline tiers, every kind) besides the NetworkPolicies. */
const TIERED_RUNS = Number(process.env.NETPOL_FC_RUNS ?? 600);
const MIXES = Object.keys(TIER_MIXES) as TierMix[];
/**
 * The tiered runs shared out among the mixes of kinds, at least 60 each: the rarest event a mix must show (two
 * kinds competing for a connection with different actions) comes in about one case in four, so 60 cases miss
 * it with a probability near 1e-7.
 */
const RUNS_PER_MIX = Math.max(60, Math.ceil(TIERED_RUNS / MIXES.length));
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
  tiers: TierStats;
}

/** What the tiered policies did in the reference, case by case: proof that each kind and mix really decided. */
interface TierStats {
  /** Cases where a policy of the kind was the first matching policy of a connection under some allowed order. */
  decidedBy: Record<TierKind, number>;
  /** Cases where one decision had candidates of two kinds: a tier the APIs leave unordered, exercised. */
  crossKind: number;
  /** Cases where one decision had candidates of two kinds at one priority. */
  crossKindTie: number;
  /** Cases where one decision had two candidates of one kind: policies sharing a priority, exercised. */
  samePriority: number;
  /** Cases where a decision's candidates disagree: the order the API leaves open changes the outcome. */
  conflicting: number;
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
    const stats = await checkSoundness(universeArb, RUNS);
    // Guards against a vacuous run: the generators must produce policies that actually deny something.
    expect(stats.cases).toBe(RUNS);
    expect(stats.casesWithDeniedPair).toBeGreaterThan(RUNS / 10);
  }, Math.max(60_000, RUNS * 30));

  for (const mix of MIXES) {
    it(`every reference connection is an engine edge with tiers, ${mix} (${RUNS_PER_MIX} cases)`, async () => {
      const { cases, casesWithDeniedPair, tiers } = await checkSoundness(tieredUniverseArb(mix), RUNS_PER_MIX);
      console.info(`${mix}: ${JSON.stringify(tiers)}`);
      expect(cases).toBe(RUNS_PER_MIX);
      expect(casesWithDeniedPair).toBeGreaterThan(RUNS_PER_MIX / 10);
      const spec: TierMixSpec = TIER_MIXES[mix];
      // Each kind the mix always holds decided connections (a policy whose rules never match proves nothing).
      for (const kind of spec.kinds) expect(tiers.decidedBy[kind], kind).toBeGreaterThan(0);
      if (spec.mixedTier) {
        // The mix in one tier is the point: decisions where the kinds compete, and where that changes the outcome.
        expect(tiers.crossKind).toBeGreaterThan(0);
        expect(tiers.conflicting).toBeGreaterThan(0);
      }
      if (spec.tiesAcrossKinds) expect(tiers.crossKindTie).toBeGreaterThan(0);
    }, Math.max(60_000, RUNS_PER_MIX * 60));
  }
});

async function checkSoundness(arbitrary: fc.Arbitrary<Universe>, RUNS: number): Promise<Stats> {
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
      tiers: { decidedBy: { ClusterNetworkPolicy: 0, AdminNetworkPolicy: 0, BaselineAdminNetworkPolicy: 0 }, crossKind: 0, crossKindTie: 0, samePriority: 0, conflicting: 0 },
    };
    let shrinking = false;

    const property = fc.asyncProperty(arbitrary, async (universe) => {
      const manifest = toManifest(universe);
      const { model, reach } = await refFromFiles({ "k8s/all.yaml": manifest }, { sharedNamespaces: [] });

      // The generators only write valid objects: a dropped policy would make the check vacuous.
      const errors = model.findings.filter((f) => f.severity === "error");
      if (errors.length > 0) throw new Error(`the engine rejected generated input:\n${errors.map((f) => f.message).join("\n")}\n---\n${manifest}`);
      expect(model.manifestPolicies.length).toBe(universe.policies.length);
      const kinds = (list: { kind: string }[]): string[] => list.map((p) => p.kind).sort();
      expect(kinds(tieredPoliciesOf(model))).toEqual(kinds(universe.tiered ?? []));

      const worstCase = new ReferenceEvaluator(universe, "cluster-overlap");
      const byPodIp = new ReferenceEvaluator(universe, "pod-ip");
      const decisions: TierCandidate[][] = [];
      worstCase.observeTier = (_tier, candidates) => {
        if (candidates.length > 0) decisions.push(candidates);
      };
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
      countTierDecisions(stats.tiers, decisions);
    });

    await fc.assert(property, { numRuns: RUNS, seed: SEED });

    const pct = (n: number, d: number): string => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}`);
    console.info(
      `engine exact in ${pct(stats.exactCases, stats.cases)}% of cases, ${pct(stats.exactPairs, stats.pairs)}% of pairs ` +
        `(${stats.cases} cases, ${stats.pairs} decidable pairs, ${stats.referencePairs} connected by the reference, ` +
        `${stats.engineOnlyPairs} engine-only edges; ${stats.casesWithPolicies} cases with policies, ` +
        `${stats.casesWithDeniedPair} with a pair the reference denies)`,
    );
    return stats;
}

/** Adds one case's tier decisions (the candidates of each) to the counts: each count goes up at most once. */
function countTierDecisions(tiers: TierStats, decisions: TierCandidate[][]): void {
  const decided = new Set<TierKind>();
  let crossKind = false;
  let crossKindTie = false;
  let samePriority = false;
  let conflicting = false;
  for (const candidates of decisions) {
    const kinds = candidates.map((c) => c.policy.kind);
    for (const kind of kinds) decided.add(kind);
    if (new Set(kinds).size > 1) crossKind = true;
    if (candidates.some((x) => candidates.some((y) => x.policy.kind !== y.policy.kind && x.policy.priority === y.policy.priority))) crossKindTie = true;
    if (new Set(kinds).size < kinds.length) samePriority = true;
    if (new Set(candidates.map((c) => c.action)).size > 1) conflicting = true;
  }
  for (const kind of decided) tiers.decidedBy[kind]++;
  if (crossKind) tiers.crossKind++;
  if (crossKindTie) tiers.crossKindTie++;
  if (samePriority) tiers.samePriority++;
  if (conflicting) tiers.conflicting++;
}

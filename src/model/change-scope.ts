/**
 * Where a change can act on the judgement of another change (see src/engine/change-scope.ts): what an open
 * pull request's last judgement records, and what a push to its base is compared with, so that a pull
 * request the push provably leaves alone keeps its verdict without a new judgement.
 */
export type ChangeScope =
  /** The change can act anywhere: its hierarchy, labels or config differ, or its reach is unbounded. */
  | { kind: "everywhere"; reason: string }
  | {
      kind: "local";
      /** Namespaces whose own, inherited or kit-generated policies may differ (with their HNC descendants). */
      changed: string[];
      /**
       * Namespaces the edges of `changed` may start or stop reaching: the peers of the policies that differ;
       * null when that is every namespace (a policy selecting every pod comes or goes, a peer matches every
       * namespace, or there are too many to list).
       */
      reached: string[] | null;
      /**
       * Whether every finding at the head has its twin at the base and back (by key, as many times), but the
       * `not-isolated` findings of `changed`, and the change touches nothing the platform owns.
       */
      findingsKept: boolean;
    };

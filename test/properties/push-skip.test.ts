/**
 * The skip after a push must be sound: whenever `pushLeavesAlone` says a push leaves an open pull request
 * alone, judging the pull request against the new base (its changes composed onto the new tip) gives the same
 * conclusion, platform review, findings and connectivity diff as against the old base. Random small
 * repositories (one file per service kit and per policy, so that pushes and pull requests often touch
 * different files), a random push and a random pull request from the same base, judged by the engine
 * directly, each judgement built in full. Where the pull request is left alone, where its change acts is the
 * same against the new base too, so that its record can move there.
 *
 * Reproduce a failure with NETPOL_FC_SEED=<seed>; NETPOL_FC_RUNS changes the number of cases.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseConfigFile } from "../../src/config/parse-config-file.js";
import { changeScope } from "../../src/engine/change-scope.js";
import type { ChangeScope } from "../../src/model/change-scope.js";
import type { Judgement } from "../../src/engine/judge-change.js";
import { judgeSnapshots, type SnapshotInput } from "../../src/engine/judge-snapshots.js";
import { ParseCache } from "../../src/engine/parse-files.js";
import { pushLeavesAlone } from "../../src/engine/push-leaves-alone.js";
import { defaultDeny, snapshotFiles, starterKit, teamKit } from "../helpers/model-from-files.js";

const RUNS = Number(process.env.NETPOL_FC_RUNS ?? 150);
const SEED = process.env.NETPOL_FC_SEED !== undefined ? Number(process.env.NETPOL_FC_SEED) : Date.now() % 2 ** 31;

const COMPANIES = ["company-x", "company-y"];
const TEAMS: Record<string, string> = { "team-a": "company-x", "team-b": "company-x", "team-c": "company-y" };
const SERVICES = ["svc-1", "svc-2", "svc-3", "svc-4", "svc-5", "svc-6"];
const NAMESPACES = [...SERVICES, ...Object.keys(TEAMS), ...COMPANIES];

interface Service {
  team: string;
  entries: string[];
  enable: boolean;
}

interface Policy {
  direction: "ingress" | "egress";
  selectAll: boolean;
  /** A namespace by name, a team's tree, or every namespace but one. */
  peer: { name: string } | { tree: string } | { notName: string };
  port: number;
}

interface Repo {
  services: Record<string, Service>;
  /** By `namespace/name`. */
  policies: Record<string, Policy>;
  labels: Record<string, string>;
  propagate: boolean;
}

const peerArb: fc.Arbitrary<Policy["peer"]> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ name: fc.constantFrom(...NAMESPACES, "kube-system") }) },
  { weight: 2, arbitrary: fc.record({ tree: fc.constantFrom(...Object.keys(TEAMS), ...COMPANIES) }) },
  { weight: 1, arbitrary: fc.record({ notName: fc.constantFrom(...SERVICES) }) },
);

const policyArb: fc.Arbitrary<Policy> = fc.record({
  direction: fc.constantFrom("ingress" as const, "egress" as const),
  selectAll: fc.boolean(),
  peer: peerArb,
  port: fc.constantFrom(80, 443),
});

const policyKeyArb = fc.tuple(fc.constantFrom(...SERVICES, ...SERVICES, "team-a", "team-c", "company-y"), fc.constantFrom("p1", "p2")).map(([ns, name]) => `${ns}/${name}`);

const serviceArb: fc.Arbitrary<Service> = fc.record({
  team: fc.constantFrom(...Object.keys(TEAMS)),
  entries: fc.oneof(fc.constant<string[]>([]), fc.subarray(SERVICES, { maxLength: 2 })),
  enable: fc.boolean(),
});

/** A policy that opens nothing across companies: to its namespace's own pods, or to DNS. */
const cleanPolicyArb = (key: string): fc.Arbitrary<Policy> =>
  fc.tuple(policyArb, fc.boolean()).map(([policy, own]) => ({ ...policy, peer: { name: own ? key.split("/")[0]! : "kube-system" } }));

const repoArb: fc.Arbitrary<Repo> = fc.record({
  services: fc.record(Object.fromEntries(SERVICES.map((s) => [s, serviceArb]))) as fc.Arbitrary<Record<string, Service>>,
  // Mostly clean, as a base branch guarded by the check is: what the base already has wrong is kept by a push.
  policies: fc.dictionary(policyKeyArb, fc.oneof({ weight: 1, arbitrary: policyArb }, { weight: 3, arbitrary: policyKeyArb.chain(cleanPolicyArb) }), { maxKeys: 5 }),
  labels: fc.dictionary(fc.constantFrom("company-x", "svc-2"), fc.constantFrom("prod", "dev")),
  propagate: fc.boolean(),
});

type Edit =
  | { op: "entries"; service: string; entries: string[] }
  | { op: "enable"; service: string }
  | { op: "team"; service: string; team: string }
  | { op: "put"; key: string; policy: Policy }
  | { op: "drop"; key: string }
  | { op: "label"; namespace: string; value: string | null }
  | { op: "propagate" };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("entries" as const), service: fc.constantFrom(...SERVICES), entries: fc.subarray(SERVICES, { maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("enable" as const), service: fc.constantFrom(...SERVICES) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("team" as const), service: fc.constantFrom(...SERVICES), team: fc.constantFrom(...Object.keys(TEAMS)) }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant("put" as const), key: policyKeyArb, policy: policyArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("drop" as const), key: policyKeyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("label" as const), namespace: fc.constantFrom("company-x", "svc-2"), value: fc.option(fc.constantFrom("prod", "dev"), { nil: null }) }) },
  { weight: 1, arbitrary: fc.constant<Edit>({ op: "propagate" }) },
);

/**
 * A push to the base is usually a pull request that passed: its own findings are none. These edits open
 * nothing across companies (a namespace's own pods, DNS, no starter-kit entry), so that many pushes keep
 * every finding of the base and the skip is tried; the others come from `editArb`.
 */
const cleanEditArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant("entries" as const), service: fc.constantFrom(...SERVICES), entries: fc.constant<string[]>([]) }),
  policyKeyArb.chain((key) => cleanPolicyArb(key).map((policy): Edit => ({ op: "put", key, policy }))),
  fc.record({ op: fc.constant("drop" as const), key: policyKeyArb }),
);

const pushEditArb = fc.oneof({ weight: 1, arbitrary: editArb }, { weight: 5, arbitrary: cleanEditArb });

/** A pull request mostly changes access (policies, starter-kit entries); sometimes anything `editArb` draws. */
const pullEditArb = fc.oneof(
  { weight: 1, arbitrary: editArb },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("put" as const), key: policyKeyArb, policy: policyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("entries" as const), service: fc.constantFrom(...SERVICES), entries: fc.subarray(SERVICES, { maxLength: 2 }) }) },
);

function edited(repo: Repo, edits: Edit[]): Repo {
  const next = structuredClone(repo);
  for (const e of edits) {
    if (e.op === "entries") next.services[e.service]!.entries = e.entries;
    else if (e.op === "enable") next.services[e.service]!.enable = !next.services[e.service]!.enable;
    else if (e.op === "team") next.services[e.service]!.team = e.team;
    else if (e.op === "put") next.policies[e.key] = e.policy;
    else if (e.op === "drop") delete next.policies[e.key];
    else if (e.op === "label") {
      if (e.value === null) delete next.labels[e.namespace];
      else next.labels[e.namespace] = e.value;
    } else next.propagate = !next.propagate;
  }
  return next;
}

function peerYaml(peer: Policy["peer"]): string {
  const [key, operator, value] =
    "name" in peer
      ? ["kubernetes.io/metadata.name", "In", peer.name]
      : "tree" in peer
        ? [`${peer.tree}.tree.hnc.x-k8s.io/depth`, "Exists", null]
        : ["kubernetes.io/metadata.name", "NotIn", peer.notName];
  const values = value === null ? "" : `\n                values: [${value}]`;
  return `- namespaceSelector:\n            matchExpressions:\n              - key: ${key}\n                operator: ${operator}${values}`;
}

function policyYaml(namespace: string, name: string, p: Policy): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  podSelector: ${p.selectAll ? "{}" : "\n    matchLabels:\n      app: api"}
  policyTypes: [${p.direction === "ingress" ? "Ingress" : "Egress"}]
  ${p.direction}:
    - ${p.direction === "ingress" ? "from" : "to"}:
        ${peerYaml(p.peer)}
      ports:
        - port: ${p.port}
`;
}

function render(repo: Repo): Record<string, string> {
  const files: Record<string, string> = {
    "terraform/teams/main.tf": Object.entries(TEAMS)
      .map(([team, company]) => teamKit(team, company))
      .join("\n"),
  };
  for (const [name, s] of Object.entries(repo.services)) files[`terraform/services/${name}.tf`] = starterKit(name, s.team, TEAMS[s.team]!, s.entries, s.enable);
  for (const company of COMPANIES) files[`kubernetes/policies/${company}/deny.yaml`] = defaultDeny(company);
  for (const [namespace, value] of Object.entries(repo.labels)) {
    files[`kubernetes/namespaces/${namespace}.yaml`] = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespace}\n  labels:\n    env: ${value}\n`;
  }
  if (repo.propagate) {
    files["kubernetes/hnc/config.yaml"] =
      "apiVersion: hnc.x-k8s.io/v1alpha2\nkind: HNCConfiguration\nmetadata:\n  name: config\nspec:\n  resources:\n    - group: networking.k8s.io\n      resource: networkpolicies\n      mode: Propagate\n";
  }
  for (const [key, p] of Object.entries(repo.policies)) {
    const [namespace, name] = key.split("/") as [string, string];
    files[`kubernetes/policies/${namespace}/${name}.yaml`] = policyYaml(namespace, name, p);
  }
  return files;
}

function changedPaths(from: Record<string, string>, to: Record<string, string>): string[] {
  return [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((p) => from[p] !== to[p]).sort();
}

/** `base` with the files `paths` as they are in `from` (absent there: removed). */
function withFilesOf(base: Record<string, string>, from: Record<string, string>, paths: string[]): Record<string, string> {
  const files = { ...base };
  for (const p of paths) {
    if (p in from) files[p] = from[p]!;
    else delete files[p];
  }
  return files;
}

function snapshot(files: Record<string, string>): SnapshotInput {
  const config = parseConfigFile(null);
  return { files: snapshotFiles(files, config.config), config };
}

/** What the skip must keep: everything that decides or explains the verdict (pre-existing findings are only listed). */
function verdictOf(j: Judgement): unknown {
  return { conclusion: j.conclusion, platformReviewRequired: j.platformReviewRequired, findings: j.findings, connectivity: j.connectivity };
}

/** What a skip compares of a pull request's scope (whether its own findings are kept is not used). */
function where(scope: ChangeScope): unknown {
  return scope.kind === "local" ? { changed: scope.changed, reached: scope.reached } : scope;
}

/** Judged in full, with no cache: the reference the skip is checked against. */
async function judgeInFull(base: Record<string, string>, head: Record<string, string>): Promise<Judgement> {
  return (await judgeSnapshots(snapshot(base), snapshot(head), new ParseCache(), { incremental: false })).judgement;
}

const QUIET: Repo = {
  services: Object.fromEntries(SERVICES.map((s) => [s, { team: "team-a", entries: [], enable: true }])),
  policies: {},
  labels: {},
  propagate: false,
};
const SVC1_TO_SVC2: Edit = { op: "put", key: "svc-1/p1", policy: { direction: "egress", selectAll: false, peer: { name: "svc-2" }, port: 80 } };
const EXAMPLES: [Repo, Edit[], Edit[]][] = [
  // svc-3 gets a policy to its own pods; the pull request opens svc-1 to svc-2: alone.
  [QUIET, [{ op: "put", key: "svc-3/p1", policy: { direction: "ingress", selectAll: true, peer: { name: "svc-3" }, port: 80 } }], [SVC1_TO_SVC2]],
  [QUIET, [{ op: "put", key: "svc-4/p2", policy: { direction: "egress", selectAll: false, peer: { name: "kube-system" }, port: 443 } }], [SVC1_TO_SVC2]],
  // svc-2 starts to accept svc-1, which the pull request sends to: a new edge in its diff.
  [QUIET, [{ op: "put", key: "svc-2/p1", policy: { direction: "ingress", selectAll: false, peer: { name: "svc-1" }, port: 80 } }], [SVC1_TO_SVC2]],
];

describe("the skip after a push", () => {
  it(`never skips a pull request whose verdict the push changes (${RUNS} cases)`, async () => {
    console.info(`push-skip property: seed ${SEED}, ${RUNS} runs (NETPOL_FC_SEED / NETPOL_FC_RUNS to change)`);
    const counts = { skipped: 0, judged: 0, judgedAndChanged: 0 };
    await fc.assert(
      fc.asyncProperty(repoArb, fc.array(pushEditArb, { minLength: 1, maxLength: 3 }), fc.array(pullEditArb, { minLength: 1, maxLength: 3 }), async (repo, pushEdits, pullEdits) => {
        const base = render(repo);
        const pushed = render(edited(repo, pushEdits));
        const pulled = render(edited(repo, pullEdits));
        const pushPaths = changedPaths(base, pushed);
        const pullPaths = changedPaths(base, pulled);
        if (pushPaths.length === 0 || pullPaths.length === 0) return;
        // As the app has them: the pull request judged against the old base (its head derived from it), the
        // push judged as a change of the base.
        const cache = new ParseCache();
        const pull = await judgeSnapshots(snapshot(base), snapshot(pulled), cache);
        const push = await judgeSnapshots(snapshot(base), snapshot(pushed), cache);
        const decision = pushLeavesAlone({ paths: pushPaths, scope: changeScope(push) }, { paths: pullPaths, scope: changeScope(pull) });
        if (decision.alone) counts.skipped++;
        else counts.judged++;
        // The pull request's changes composed onto the new tip (files both change are a conflict: never skipped).
        if (pullPaths.some((p) => pushPaths.includes(p))) return;
        const before = verdictOf(await judgeInFull(base, pulled));
        const after = verdictOf(await judgeInFull(pushed, withFilesOf(pushed, pulled, pullPaths)));
        if (decision.alone) {
          expect(after, decision.why).toEqual(before);
          // The record moves to the new tip: what a judgement there would record is the same.
          const there = new ParseCache();
          await judgeSnapshots(snapshot(pushed), snapshot(pushed), there);
          const moved = changeScope(await judgeSnapshots(snapshot(pushed), snapshot(withFilesOf(pushed, pulled, pullPaths)), there));
          expect(where(moved)).toEqual(where(changeScope(pull)));
        }
        else if (JSON.stringify(after) !== JSON.stringify(before)) counts.judgedAndChanged++;
      }),
      // Whatever the seed and the number of runs, two pushes that leave the pull request alone and one that
      // changes its verdict are judged (the counts below then hold).
      { numRuns: RUNS, seed: SEED, examples: EXAMPLES },
    );
    console.info(`push-skip property: ${counts.skipped} skipped, ${counts.judged} judged again (${counts.judgedAndChanged} of them with another verdict)`);
    // Both outcomes must be common, and pushes that do change a verdict must occur, or the property proves little.
    expect(counts.skipped).toBeGreaterThan(Math.floor(RUNS / 30));
    expect(counts.judgedAndChanged).toBeGreaterThan(0);
  }, 240_000);
});

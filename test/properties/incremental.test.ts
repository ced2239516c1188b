/**
 * The head derived from a judged base (the next push of a pull request) must judge exactly like a head built
 * in full: the whole Judgement, every finding of the head ref, the rendered summary and the head's model.
 * Checked on every scenario (both directions), on random edits of small repositories (fast-check), and on
 * random pull-request-like edits of a generated benchmark repository, hierarchy-shaping ones included.
 *
 * Reproduce a failure with NETPOL_FC_SEED=<seed>; NETPOL_FC_RUNS changes the number of cases.
 */
import { parseConfigFile } from "../../src/config/parse-config-file.js";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRepo } from "../../bench/generate-repo.js";
import { createPathFilter, parseConfig } from "../../src/config/parse-config.js";
import { findingsAt } from "../../src/engine/findings-at.js";
import type { JudgedRef } from "../../src/engine/judged-ref.js";
import { judgeSnapshots, snapshotInput, type JudgedChange, type SnapshotInput } from "../../src/engine/judge-snapshots.js";
import { ParseCache, parseJobs, runParseJob } from "../../src/engine/parse-files.js";
import { renderSummary } from "../../src/report/render-summary.js";
import { readFolderSnapshot, readGitSnapshot } from "../../src/snapshot/read-local-snapshot.js";
import { defaultDeny, snapshotFiles, starterKit, teamKit } from "../helpers/model-from-files.js";
import { listScenarios, SCENARIOS } from "../helpers/scenario.js";
import { viewOfChange } from "../../src/report/view-of-change.js";
import { loadTerraformParser } from "../../src/parsers/terraform/load-terraform-parser.js";

const parser = await loadTerraformParser();

const RUNS = Number(process.env.NETPOL_FC_RUNS ?? 150);
const SEED = process.env.NETPOL_FC_SEED !== undefined ? Number(process.env.NETPOL_FC_SEED) : Date.now() % 2 ** 31;

/** What a model is made of, comparable across two builds (policies by namespace as sorted entries). */
function modelView(ref: JudgedRef): unknown {
  const m = ref.model;
  return {
    nodes: [...m.hierarchy.nodes.values()],
    companies: m.hierarchy.companies,
    shared: m.hierarchy.shared,
    services: m.services,
    teams: m.teams,
    manifestPolicies: m.manifestPolicies,
    kitPolicies: m.kitPolicies,
    byNamespace: [...m.policiesByNamespace.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    propagationMode: m.propagationMode,
    hncConfigs: m.hncConfigs,
    hncParents: m.hncParents,
    namespaceManifests: m.namespaceManifests,
    otherObjects: m.otherObjects,
    findings: m.findings,
    phantoms: m.index.phantoms,
  };
}

/** Parse results shared by every cache of a test (they are immutable), so that each case parses only its edits. */
const parses = new ParseCache();

/** A cache holding the parse results of `files` and nothing derived from them. */
function parsedCache(...snapshots: SnapshotInput[]): ParseCache {
  const cache = new ParseCache();
  for (const s of snapshots) for (const job of parseJobs(s.files)) cache.put(job, runParseJob(job, parses, parser));
  return cache;
}

/** Judges `base` -> `head` in full, and again with a cache that judged `base` first; both must agree. */
async function expectSameJudgement(base: SnapshotInput, head: SnapshotInput): Promise<{ derived: boolean; reason: string | null }> {
  const full = await judgeSnapshots(base, head, parsedCache(base, head), { incremental: false });
  const cache = parsedCache(base);
  await judgeSnapshots(base, base, cache);
  const incremental = await judgeSnapshots(base, head, cache);
  const derived = incremental.head.how === "derived";
  const reason = incremental.head.notDerived;
  compare(incremental, full);
  return { derived, reason };
}

function compare(incremental: JudgedChange, full: JudgedChange): void {
  expect(incremental.judgement).toEqual(full.judgement);
  expect(JSON.stringify(incremental.judgement)).toBe(JSON.stringify(full.judgement));
  expect(findingsAt(incremental.head)).toEqual(findingsAt(full.head));
  expect(modelView(incremental.head)).toEqual(modelView(full.head));
  expect(renderSummary(viewOfChange(incremental))).toBe(renderSummary(viewOfChange(full)));
}


describe("a derived head judges like a head built in full", () => {
  describe("scenarios", () => {
    for (const name of listScenarios()) {
      it(name, async () => {
        const dir = join(SCENARIOS, name);
        const configPath = join(dir, "base", ".github/netpol-guard.yml");
        const configText = existsSync(configPath) ? readFileSync(configPath, "utf8") : null;
        const filter = createPathFilter(parseConfig(configText).config);
        const base: SnapshotInput = existsSync(join(dir, "base")) ? snapshotInput(await readFolderSnapshot(join(dir, "base"), filter)) : { files: [], config: parseConfigFile(null) };
        const head: SnapshotInput = snapshotInput(await readFolderSnapshot(join(dir, "head"), filter));
        await expectSameJudgement(base, head);
        // The other way round: the head as the base of a change back.
        await expectSameJudgement({ ...head, config: base.config }, base);
      });
    }
  });

  describe("random edits of a small repository", () => {
    it(`judges alike (${RUNS} cases)`, async () => {
      console.info(`incremental property: seed ${SEED}, ${RUNS} runs (NETPOL_FC_SEED / NETPOL_FC_RUNS to change)`);
      const paths = { derived: 0, rebuilt: 0 };
      await fc.assert(
        fc.asyncProperty(repoArb, fc.array(editArb, { minLength: 1, maxLength: 4 }), fc.array(editArb, { minLength: 1, maxLength: 3 }), async (repo, edits, more) => {
          const baseFiles = render(repo);
          const head = structuredClone(repo);
          for (const e of edits) applyEdit(head, e);
          const headFiles = render(head);
          const outcome = await expectSameJudgement(snapshot(baseFiles), snapshot(headFiles));
          paths[outcome.derived ? "derived" : "rebuilt"]++;
          // A second push on the derived head.
          const next = structuredClone(head);
          for (const e of more) applyEdit(next, e);
          const cache = new ParseCache();
          await judgeSnapshots(snapshot(baseFiles), snapshot(baseFiles), cache);
          await judgeSnapshots(snapshot(baseFiles), snapshot(headFiles), cache);
          compare(
            await judgeSnapshots(snapshot(headFiles), snapshot(render(next)), cache),
            await judgeSnapshots(snapshot(headFiles), snapshot(render(next)), new ParseCache(), { incremental: false }),
          );
        }),
        { numRuns: RUNS, seed: SEED },
      );
      console.info(`incremental property: ${paths.derived} derived, ${paths.rebuilt} rebuilt`);
      // Both paths must be exercised, or the property proves little.
      expect(paths.derived).toBeGreaterThan(RUNS / 10);
      expect(paths.rebuilt).toBeGreaterThan(RUNS / 10);
    }, 240_000);
  });

  describe("random pull-request-like edits of a generated repository", () => {
    const dir = mkdtempSync(join(tmpdir(), "netpol-guard-incremental-"));
    let base: SnapshotInput;
    let pullRequest: SnapshotInput;
    beforeAll(async () => {
      const repo = generateRepo({ seed: 7, services: 120, dir: join(dir, "repo") });
      const configText = readFileSync(join(repo.dir, ".github/netpol-guard.yml"), "utf8");
      const filter = createPathFilter(parseConfig(configText).config);
      base = { files: (await readGitSnapshot(repo.dir, repo.base, filter)).files, config: parseConfigFile(configText) };
      pullRequest = { files: (await readGitSnapshot(repo.dir, repo.head, filter)).files, config: parseConfigFile(configText) };
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("the benchmark's own pull request is derived and judged alike", async () => {
      const outcome = await expectSameJudgement(base, pullRequest);
      expect(outcome).toEqual({ derived: true, reason: null });
    });

    it(`random edits judge alike (${Math.ceil(RUNS / 3)} cases)`, async () => {
      const texts = (s: SnapshotInput): Map<string, string> => new Map(s.files.map((f) => [f.path, f.text ?? ""]));
      const paths = { derived: 0, rebuilt: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(benchEditArb, { minLength: 1, maxLength: 5 }), async (edits) => {
          const files = texts(base);
          for (const e of edits) applyBenchEdit(files, e);
          // Unchanged files keep the base's entries (and digests), as a snapshot reader gives them.
          const before = new Map(base.files.map((f) => [f.path, f]));
          const edited = snapshot(Object.fromEntries(files), base.config.text).files;
          const head: SnapshotInput = {
            files: edited.map((f) => (before.get(f.path)?.text === f.text ? before.get(f.path)! : f)),
            config: base.config,
          };
          const outcome = await expectSameJudgement(base, head);
          paths[outcome.derived ? "derived" : "rebuilt"]++;
        }),
        // With few runs a seed may draw only edits of one path: these edits, one of each kind, are always judged
        // too, so that both paths are taken whatever the seed (the counts below then prove it).
        { numRuns: Math.ceil(RUNS / 3), seed: SEED, examples: BENCH_EDIT_EXAMPLES },
      );
      console.info(`incremental property (generated repository): ${paths.derived} derived, ${paths.rebuilt} rebuilt`);
      expect(paths.derived).toBeGreaterThan(0);
      expect(paths.rebuilt).toBeGreaterThan(0);
    }, 240_000);
  });

  describe("which path a judgement takes", () => {
    const files = (list: string[]): Record<string, string> => ({
      "terraform/teams/main.tf": teamKit("team-a", "company-x") + teamKit("team-b", "company-y"),
      "terraform/services/company-x/team-a.tf": starterKit("service-1", "team-a", "company-x", list) + starterKit("service-2", "team-a", "company-x", []),
      "terraform/services/company-y/team-b.tf": starterKit("service-3", "team-b", "company-y", []),
      "kubernetes/policies/company-x/deny.yaml": defaultDeny("company-x"),
    });

    it("an access-only change is derived from the base", async () => {
      const outcome = await expectSameJudgement(snapshot(files(["service-2"])), snapshot(files(["service-2", "service-3"])));
      expect(outcome).toEqual({ derived: true, reason: null });
    });

    it("a change that moves a service to another team is built in full", async () => {
      const base = files([]);
      const head = { ...base, "terraform/services/company-x/team-a.tf": starterKit("service-1", "team-b", "company-y", []) + starterKit("service-2", "team-a", "company-x", []) };
      const outcome = await expectSameJudgement(snapshot(base), snapshot(head));
      expect(outcome.derived).toBe(false);
      expect(outcome.reason).toMatch(/declare other services/);
    });

    it("a new namespace known only from a manifest is built in full", async () => {
      const base = files([]);
      const head = { ...base, "kubernetes/policies/brand-new/deny.yaml": defaultDeny("brand-new") };
      const outcome = await expectSameJudgement(snapshot(base), snapshot(head));
      expect(outcome).toEqual({ derived: false, reason: "namespace brand-new is only mentioned" });
    });
  });
});

function snapshot(files: Record<string, string>, configText: string | null = null): SnapshotInput {
  const config = parseConfigFile(configText);
  return { files: snapshotFiles(files, config.config), config };
}

// ---------------------------------------------------------------------------------------------------------
// Small repositories: two companies, three teams, services with starter-kit lists, raw policies.

const COMPANIES = ["company-x", "company-y"];
const TEAMS: Record<string, string> = { "team-a": "company-x", "team-b": "company-x", "team-c": "company-y" };
const SERVICES = ["svc-1", "svc-2", "svc-3", "svc-4", "svc-5", "svc-6"];
const ENTRY_POOL = [...SERVICES, ...Object.keys(TEAMS), ...COMPANIES, "kube-system", "svc-9", "svc-l"];
const SELECTOR_POOL: { key: string; values: string[] }[] = [
  { key: "kubernetes.io/metadata.name", values: [...SERVICES, "company-x", "svc-9"] },
  { key: "company-x.tree.hnc.x-k8s.io/depth", values: ["0", "1", "2"] },
  { key: "team-c.tree.hnc.x-k8s.io/depth", values: ["0", "1"] },
  { key: "env", values: ["prod", "dev"] },
];

interface Service {
  name: string;
  team: string;
  entries: string[];
  enable: boolean;
  /** Blank lines before the module, to move it without changing it. */
  padding: number;
}

interface RawPolicy {
  namespace: string;
  name: string;
  direction: "ingress" | "egress";
  selectAll: boolean;
  peer: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values: string[] } | "ip" | "all";
  port: number;
  propagateTo: string | null;
}

interface Repo {
  services: Service[];
  policies: RawPolicy[];
  namespaceLabels: Record<string, string>;
  hncPropagate: boolean;
  broken: string | null;
}

const serviceArb = (name: string): fc.Arbitrary<Service> =>
  fc.record({
    name: fc.constant(name),
    team: fc.constantFrom(...Object.keys(TEAMS)),
    entries: fc.subarray(ENTRY_POOL, { maxLength: 3 }),
    enable: fc.boolean(),
    padding: fc.nat(2),
  });

const policyArb: fc.Arbitrary<RawPolicy> = fc.record({
  namespace: fc.constantFrom(...SERVICES, ...Object.keys(TEAMS), ...COMPANIES),
  name: fc.constantFrom("p1", "p2", "p3"),
  direction: fc.constantFrom("ingress" as const, "egress" as const),
  selectAll: fc.boolean(),
  peer: fc.oneof(
    fc.constantFrom("ip" as const, "all" as const),
    fc.constantFrom(...SELECTOR_POOL).chain((p) =>
      fc.record({
        key: fc.constant(p.key),
        operator: fc.constantFrom("In" as const, "NotIn" as const, "Exists" as const, "DoesNotExist" as const),
        values: fc.subarray(p.values, { minLength: 1, maxLength: 2 }),
      }),
    ),
  ),
  port: fc.constantFrom(80, 443, 8080),
  propagateTo: fc.option(fc.constantFrom("team-a", "!team-b", "svc-1"), { nil: null }),
});

const repoArb: fc.Arbitrary<Repo> = fc.record({
  services: fc.tuple(...SERVICES.map(serviceArb)),
  policies: fc.array(policyArb, { maxLength: 5 }),
  namespaceLabels: fc.dictionary(fc.constantFrom(...COMPANIES, "team-a", "svc-2"), fc.constantFrom("prod", "dev")),
  hncPropagate: fc.boolean(),
  broken: fc.constant(null),
});

type Edit =
  | { op: "entries"; service: number; entries: string[] }
  | { op: "team"; service: number; team: string }
  | { op: "enable"; service: number }
  | { op: "pad"; service: number; padding: number }
  | { op: "addPolicy"; policy: RawPolicy }
  | { op: "dropPolicy"; index: number }
  | { op: "port"; index: number; port: number }
  | { op: "label"; namespace: string; value: string | null }
  | { op: "hnc" }
  | { op: "break"; file: string };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("entries" as const), service: fc.nat(SERVICES.length - 1), entries: fc.subarray(ENTRY_POOL, { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("team" as const), service: fc.nat(SERVICES.length - 1), team: fc.constantFrom(...Object.keys(TEAMS)) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("enable" as const), service: fc.nat(SERVICES.length - 1) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("pad" as const), service: fc.nat(SERVICES.length - 1), padding: fc.nat(3) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("addPolicy" as const), policy: policyArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("dropPolicy" as const), index: fc.nat(5) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("port" as const), index: fc.nat(5), port: fc.constantFrom(81, 444, 9090) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("label" as const), namespace: fc.constantFrom(...COMPANIES, "svc-3"), value: fc.option(fc.constantFrom("prod", "dev"), { nil: null }) }) },
  { weight: 1, arbitrary: fc.constant<Edit>({ op: "hnc" }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("break" as const), file: fc.constantFrom("terraform/services/company-x/team-a.tf", "kubernetes/policies/extra.yaml") }) },
);

function applyEdit(repo: Repo, e: Edit): void {
  switch (e.op) {
    case "entries":
      repo.services[e.service]!.entries = e.entries;
      return;
    case "team":
      repo.services[e.service]!.team = e.team;
      return;
    case "enable":
      repo.services[e.service]!.enable = !repo.services[e.service]!.enable;
      return;
    case "pad":
      repo.services[e.service]!.padding = e.padding;
      return;
    case "addPolicy":
      repo.policies.push(e.policy);
      return;
    case "dropPolicy":
      repo.policies.splice(e.index % Math.max(1, repo.policies.length), 1);
      return;
    case "port": {
      const p = repo.policies[e.index % Math.max(1, repo.policies.length)];
      if (p) p.port = e.port;
      return;
    }
    case "label":
      if (e.value === null) delete repo.namespaceLabels[e.namespace];
      else repo.namespaceLabels[e.namespace] = e.value;
      return;
    case "hnc":
      repo.hncPropagate = !repo.hncPropagate;
      return;
    case "break":
      repo.broken = e.file;
      return;
  }
}

function peerYaml(p: RawPolicy): string {
  if (p.peer === "all") return "";
  if (p.peer === "ip") return `${p.direction === "ingress" ? "from" : "to"}:\n        - ipBlock:\n            cidr: 10.0.0.0/8\n      `;
  const values = p.peer.operator === "In" || p.peer.operator === "NotIn" ? `\n                values: [${p.peer.values.map((v) => JSON.stringify(v)).join(", ")}]` : "";
  return `${p.direction === "ingress" ? "from" : "to"}:\n        - namespaceSelector:\n            matchExpressions:\n              - key: ${p.peer.key}\n                operator: ${p.peer.operator}${values}\n      `;
}

function policyYaml(p: RawPolicy): string {
  const annotations = p.propagateTo ? `  annotations:\n    propagate.hnc.x-k8s.io/treeSelect: "${p.propagateTo}"\n` : "";
  const podSelector = p.selectAll ? "{}" : "\n    matchLabels:\n      app: api";
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${p.name}
  namespace: ${p.namespace}
${annotations}spec:
  podSelector: ${podSelector}
  policyTypes: [${p.direction === "ingress" ? "Ingress" : "Egress"}]
  ${p.direction}:
    - ${peerYaml(p)}ports:
        - port: ${p.port}
`;
}

function render(repo: Repo): Record<string, string> {
  const files: Record<string, string> = {
    "terraform/teams/main.tf": Object.entries(TEAMS)
      .map(([team, company]) => teamKit(team, company))
      .join("\n"),
  };
  for (const s of repo.services) {
    const path = `terraform/services/${TEAMS[s.team]}/${s.team}.tf`;
    files[path] = (files[path] ?? "") + "\n".repeat(s.padding) + starterKit(s.name, s.team, TEAMS[s.team]!, s.entries, s.enable);
  }
  for (const company of COMPANIES) {
    const label = repo.namespaceLabels[company];
    files[`kubernetes/hnc/${company}.yaml`] = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${company}\n${label ? `  labels:\n    env: ${label}\n` : ""}`;
    files[`kubernetes/policies/${company}/deny.yaml`] = defaultDeny(company);
  }
  const label = repo.namespaceLabels["svc-3"];
  if (label) files["kubernetes/hnc/svc-3.yaml"] = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: svc-3\n  labels:\n    env: ${label}\n`;
  if (repo.hncPropagate) {
    files["kubernetes/hnc/config.yaml"] =
      "apiVersion: hnc.x-k8s.io/v1alpha2\nkind: HNCConfiguration\nmetadata:\n  name: config\nspec:\n  resources:\n    - group: networking.k8s.io\n      resource: networkpolicies\n      mode: Propagate\n";
  }
  repo.policies.forEach((p, i) => {
    const path = `kubernetes/policies/${p.namespace}/${p.name}-${i % 2}.yaml`;
    files[path] = files[path] ? `${files[path]}---\n${policyYaml(p)}` : policyYaml(p);
  });
  if (repo.broken) files[repo.broken] = `${files[repo.broken] ?? ""}\n{ this is: [not valid\n`;
  return files;
}

// ---------------------------------------------------------------------------------------------------------
// Pull-request-like edits of a generated repository (texts by path).

type BenchEdit =
  | { op: "addEntry" | "removeEntry" | "blank" | "retarget" | "disable"; file: number; at: number; peer: number }
  | { op: "port" | "dropFile"; file: number }
  | { op: "newPolicy"; file: number; peer: number; foreign: boolean };

const benchEditArb: fc.Arbitrary<BenchEdit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom("addEntry" as const, "removeEntry" as const, "blank" as const), file: fc.nat(), at: fc.nat(), peer: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("retarget" as const, "disable" as const), file: fc.nat(), at: fc.nat(), peer: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom("port" as const, "dropFile" as const), file: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("newPolicy" as const), file: fc.nat(), peer: fc.nat(), foreign: fc.boolean() }) },
);

const BENCH_EDIT_EXAMPLES: [BenchEdit[]][] = [
  [[{ op: "addEntry", file: 0, at: 0, peer: 1 }]],
  [[{ op: "removeEntry", file: 1, at: 0, peer: 0 }]],
  [[{ op: "retarget", file: 2, at: 0, peer: 3 }]],
  [[{ op: "port", file: 0 }]],
  [[{ op: "dropFile", file: 0 }]],
  [[{ op: "newPolicy", file: 0, peer: 0, foreign: true }]],
];

function applyBenchEdit(files: Map<string, string>, e: BenchEdit): void {
  const paths = [...files.keys()].sort();
  const teamFiles = paths.filter((p) => /^terraform\/services\/[^/]+\/(?!backend|locals)[^/]+\.tf$/.test(p));
  const rawFiles = paths.filter((p) => p.startsWith("kubernetes/services/"));
  const policyFiles = paths.filter((p) => p.startsWith("kubernetes/policies/"));
  const names = [...new Set([...files.values()].flatMap((t) => [...t.matchAll(/service_name\s*=\s*"([^"]+)"/g)].map((m) => m[1]!)))].sort();
  const pick = <T>(list: T[], n: number): T => list[n % list.length]!;
  switch (e.op) {
    case "addEntry":
    case "removeEntry":
    case "blank":
    case "retarget":
    case "disable": {
      const path = pick(teamFiles, e.file);
      const lines = files.get(path)!.split("\n");
      const entryLines = lines.map((l, i) => (/^\s+"[^"]+",$/.test(l) ? i : -1)).filter((i) => i >= 0);
      if (e.op === "addEntry") lines.splice(pick(entryLines, e.at), 0, `        "${pick(names, e.peer)}",`);
      else if (e.op === "removeEntry") lines.splice(pick(entryLines, e.at), 1);
      else if (e.op === "blank") lines.splice(e.at % lines.length, 0, "# moved");
      else if (e.op === "disable") {
        const at = pick(lines.map((l, i) => (l.includes("enable_network_policy") ? i : -1)).filter((i) => i >= 0), e.at);
        lines[at] = lines[at]!.replace("true", "false");
      } else {
        // Another team for one service: the hierarchy changes shape.
        const at = pick(lines.map((l, i) => (l.includes("service_team") ? i : -1)).filter((i) => i >= 0), e.at);
        const teams = [...new Set([...files.values()].flatMap((t) => [...t.matchAll(/team_name\s*=\s*"([^"]+)"/g)].map((m) => m[1]!)))].sort();
        lines[at] = `  service_team    = "${pick(teams, e.peer)}"`;
      }
      files.set(path, lines.join("\n"));
      return;
    }
    case "port": {
      const path = pick([...rawFiles, ...policyFiles], e.file);
      files.set(path, files.get(path)!.replace(/port: (\d+)/, (_, n: string) => `port: ${Number(n) + 1}`));
      return;
    }
    case "dropFile":
      files.delete(pick(rawFiles, e.file));
      return;
    case "newPolicy": {
      const service = pick(names, e.file);
      const peer = pick(names, e.peer + (e.foreign ? 7 : 0));
      files.set(
        `kubernetes/services/${service}/extra.yaml`,
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-extra\n  namespace: ${service}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: ${peer}\n`,
      );
      return;
    }
  }
}

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/run-cli.js";
import { createExampleRepo, EXAMPLES } from "./helpers/example-repo.js";
import { golden } from "./helpers/scenario.js";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe("netpol-guard CLI on the bundled example", () => {
  const repo = createExampleRepo();
  afterAll(() => repo.cleanup());

  it("check --format json: the findings the example README promises, exit 1", async () => {
    const { code, out, err } = await cli("check", "--repo", repo.dir, "--base", "main", "--head", "pull-request", "--format", "json");
    expect(err).toBe("");
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json.version).toBe(1);
    expect(json.conclusion).toBe("failure");
    expect(json.platformReviewRequired).toBe(true);
    const summary = json.findings.map((f: { rule: string; file: string; line: number }) => `${f.rule} ${f.file}:${f.line}`);
    expect(summary).toEqual([
      "vc-to-vc-policy kubernetes/policies/company-x/allow-to-company-y.yaml:14",
      "cross-vc-access kubernetes/services/service-2/allow-legacy-db.yaml:15",
      "cross-vc-access kubernetes/services/service-3/netpol.yaml:26",
      "cross-vc-access terraform/services/company-x/team-a.tf:14",
      "unknown-namespace terraform/services/company-x/team-a.tf:30",
      "breaks-observed-flow terraform/services/company-y/team-c.tf:25",
    ]);
    expect(json.preexisting.map((f: { rule: string; line: number }) => `${f.rule}:${f.line}`)).toEqual(["observed-flow-unexplained:10", "unknown-namespace:25"]);
    // The base's observedFlows.path: what the cluster carried on the edge service-5 stops accepting.
    expect(json.observed).toEqual({
      window: { from: "2026-11-29T06:00:00.000Z", to: "2026-11-30T06:00:00.000Z" },
      broken: [{ from: "service-4", to: "service-5", port: "TCP/8080", count: 3412, lastSeen: "2026-11-30T05:52:40.000Z" }],
      unexplained: [{ from: "service-3", to: "service-2", port: "TCP/9000", count: 64 }],
    });
    expect(Object.keys(json.findings[0]).sort()).toEqual(["endLine", "file", "line", "message", "namespace", "peer", "platformReview", "rule", "severity"]);
    expect(json.connectivity.added).toContainEqual({ from: "service-1", to: "service-5", crossesVC: true });
  });

  it("check --format markdown is the check summary, pinned as a golden file", async () => {
    const { code, out } = await cli("check", "--repo", repo.dir, "--base", "main", "--head", "pull-request", "--format", "markdown");
    expect(code).toBe(1);
    expect(out).toBe(golden(join(import.meta.dirname, "golden", "example-check.md"), out));
  });

  it("exit 0 when nothing changes, exit 3 when only platform review is needed", async () => {
    expect((await cli("check", "--repo", repo.dir, "--base", "main", "--head", "main")).code).toBe(0);
    repo.git("checkout", "-q", "-b", "vc-only", "main");
    repo.git("checkout", "-q", "pull-request", "--", "kubernetes/policies/company-x/allow-to-company-y.yaml");
    repo.git("commit", "-q", "-m", "vc-to-vc only");
    repo.git("checkout", "-q", "main");
    const { code, out } = await cli("check", "--repo", repo.dir, "--base", "main", "--head", "vc-only");
    expect(out).toContain("platform review requested");
    expect(code).toBe(3);
  });

  it("usage and git errors exit 2 with a message and no stack trace", async () => {
    for (const argv of [
      ["check", "--repo", repo.dir],
      ["check", "--repo", repo.dir, "--base", "main", "--format", "xml"],
      ["frobnicate"],
      [],
      ["check", "--nope"],
      ["explain", "--repo", repo.dir],
      ["check", "--repo", repo.dir, "--base", "main", "--judge-seconds", "0"],
    ]) {
      const { code, err } = await cli(...argv);
      expect(code, argv.join(" ")).toBe(2);
      expect(err).toMatch(/^netpol-guard: .+\n\nUsage: netpol-guard/);
    }
    const missing = await cli("check", "--repo", repo.dir, "--base", "no-such-branch");
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`netpol-guard: git: no-such-branch is not a commit in ${repo.dir}\n`);
    expect(missing.err).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it("graph --format json lists namespaces with parent and company, and the edges", async () => {
    const { code, out } = await cli("graph", "--repo", repo.dir, "--ref", "main", "--format", "json");
    expect(code).toBe(0);
    const graph = JSON.parse(out);
    expect(graph.version).toBe(1);
    expect(graph.namespaces).toContainEqual({ name: "service-1", parent: "team-a", company: "company-x" });
    expect(graph.namespaces).toContainEqual({ name: "company-y", parent: null, company: "company-y" });
    expect(graph.namespaces).toContainEqual({ name: "kube-system", parent: null, company: null });
    expect(graph.edges).toContainEqual({ from: "service-1", to: "service-2" });
    expect(graph.edges).not.toContainEqual({ from: "service-1", to: "service-4" });
  });

  it("tree draws the hierarchy like kubectl hns tree", async () => {
    const { code, out } = await cli("tree", "--repo", repo.dir, "--ref", "main", "company-x");
    expect(code).toBe(0);
    expect(out).toBe(["company-x", "├── team-a", "│   ├── service-1", "│   └── service-2", "└── team-b", "    └── service-3", ""].join("\n"));
    const unknown = await cli("tree", "--repo", repo.dir, "--ref", "main", "company-z");
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain("company-z (not a namespace in this ref)");
  });

  it("explain names every policy, where it comes from, and what the namespace reaches", async () => {
    const { code, out } = await cli("explain", "service-1", "--repo", repo.dir, "--ref", "main");
    expect(code).toBe(0);
    expect(out).toContain("service-1: a service namespace under team-a, company company-x");
    expect(out).toMatch(/company-x\/default-deny: inherited from company-x through HNC \(kubernetes\/policies\/company-x\/default-deny\.yaml:\d+\)/);
    expect(out).toMatch(/service-1\/service-1-allow-egress: generated by starter-kit module "service-1"/);
    expect(out).toContain("kubernetes.io/metadata.name: service-2");
    expect(out).toMatch(/Egress: isolated[^\n]*\n {2}May reach \d+ known namespaces:\n(?: {4}.+\n)*? {4}service-2 \(company-x\)/);
    const unknown = await cli("explain", "service-42", "--repo", repo.dir, "--ref", "main");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("namespace service-42 is not known");
  });

  it("--judge-seconds: past the budget it stops, says so, and exits 1 (not judged is never a pass)", async () => {
    // 400 namespaces, each with a selector policy: seconds to read, minutes to model.
    const docs: string[] = [];
    for (let i = 0; i < 400; i++) {
      docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${i}\n  labels:\n    tier: t${i % 7}\n`);
      docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: egress\n  namespace: ns-${i}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector:\n            matchExpressions:\n              - { key: tier, operator: NotIn, values: [t${i % 5}] }\n`);
    }
    repo.git("checkout", "-q", "-b", "costly", "main");
    writeFileSync(join(repo.dir, "kubernetes", "many.yaml"), docs.join("---\n"));
    repo.git("add", "kubernetes/many.yaml");
    repo.git("commit", "-q", "-m", "costly");
    repo.git("checkout", "-q", "main");
    const { code, out, err } = await cli("check", "--repo", repo.dir, "--base", "main", "--head", "costly", "--judge-seconds", "1");
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(/^netpol-guard: judging took more than its budget of 1 s \(--judge-seconds\) and was stopped while .+; nothing was judged\.\n/);
  }, 60_000);

  it("--cache-dir: the judge worker keeps what it parsed there, and a second run parses nothing and judges the same", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netpol-guard-cache-"));
    try {
      const args = ["check", "--repo", repo.dir, "--base", "main", "--head", "pull-request", "--format", "json", "--timings", "--cache-dir", dir];
      const first = await cli(...args);
      expect(first.err).toMatch(/[ (][1-9]\d* files in the judge worker/);
      expect(readdirSync(dir).length).toBeGreaterThan(0);
      const second = await cli(...args);
      expect(second.err).toMatch(/[ (]0 files in the judge worker/);
      expect(second.out).toBe(first.out);
      expect(second.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads a plain folder without git when no ref is given", async () => {
    const { code, out } = await cli("tree", "--repo", join(EXAMPLES, "infra-repo"));
    expect(code).toBe(0);
    expect(out).toContain("company-y\n└── team-c\n    ├── service-4\n    └── service-5\n");
  });
});

describe("netpol-guard CLI without a repository", () => {
  let empty: string;
  beforeAll(async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    empty = mkdtempSync(join(tmpdir(), "netpol-guard-empty-"));
  });
  it("says that a folder is not a git repository", async () => {
    const { code, err } = await cli("check", "--repo", empty, "--base", "main");
    expect(code).toBe(2);
    expect(err).toContain("is not a commit");
  });
});

/**
 * Shared setup of the hostile-input cases: a tiny valid infra repository (the base), a head made of the
 * base, one unrelated valid-but-wrong change (the control) and the hostile file(s), judged end to end
 * through `judgeSnapshots` (or through a local git repository and the snapshot layer).
 *
 * Timing: the project forbids timing assertions (the CI machine is a noisy shared two-core box), so every
 * case records how long judging took and prints it; a hang fails on the test's own timeout
 * (vitest.config.ts). The target is well under a second; the printed durations show it.
 */
import { parseConfigFile } from "../../src/config/parse-config-file.js";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect } from "vitest";
import { createPathFilter, defaultConfig } from "../../src/config/parse-config.js";
import type { Finding } from "../../src/model/finding.js";
import type { Judgement } from "../../src/engine/judge-change.js";
import { judgeSnapshots, snapshotInput, type JudgedChange, type SnapshotInput } from "../../src/engine/judge-snapshots.js";
import type { SnapshotFile } from "../../src/model/snapshot-file.js";
import { defaultDeny, teamKit } from "../helpers/model-from-files.js";
import { readGitSnapshot } from "../../src/snapshot/read-local-snapshot.js";

/** Repository path -> content. */
export type FileMap = Record<string, string>;

// ---------------------------------------------------------------------------------------------------------
// The base repository: company-x/team-a/{service-1,service-2}, company-y/team-c/service-4, default denies
// on the company namespaces propagated by HNC, kube-system shared (the default config).


export function starterKit(module: string, service: string, team: string, company: string, namespaces: string[]): string {
  return [
    `module "${module}" {`,
    `  source          = "microservice-service-kit/v1.4.0.tar.gz"`,
    `  service_name    = "${service}"`,
    `  service_team    = "${team}"`,
    `  service_company = "${company}"`,
    `  network = {`,
    `    security = {`,
    `      enable_network_policy = true`,
    `      namespaces = [`,
    ...namespaces.map((n) => `        "${n}",`),
    `      ]`,
    `    }`,
    `  }`,
    `}`,
    "",
  ].join("\n");
}


export const BASE_FILES: Readonly<FileMap> = Object.freeze({
  "terraform/teams/main.tf": teamKit("team-a", "company-x") + "\n" + teamKit("team-c", "company-y"),
  "terraform/services/company-x/team-a.tf":
    starterKit("service-1", "service-1", "team-a", "company-x", ["service-2"]) + "\n" + starterKit("service-2", "service-2", "team-a", "company-x", ["service-1"]),
  "terraform/services/company-y/team-c.tf": starterKit("service-4", "service-4", "team-c", "company-y", []),
  "kubernetes/hnc/hnc-config.yaml": `apiVersion: hnc.x-k8s.io/v1alpha2
kind: HNCConfiguration
metadata:
  name: config
spec:
  resources:
    - group: networking.k8s.io
      resource: networkpolicies
      mode: Propagate
`,
  "kubernetes/policies/company-x/default-deny.yaml": defaultDeny("company-x"),
  "kubernetes/policies/company-y/default-deny.yaml": defaultDeny("company-y"),
});

// ---------------------------------------------------------------------------------------------------------
// The control: an unrelated, well-formed change in the same head that must still be found.

export const CONTROL_PATH = "kubernetes/services/service-2/allow-to-service-4.yaml";
export const CONTROL_TEXT = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-to-service-4
  namespace: service-2
spec:
  podSelector: {}
  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: service-4
`;
/** service-2 (company-x, a product team) opens egress to service-4 (company-y): at the peer, line 12. */
export const CONTROL_FINDING = { rule: "cross-vc-access", file: CONTROL_PATH, line: 12, namespace: "service-2", peer: "service-4" } as const;

/** A NetworkPolicy in `namespace` that opens egress to `target` by name; its peer is on line 11. */
export function egressPolicy(name: string, namespace: string, target: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ${target}
`;
}
export const EGRESS_POLICY_PEER_LINE = 11;

export const PORTS_FILE = "kubernetes/services/service-1/ports.yaml";

/** A policy of service-1 whose one ingress rule has `port` (line 13 holds `port:`, line 14 `endPort:`). */
export function withPorts(port: string, endPort?: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ports
  namespace: service-1
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {}
      ports:
        - port: ${port}
${endPort === undefined ? "" : `          endPort: ${endPort}\n`}`;
}

/** The base, the control, and `changes` (a string adds or replaces a file, null deletes it). */
export function hostileHead(changes: Record<string, string | null>, withControl = true): FileMap {
  const head: FileMap = { ...BASE_FILES };
  if (withControl) head[CONTROL_PATH] = CONTROL_TEXT;
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) delete head[path];
    else head[path] = text;
  }
  return head;
}

/** Snapshot files from a file map, classified by the default config's globs (unwatched paths dropped). */
export function toSnapshotFiles(files: FileMap): SnapshotFile[] {
  const filter = createPathFilter(defaultConfig());
  const result: SnapshotFile[] = [];
  for (const [path, text] of Object.entries(files)) {
    const kind = filter.kind(path);
    if (kind === null) continue;
    result.push({ path, kind, text, digest: createHash("sha1").update(text).digest("hex") });
  }
  return result.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------------------
// Judging

export interface HostileRun {
  change: JudgedChange;
  judgement: Judgement;
  /** Wall-clock milliseconds `judgeSnapshots` (plus reading, for the snapshot-layer cases) took. */
  ms: number;
}

/** Judges `head` (a file map or snapshot files) against the base, timing it. */
export async function judgeHostile(head: FileMap | SnapshotFile[], base: FileMap | SnapshotFile[] = { ...BASE_FILES }): Promise<HostileRun> {
  const asInput = (files: FileMap | SnapshotFile[]): SnapshotInput => ({
    files: Array.isArray(files) ? files : toSnapshotFiles(files),
    config: parseConfigFile(null),
  });
  const baseInput = asInput(base);
  const headInput = asInput(head);
  const started = performance.now();
  const change = await judgeSnapshots(baseInput, headInput);
  const ms = performance.now() - started;
  return { change, judgement: change.judgement, ms };
}

export interface ExpectedFinding {
  rule: Finding["rule"];
  file: string;
  line: number;
  /** A fragment the message must contain. */
  message?: string | RegExp;
  namespace?: string | null;
}

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `  ${f.rule} ${f.file}:${f.line} ${f.message}`).join("\n");
}

/** The finding introduced by the change with this rule, file and line. Fails the test when there is none. */
export function findingAt(judgement: Judgement, expected: ExpectedFinding): Finding {
  const message = expected.message;
  const matchesMessage = (text: string): boolean =>
    message === undefined || (typeof message === "string" ? text.includes(message) : message.test(text));
  const found = judgement.findings.find(
    (f) => f.rule === expected.rule && f.file === expected.file && f.line === expected.line && matchesMessage(f.message),
  );
  const what = `${expected.rule} at ${expected.file}:${expected.line}${message === undefined ? "" : ` saying ${String(message)}`}`;
  expect(found, `expected ${what}, got:\n${describeFindings(judgement.findings)}`).toBeDefined();
  if (expected.namespace !== undefined) expect(found!.namespace).toBe(expected.namespace);
  return found!;
}

/**
 * What every hostile case asserts: its expected finding(s), the control still found (everything else is
 * still judged), the change fails closed, and judging did not hang (the duration is printed).
 */
export function expectHostileOutcome(label: string, run: HostileRun, expected: ExpectedFinding | ExpectedFinding[], options: { control?: boolean } = {}): Finding[] {
  const list = Array.isArray(expected) ? expected : [expected];
  const found = list.map((e) => findingAt(run.judgement, e));
  if (options.control ?? true) {
    const control = findingAt(run.judgement, CONTROL_FINDING);
    expect(control.namespace).toBe(CONTROL_FINDING.namespace);
    expect(control.peer).toBe(CONTROL_FINDING.peer);
  }
  expect(run.judgement.conclusion).toBe("failure");
  expectNoHang(label, run.ms);
  return found;
}

/** Prints the duration: a hang fails on the test's timeout, and a duration is not asserted (see the file comment). */
export function expectNoHang(label: string, ms: number): void {
  console.log(`[hostile] ${label}: judged in ${ms.toFixed(0)} ms`);
}

// ---------------------------------------------------------------------------------------------------------
// A throwaway local git repository, for the cases that go through the snapshot layer.

export interface TempGitRepo {
  dir: string;
  /** Writes (or, with null, deletes) files in the work tree; `link:target` makes a symbolic link. */
  write(files: Record<string, string | Buffer | null>): void;
  /** Commits everything in the work tree; returns the commit SHA. */
  commit(message: string): string;
  dispose(): void;
}

/** A git repository in a temporary folder; git runs with a fixed identity and no user or system config. */
export function tempGitRepo(): TempGitRepo {
  const dir = mkdtempSync(join(tmpdir(), "netpol-hostile-"));
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: "hostile",
    GIT_AUTHOR_EMAIL: "hostile@example.invalid",
    GIT_COMMITTER_NAME: "hostile",
    GIT_COMMITTER_EMAIL: "hostile@example.invalid",
  };
  const git = (...args: string[]): string => execFileSync("git", ["-C", dir, ...args], { env, encoding: "utf8" });
  git("init", "-q", "-b", "main");
  git("config", "core.symlinks", "true");
  return {
    dir,
    write(files) {
      for (const [path, content] of Object.entries(files)) {
        const full = join(dir, path);
        rmSync(full, { force: true });
        if (content === null) continue;
        mkdirSync(dirname(full), { recursive: true });
        if (typeof content === "string" && content.startsWith("link:")) symlinkSync(content.slice("link:".length), full);
        else writeFileSync(full, content);
      }
    },
    commit(message) {
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD").trim();
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Commits the base, then the head (base + control + `changes`), in a fresh git repository, reads both
 * commits with `readGitSnapshot` and the default config's path filter, and judges them.
 */
export async function judgeThroughGit(changes: Record<string, string | Buffer | null>, withControl = true): Promise<HostileRun & { head: SnapshotInput }> {
  const repo = tempGitRepo();
  try {
    repo.write({ ...BASE_FILES });
    const baseSha = repo.commit("base");
    repo.write({ ...(withControl ? { [CONTROL_PATH]: CONTROL_TEXT } : {}), ...changes });
    const headSha = repo.commit("head");
    const filter = createPathFilter(defaultConfig());
    const started = performance.now();
    const base = snapshotInput(await readGitSnapshot(repo.dir, baseSha, filter));
    const head = snapshotInput(await readGitSnapshot(repo.dir, headSha, filter));
    const change = await judgeSnapshots(base, head);
    const ms = performance.now() - started;
    return { change, judgement: change.judgement, ms, head };
  } finally {
    repo.dispose();
  }
}

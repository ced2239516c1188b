/**
 * A generator of synthetic infra repositories, deterministic from a seed, laid out like a real one
 * (examples/infra-repo at scale):
 *
 *   .github/netpol-guard.yml
 *   terraform/teams/main.tf                         team-kit modules, 5 teams per company (platform-owned)
 *   terraform/services/<company>/backend.tf         one Terraform root per company: backend
 *   terraform/services/<company>/locals.tf          `local.company`
 *   terraform/services/<company>/<team>.tf          the starter-kit modules of one team's services
 *   kubernetes/hnc/hnc-config.yaml                  HNCConfiguration: NetworkPolicies propagate
 *   kubernetes/hnc/<company>.yaml                   the company Namespace and its teams' SubnamespaceAnchors
 *   kubernetes/policies/<company>/default-deny.yaml default deny for the company tree
 *   kubernetes/policies/<company>/allow-dns.yaml    DNS for the company tree
 *   kubernetes/policies/<company>/vc-*.yaml         2-3 VC-to-VC policies (ingress or egress, treeSelect)
 *   kubernetes/services/<service>/netpol.yaml       raw NetworkPolicies of 10% of the services
 *
 * Companies: the issue fixes 5 teams per company, so the team size decides the number of companies. A
 * product team owning ~30 services (10 to 50 here) is typical of a large microservice estate, so there is
 * one company per 150 services (at least 2): 2 companies at 300 services, 20 at 3,000, 200 at 30,000.
 * Growing the repository grows the number of companies and teams, not the size of each team, which is
 * how such an estate grows in practice.
 *
 * Every starter-kit lists 3-8 namespaces of its own company (70% of them in its own team). One service
 * in 500 still lists a decommissioned namespace (a pre-existing `unknown-namespace`, like service-6 in
 * the bundled example): real repositories carry a little such debt, and the engine must list it.
 *
 * The pull request touches 5 services: one adds a namespace of another company to its list (the
 * crossing: the check fails on it), one adds a namespace of its own company, one removes an entry, one
 * changes the port of its raw NetworkPolicy, one gains a new raw NetworkPolicy.
 *
 * A second shape, `service-roots` (the layout of issue 17), gives every service a Terraform root of its
 * own instead of one per company:
 *
 *   terraform/services/<company>/<team>/<service>/main.tf   backend, `local.company`, the service's module
 *
 * with 1,000 services in 50 teams per company (30 companies and 1,500 teams at 30,000 services), and a
 * raw NetworkPolicy with HNC tree-label selectors for every tenth service. The Kubernetes side (HNC
 * propagation on, a default deny per company) and the pull request are the same as the first shape's.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Bump when the output changes, so cached repositories under .bench/ are regenerated. */
export const GENERATOR_VERSION = 2;

export const BASE_BRANCH = "main";
export const HEAD_BRANCH = "pull-request";

/** Services per company: 5 teams of ~30 services. */
export const SERVICES_PER_COMPANY = 150;
export const TEAMS_PER_COMPANY = 5;
export const RAW_POLICY_SHARE = 0.1;

/**
 * How the estate is laid out: `company-roots` (one Terraform root per company, one file per team) or
 * `service-roots` (one Terraform root, one directory and one `main.tf`, per service).
 */
export type RepoShape = "company-roots" | "service-roots";
export const REPO_SHAPES: readonly RepoShape[] = ["company-roots", "service-roots"];

/** The sizes of a shape: how many services and teams a company has. */
const SHAPES: Record<RepoShape, { servicesPerCompany: number; teamsPerCompany: number }> = {
  "company-roots": { servicesPerCompany: SERVICES_PER_COMPANY, teamsPerCompany: TEAMS_PER_COMPANY },
  "service-roots": { servicesPerCompany: 1000, teamsPerCompany: 50 },
};
export const STALE_ENTRY_SHARE = 0.002;

export interface GenerateOptions {
  seed: number;
  services: number;
  /** An empty or missing directory; the repository is created in it. */
  dir: string;
  /** `company-roots` when absent. */
  shape?: RepoShape;
}

/** What the pull request does, by service. */
export interface PullRequestPlan {
  /** Adds `peer`, a namespace of another company, to its list: the crossing. */
  crossing: { service: string; company: string; peer: string; peerCompany: string; file: string };
  addsOwnCompany: { service: string; peer: string; file: string };
  removesEntry: { service: string; peer: string; file: string };
  changesRawPolicy: { service: string; file: string };
  addsRawPolicy: { service: string; file: string };
}

export interface GeneratedRepo {
  dir: string;
  seed: number;
  shape: RepoShape;
  services: number;
  companies: number;
  teams: number;
  /** Services with a raw NetworkPolicy file at the base. */
  rawPolicyServices: number;
  base: string;
  head: string;
  baseSha: string;
  headSha: string;
  pullRequest: PullRequestPlan;
  /** Paths the pull request changes or adds. */
  changedPaths: string[];
}

// ---------------------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: a small, fast, deterministic PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
  /** `count` distinct items (fewer when there are not enough). */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle([...items]).slice(0, Math.min(count, items.length));
  }
}

// ---------------------------------------------------------------------------------------------------------
// The model of the estate

const TEAM_WORDS = [
  "payments", "search", "identity", "ledger", "growth", "catalog", "checkout", "billing", "fraud", "pricing",
  "shipping", "inventory", "messaging", "media", "analytics", "support", "onboarding", "risk", "loyalty", "maps",
] as const;

const SERVICE_NOUNS = [
  "api", "worker", "gateway", "scheduler", "indexer", "importer", "exporter", "cache", "store", "router",
  "notifier", "reporter", "sync", "auth", "webhooks", "ingest", "compactor", "resolver", "frontend", "admin",
] as const;

type RawKind = "from-team" | "from-callers" | "to-external" | "from-monitoring" | "from-company";

interface Service {
  name: string;
  team: Team;
  namespaces: string[];
  /** The raw NetworkPolicies of the service, when it has a file of its own. */
  raw: { kind: RawKind; peers: string[]; port: number }[] | null;
}

interface Team {
  name: string;
  company: Company;
  services: Service[];
}

interface Company {
  name: string;
  teams: Team[];
  services: Service[];
  vcPolicies: VcPolicy[];
}

interface VcPolicy {
  name: string;
  direction: "ingress" | "egress";
  /** The subtree of the company the policy is propagated to (HNC treeSelect). */
  treeSelect: string;
  /** Ingress: the partner company's tree; egress: one service of the partner. */
  peer: string;
  partner: string;
  ticket: number;
}

interface Estate {
  shape: RepoShape;
  companies: Company[];
  services: Service[];
}

export function companiesFor(services: number, shape: RepoShape = "company-roots"): number {
  return Math.max(2, Math.round(services / SHAPES[shape].servicesPerCompany));
}

/** `count` team words; past the list's length, numbered ones (`payments-2`) after the sampled ones. */
function teamWords(rnd: Random, count: number): string[] {
  const words: string[] = rnd.sample(TEAM_WORDS, count);
  for (let i = words.length; i < count; i++) words.push(`${words[i % TEAM_WORDS.length]}-${Math.floor(i / TEAM_WORDS.length) + 1}`);
  return words;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function buildEstate(seed: number, total: number, shape: RepoShape): Estate {
  const rnd = new Random(seed);
  const companyCount = companiesFor(total, shape);
  const width = Math.max(3, String(companyCount).length);
  const companies: Company[] = [];
  const services: Service[] = [];
  let serial = 0;
  for (let c = 0; c < companyCount; c++) {
    const company: Company = { name: `vc-${pad(c + 1, width)}`, teams: [], services: [], vcPolicies: [] };
    companies.push(company);
    const count = Math.floor(total / companyCount) + (c < total % companyCount ? 1 : 0);
    // At tiny sizes a company has fewer services than the shape has teams: one service per team at least.
    const words = teamWords(rnd, Math.min(SHAPES[shape].teamsPerCompany, count));
    const weights = words.map(() => rnd.int(1, 5));
    const weightSum = weights.reduce((a, b) => a + b, 0);
    // Team sizes proportional to the weights, at least one service each, summing to `count`.
    const sizes = weights.map((w) => Math.max(1, Math.floor((count * w) / weightSum)));
    let excess = sizes.reduce((a, b) => a + b, 0) - count;
    for (let i = 0; excess !== 0; i = (i + 1) % sizes.length) {
      if (excess > 0 && sizes[i]! > 1) {
        sizes[i]!--;
        excess--;
      } else if (excess < 0) {
        sizes[i]!++;
        excess++;
      }
    }
    words.forEach((word, t) => {
      const team: Team = { name: `${company.name}-${word}`, company, services: [] };
      company.teams.push(team);
      for (let s = 0; s < sizes[t]!; s++) {
        serial++;
        const service: Service = { name: `${word}-${rnd.pick(SERVICE_NOUNS)}-${pad(serial, 5)}`, team, namespaces: [], raw: null };
        team.services.push(service);
        company.services.push(service);
        services.push(service);
      }
    });
  }

  // Starter-kit lists: 3-8 namespaces of the same company, mostly of the same team.
  for (const service of services) {
    const own = service.team.services.filter((s) => s !== service);
    const rest = service.team.company.services.filter((s) => s.team !== service.team);
    const wanted = rnd.int(3, 8);
    const chosen = new Set<string>();
    for (let attempt = 0; chosen.size < wanted && attempt < wanted * 4; attempt++) {
      const pool = own.length > 0 && (rest.length === 0 || rnd.float() < 0.7) ? own : rest;
      if (pool.length === 0) break;
      chosen.add(rnd.pick(pool).name);
    }
    service.namespaces = [...chosen];
    if (rnd.float() < STALE_ENTRY_SHARE) service.namespaces.push(`retired-${rnd.pick(SERVICE_NOUNS)}-${pad(rnd.int(1, 999), 3)}`);
  }

  // Raw NetworkPolicies: 10% of the services, one file each, one or two policies per file. In the
  // service-roots shape, every tenth service, and the first policy selects by HNC tree label.
  const rawCount = Math.max(1, Math.round(total * RAW_POLICY_SHARE));
  const kinds: RawKind[] = ["from-team", "from-callers", "to-external", "from-monitoring", "from-company"];
  const treeKinds: RawKind[] = ["from-team", "from-company"];
  const withRaw = shape === "service-roots" ? services.filter((_, i) => i % 10 === 0) : rnd.sample(services, rawCount);
  for (const service of withRaw) {
    const policies: NonNullable<Service["raw"]> = [];
    const chosen = shape === "service-roots" ? [rnd.pick(treeKinds), ...rnd.sample(kinds, rnd.int(0, 1))] : rnd.sample(kinds, rnd.int(1, 2));
    for (const kind of new Set(chosen)) {
      const callers = rnd
        .sample(
          service.team.company.services.filter((s) => s !== service),
          rnd.int(1, 3),
        )
        .map((s) => s.name);
      policies.push({ kind, peers: callers, port: rnd.pick([8080, 8443, 9000, 5432]) });
    }
    service.raw = policies;
  }

  // VC-to-VC policies: 2-3 per company, each with another company.
  let ticket = 100;
  for (const company of companies) {
    const count = rnd.int(2, 3);
    for (let i = 0; i < count; i++) {
      let partner = rnd.pick(companies);
      while (partner === company) partner = rnd.pick(companies);
      const direction = rnd.float() < 0.5 ? "ingress" : "egress";
      ticket++;
      if (direction === "ingress") {
        const target = rnd.pick(company.services);
        company.vcPolicies.push({ name: `allow-from-${partner.name}-to-${target.name}`, direction, treeSelect: target.name, peer: partner.name, partner: partner.name, ticket });
      } else {
        const team = rnd.pick(company.teams);
        const target = rnd.pick(partner.services);
        company.vcPolicies.push({ name: `allow-${team.name}-to-${target.name}`, direction, treeSelect: team.name, peer: target.name, partner: partner.name, ticket });
      }
    }
  }
  return { shape, companies, services };
}

// ---------------------------------------------------------------------------------------------------------
// Rendering

const CONFIG = `# netpol-guard reads this file from the base branch of every pull request.
kubernetes:
  - "kubernetes/**/*.yaml"
terraform:
  - "terraform/**/*.tf"
sharedNamespaces:
  - kube-system
  - monitoring
platform:
  team: platform
  approvals: 1
checkName: netpol-guard
`;

function teamsTf(estate: Estate): string {
  const parts = ["# Teams, and the company each of them belongs to. Owned by the platform team.\n"];
  for (const company of estate.companies) {
    for (const team of company.teams) {
      parts.push(
        `module "${team.name}" {\n  source       = "microservice-team-kit/v2.1.0.tar.gz"\n  team_name    = "${team.name}"\n  team_company = "${company.name}"\n}\n`,
      );
    }
  }
  return parts.join("\n");
}

function teamTf(team: Team): string {
  return [`# Services of ${team.name}.\n`, ...team.services.map(serviceModule)].join("\n");
}

/** One service's starter-kit module. */
function serviceModule(service: Service): string {
  const team = service.team;
  return [
        `module "${service.name}" {`,
        `  source          = "microservice-service-kit/v1.4.0.tar.gz"`,
        `  service_name    = "${service.name}"`,
        `  service_team    = "${team.name}"`,
        `  service_company = local.company`,
        `  replicas        = 2`,
        `  network = {`,
        `    security = {`,
        `      enable_network_policy = true`,
        `      namespaces = [`,
        ...service.namespaces.map((n) => `        "${n}",`),
        `      ]`,
        `    }`,
        `  }`,
        `}`,
        "",
      ].join("\n");
}

/** The Terraform root of one service (service-roots shape): its backend, `local.company` and its module. */
function serviceRootTf(service: Service): string {
  const company = service.team.company.name;
  return [
    `terraform {\n  backend "s3" {\n    bucket = "acme-terraform-state"\n    key    = "services/${company}/${service.name}.tfstate"\n    region = "eu-west-1"\n  }\n}\n`,
    `locals {\n  company = "${company}"\n}\n`,
    serviceModule(service),
  ].join("\n");
}

function companyHnc(company: Company): string {
  const docs = [
    `# ${company.name} and its teams (see terraform/teams/main.tf).\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${company.name}\n  labels:\n    acme.io/company: ${company.name}\n    acme.io/owner: platform\n`,
    ...company.teams.map(
      (t) => `apiVersion: hnc.x-k8s.io/v1alpha2\nkind: SubnamespaceAnchor\nmetadata:\n  name: ${t.name}\n  namespace: ${company.name}\n`,
    ),
  ];
  return docs.join("---\n");
}

function defaultDeny(company: Company): string {
  return `# Every pod of ${company.name} and of all its descendants is isolated for ingress and egress.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${company.name}
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
`;
}

function allowDns(company: Company): string {
  return `# DNS for every pod of ${company.name} and of its descendants.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: ${company.name}
spec:
  podSelector: {}
  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`;
}

function vcPolicy(company: Company, p: VcPolicy): string {
  const head = `# VC-to-VC, approved by the platform team (PLAT-${p.ticket}).
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${p.name}
  namespace: ${company.name}
  annotations:
    propagate.hnc.x-k8s.io/treeSelect: ${p.treeSelect}
spec:
  podSelector: {}
`;
  if (p.direction === "ingress") {
    return `${head}  policyTypes:
    - Ingress
  ingress:
    - from:
        - namespaceSelector:
            matchExpressions:
              - key: ${p.peer}.tree.hnc.x-k8s.io/depth
                operator: Exists
      ports:
        - protocol: TCP
          port: 8443
`;
  }
  return `${head}  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ${p.peer}
      ports:
        - protocol: TCP
          port: 8443
`;
}

function rawPolicies(service: Service): string {
  const company = service.team.company.name;
  const docs = service.raw!.map((p) => {
    const meta = (name: string, what: string, types: string): string =>
      `# ${service.name}: ${what}\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${service.name}\nspec:\n  podSelector:\n    matchLabels:\n      app: ${service.name}\n  policyTypes:\n    - ${types}\n`;
    const port = `      ports:\n        - protocol: TCP\n          port: ${p.port}\n`;
    switch (p.kind) {
      case "from-team":
        return (
          meta("allow-from-team", `every service of ${service.team.name} may call the API`, "Ingress") +
          `  ingress:\n    - from:\n        - namespaceSelector:\n            matchExpressions:\n              - key: ${service.team.name}.tree.hnc.x-k8s.io/depth\n                operator: Exists\n${port}`
        );
      case "from-callers":
        return (
          meta("allow-from-callers", "the services that call it", "Ingress") +
          `  ingress:\n    - from:\n        - namespaceSelector:\n            matchExpressions:\n              - key: kubernetes.io/metadata.name\n                operator: In\n                values:\n${p.peers.map((n) => `                  - ${n}\n`).join("")}          podSelector:\n            matchLabels:\n              role: client\n${port}`
        );
      case "to-external":
        return (
          meta("allow-to-partner-api", "a partner API outside the cluster", "Egress") +
          `  egress:\n    - to:\n        - ipBlock:\n            cidr: 203.0.113.0/24\n      ports:\n        - protocol: TCP\n          port: 443\n`
        );
      case "from-monitoring":
        return (
          meta("allow-from-monitoring", "Prometheus scrapes the metrics port", "Ingress") +
          `  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: monitoring\n          podSelector:\n            matchLabels:\n              app.kubernetes.io/name: prometheus\n      ports:\n        - protocol: TCP\n          port: 9090\n`
        );
      case "from-company":
        return (
          meta("allow-from-company", `${company}, except one namespace that must not call it`, "Ingress") +
          `  ingress:\n    - from:\n        - namespaceSelector:\n            matchExpressions:\n              - key: ${company}.tree.hnc.x-k8s.io/depth\n                operator: Exists\n              - key: kubernetes.io/metadata.name\n                operator: NotIn\n                values:\n                  - ${p.peers[0] ?? company}\n${port}`
        );
    }
  });
  return docs.join("---\n");
}

/** Every file of the repository, by path. */
function renderRepo(estate: Estate): Map<string, string> {
  const files = new Map<string, string>();
  files.set(".github/netpol-guard.yml", CONFIG);
  files.set("README.md", "# infra\n\nTerraform and Kubernetes manifests of every company, team and service.\n");
  files.set("terraform/teams/main.tf", teamsTf(estate));
  files.set(
    "kubernetes/hnc/hnc-config.yaml",
    `# HNC copies NetworkPolicies from a namespace into all of its descendants.\napiVersion: hnc.x-k8s.io/v1alpha2\nkind: HNCConfiguration\nmetadata:\n  name: config\nspec:\n  resources:\n    - group: networking.k8s.io\n      resource: networkpolicies\n      mode: Propagate\n`,
  );
  for (const company of estate.companies) {
    const tf = `terraform/services/${company.name}`;
    if (estate.shape === "service-roots") {
      for (const service of company.services) files.set(serviceTfPath(service, estate.shape), serviceRootTf(service));
    } else {
      files.set(
        `${tf}/backend.tf`,
        `terraform {\n  backend "s3" {\n    bucket = "acme-terraform-state"\n    key    = "services/${company.name}.tfstate"\n    region = "eu-west-1"\n  }\n}\n`,
      );
      files.set(`${tf}/locals.tf`, `locals {\n  company = "${company.name}"\n}\n`);
      for (const team of company.teams) files.set(`${tf}/${team.name}.tf`, teamTf(team));
    }
    files.set(`kubernetes/hnc/${company.name}.yaml`, companyHnc(company));
    const k = `kubernetes/policies/${company.name}`;
    files.set(`${k}/default-deny.yaml`, defaultDeny(company));
    files.set(`${k}/allow-dns.yaml`, allowDns(company));
    for (const p of company.vcPolicies) files.set(`${k}/${p.name}.yaml`, vcPolicy(company, p));
  }
  for (const service of estate.services) {
    if (service.raw) files.set(rawPolicyPath(service), rawPolicies(service));
  }
  return files;
}

/** The files of the base of a generated repository, by path, without writing anything. */
export function generateRepoFiles(seed: number, services: number, shape: RepoShape = "company-roots"): Map<string, string> {
  return renderRepo(buildEstate(seed, services, shape));
}

function rawPolicyPath(service: Service): string {
  return `kubernetes/services/${service.name}/netpol.yaml`;
}

/** The Terraform file that declares the service's module. */
function serviceTfPath(service: Service, shape: RepoShape): string {
  const dir = `terraform/services/${service.team.company.name}`;
  return shape === "service-roots" ? `${dir}/${service.team.name}/${service.name}/main.tf` : `${dir}/${service.team.name}.tf`;
}

// ---------------------------------------------------------------------------------------------------------
// The pull request

function applyPullRequest(estate: Estate, seed: number): PullRequestPlan {
  const rnd = new Random(seed ^ 0x5eed);
  const used = new Set<Service>();
  const pick = (pool: Service[]): Service => {
    const candidates = pool.filter((s) => !used.has(s));
    const s = rnd.pick(candidates);
    used.add(s);
    return s;
  };
  const withList = estate.services.filter((s) => s.namespaces.length >= 2 && !s.namespaces.some((n) => n.startsWith("retired-")));

  const crossing = pick(withList);
  const others = estate.companies.filter((c) => c !== crossing.team.company);
  const peerCompany = rnd.pick(others);
  const peer = rnd.pick(peerCompany.services);
  crossing.namespaces.push(peer.name);

  const adds = pick(withList);
  const candidates = adds.team.company.services.filter((s) => s !== adds && !adds.namespaces.includes(s.name));
  const ownPeer = candidates.length > 0 ? rnd.pick(candidates) : adds.team.company.services.find((s) => s !== adds)!;
  if (!adds.namespaces.includes(ownPeer.name)) adds.namespaces.push(ownPeer.name);

  const removes = pick(withList);
  const removed = removes.namespaces.pop()!;

  // A policy whose port is written out: the change moves it to the next port.
  const withPort = (p: { kind: RawKind }): boolean => p.kind === "from-team" || p.kind === "from-callers" || p.kind === "from-company";
  const changes = pick(estate.services.filter((s) => s.raw !== null && s.raw.some(withPort)));
  const at = changes.raw!.findIndex(withPort);
  changes.raw = changes.raw!.map((p, i) => (i === at ? { ...p, port: p.port + 1 } : p));

  const gains = pick(estate.services.filter((s) => s.raw === null));
  gains.raw = [{ kind: "from-team", peers: [], port: 8080 }];

  return {
    crossing: { service: crossing.name, company: crossing.team.company.name, peer: peer.name, peerCompany: peerCompany.name, file: serviceTfPath(crossing, estate.shape) },
    addsOwnCompany: { service: adds.name, peer: ownPeer.name, file: serviceTfPath(adds, estate.shape) },
    removesEntry: { service: removes.name, peer: removed, file: serviceTfPath(removes, estate.shape) },
    changesRawPolicy: { service: changes.name, file: rawPolicyPath(changes) },
    addsRawPolicy: { service: gains.name, file: rawPolicyPath(gains) },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Writing the git repository

function writeFiles(dir: string, files: Map<string, string>): void {
  const made = new Set<string>();
  for (const [path, text] of files) {
    const full = join(dir, path);
    const parent = dirname(full);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(full, text);
  }
}

/** Fixed identities and dates: the same seed and size give the same commit SHAs. */
function gitRunner(dir: string): (...args: string[]) => string {
  const env = {
    ...process.env,
    GIT_AUTHOR_DATE: "2025-01-01T00:00:00Z",
    GIT_COMMITTER_DATE: "2025-01-01T00:00:00Z",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
  };
  return (...args) =>
    execFileSync(
      "git",
      ["-C", dir, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", ...args],
      { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 },
    ).trim();
}

/**
 * Writes the repository at `dir`: the base commit on `main`, then the pull request's commit on the
 * `pull-request` branch (left checked out).
 */
export function generateRepo(options: GenerateOptions): GeneratedRepo {
  const { seed, services, dir, shape = "company-roots" } = options;
  if (!Number.isInteger(services) || services < 10) throw new Error(`services must be an integer >= 10, got ${services}`);
  const estate = buildEstate(seed, services, shape);
  const baseFiles = renderRepo(estate);
  const rawPolicyServices = estate.services.filter((s) => s.raw !== null).length;
  const pullRequest = applyPullRequest(estate, seed);
  const headFiles = renderRepo(estate);

  mkdirSync(dir, { recursive: true });
  const git = gitRunner(dir);
  git("init", "-q", "-b", BASE_BRANCH);
  writeFiles(dir, baseFiles);
  git("add", "-A");
  git("commit", "-q", "-m", `infra: ${estate.companies.length} companies, ${services} services`);
  const baseSha = git("rev-parse", "HEAD");

  git("checkout", "-q", "-b", HEAD_BRANCH);
  const changed = new Map<string, string>();
  for (const [path, text] of headFiles) if (baseFiles.get(path) !== text) changed.set(path, text);
  writeFiles(dir, changed);
  git("add", "-A");
  git(
    "commit",
    "-q",
    "-m",
    `Network changes for 5 services\n\n${[pullRequest.crossing, pullRequest.addsOwnCompany, pullRequest.removesEntry, pullRequest.changesRawPolicy, pullRequest.addsRawPolicy]
      .map((c) => `- ${c.service}`)
      .join("\n")}`,
  );
  const headSha = git("rev-parse", "HEAD");
  // Packed, as a clone is: git packs a repository of this size on its own only past 6,700 loose objects,
  // and reading thousands of loose objects (one file and one inflate each) made the 3,000-service
  // repositories about seven times slower to read per file than the 30,000-service ones. Same commits: only the storage changes.
  git("repack", "-a", "-d", "-q");

  return {
    dir,
    seed,
    shape,
    services,
    companies: estate.companies.length,
    teams: estate.companies.reduce((sum, c) => sum + c.teams.length, 0),
    rawPolicyServices,
    base: BASE_BRANCH,
    head: HEAD_BRANCH,
    baseSha,
    headSha,
    pullRequest,
    changedPaths: [...changed.keys()].sort(),
  };
}

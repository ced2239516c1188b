/**
 * A tiny infra repository, as file maps: the base branch and the heads that the handler tests open pull
 * requests with. Two companies (company-x: team-a, team-b; company-y: team-c), services declared through
 * the starter-kit, platform policies on the company namespaces.
 */
import { defaultDeny } from "./model-from-files.js";

/** Repository path -> content. */
export type FileMap = Record<string, string>;

export const CONFIG = `# netpol-guard reads this file from the base branch of every pull request.
kubernetes:
  - "kubernetes/**/*.yaml"
terraform:
  - "terraform/**/*.tf"
platform:
  team: platform
checkName: netpol-guard
`;

const TEAMS = `module "team-a" {
  source       = "microservice-team-kit/v2.1.0.tar.gz"
  team_name    = "team-a"
  team_company = "company-x"
}

module "team-b" {
  source       = "microservice-team-kit/v2.1.0.tar.gz"
  team_name    = "team-b"
  team_company = "company-x"
}

module "team-c" {
  source       = "microservice-team-kit/v2.1.0.tar.gz"
  team_name    = "team-c"
  team_company = "company-y"
}
`;

function service(name: string, team: string, company: string, namespaces: string[]): string {
  return `module "${name}" {
  source          = "microservice-service-kit/v1.4.0.tar.gz"
  service_name    = "${name}"
  service_team    = "${team}"
  service_company = "${company}"
  network = {
    security = {
      enable_network_policy = true
      namespaces = [
${namespaces.map((n) => `        "${n}",`).join("\n")}
      ]
    }
  }
}
`;
}

function companyNamespace(company: string, teams: string[]): string {
  return [
    `apiVersion: v1
kind: Namespace
metadata:
  name: ${company}
  labels:
    acme.io/company: ${company}
`,
    ...teams.map(
      (team) => `apiVersion: hnc.x-k8s.io/v1alpha2
kind: SubnamespaceAnchor
metadata:
  name: ${team}
  namespace: ${company}
`,
    ),
  ].join("---\n");
}


export const BASE: FileMap = {
  ".github/netpol-guard.yml": CONFIG,
  "README.md": "# infra\n\nNot watched: never read by netpol-guard.\n",
  "terraform/teams/main.tf": TEAMS,
  "terraform/services/company-x/team-a.tf": service("service-1", "team-a", "company-x", ["service-2"]) + "\n" + service("service-2", "team-a", "company-x", ["service-1"]),
  "terraform/services/company-x/team-b.tf": service("service-3", "team-b", "company-x", ["service-1"]),
  "terraform/services/company-y/team-c.tf": service("service-4", "team-c", "company-y", ["service-5"]) + "\n" + service("service-5", "team-c", "company-y", ["service-4"]),
  "kubernetes/hnc/company-x.yaml": companyNamespace("company-x", ["team-a", "team-b"]),
  "kubernetes/hnc/company-y.yaml": companyNamespace("company-y", ["team-c"]),
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
};

/** The base with some files replaced, added (a string) or deleted (null). */
export function withChanges(base: FileMap, changes: Record<string, string | null>): FileMap {
  const result: FileMap = { ...base };
  for (const [path, content] of Object.entries(changes)) {
    if (content === null) delete result[path];
    else result[path] = content;
  }
  return result;
}

/** service-1 also talks to service-3, in its own company: nothing crosses a boundary. */
export const CLEAN_HEAD = withChanges(BASE, {
  "terraform/services/company-x/team-a.tf":
    service("service-1", "team-a", "company-x", ["service-2", "service-3"]) + "\n" + service("service-2", "team-a", "company-x", ["service-1"]),
});

/** service-1 lists service-4, of company-y: a product team crossing a company boundary. */
export const CROSS_VC_HEAD = withChanges(BASE, {
  "terraform/services/company-x/team-a.tf":
    service("service-1", "team-a", "company-x", ["service-2", "service-4"]) + "\n" + service("service-2", "team-a", "company-x", ["service-1"]),
});

/** The platform team lets company-x reach service-5 of company-y: a VC-to-VC policy on a company namespace. */
export const VC_TO_VC_HEAD = withChanges(BASE, {
  "kubernetes/policies/company-x/allow-to-company-y.yaml": `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-to-company-y-service-5
  namespace: company-x
spec:
  podSelector: {}
  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: service-5
      ports:
        - protocol: TCP
          port: 8443
`,
});

/** The pull request rewrites the config so that nothing is watched: the base's config still judges it. */
export const CONFIG_CHANGE_HEAD = withChanges(CROSS_VC_HEAD, {
  ".github/netpol-guard.yml": `kubernetes: []
terraform: []
checkName: netpol-guard
`,
});

/**
 * The base after the platform moved team-b (and its service-3) to company-y. A pull request branched from
 * `BASE` before that is behind it: `CLEAN_HEAD` then crosses a company boundary once merged, though its
 * own tree does not.
 */
export const TEAM_B_MOVED = withChanges(BASE, {
  "terraform/teams/main.tf": TEAMS.replace('team_name    = "team-b"\n  team_company = "company-x"', 'team_name    = "team-b"\n  team_company = "company-y"'),
  "terraform/services/company-x/team-b.tf": null,
  "terraform/services/company-y/team-b.tf": service("service-3", "team-b", "company-y", ["service-4"]),
  "kubernetes/hnc/company-x.yaml": companyNamespace("company-x", ["team-a"]),
  "kubernetes/hnc/company-y.yaml": companyNamespace("company-y", ["team-c", "team-b"]),
});

/** The base after service-2's team let it reach service-3 too: the file `CLEAN_HEAD` changes, changed on both sides. */
export const SERVICE_2_WIDENED = withChanges(BASE, {
  "terraform/services/company-x/team-a.tf":
    service("service-1", "team-a", "company-x", ["service-2"]) + "\n" + service("service-2", "team-a", "company-x", ["service-1", "service-3"]),
});

/**
 * A NetworkPolicy of `namespace` that lets `from` in to its `app: api` pods: its own pods when `from` is
 * `namespace`, else every pod of the namespace named `from`.
 */
export function ingressPolicy(namespace: string, from: string): string {
  const peer = from === namespace ? "- podSelector: {}" : `- namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: ${from}`;
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-from-${from}
  namespace: ${namespace}
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes: [Ingress]
  ingress:
    - from:
        ${peer}
`;
}

import { createHash } from "node:crypto";
import { createPathFilter, defaultConfig, type NetpolGuardConfig } from "../../src/config/parse-config.js";
import { analyzeSnapshot } from "../../src/engine/judge-snapshots.js";
import type { JudgedRef } from "../../src/engine/judged-ref.js";
import type { SnapshotFile } from "../../src/model/snapshot-file.js";

/** Snapshot files from an in-memory map of path -> text, classified by the config's globs. */
export function snapshotFiles(files: Record<string, string>, config: NetpolGuardConfig = defaultConfig()): SnapshotFile[] {
  const filter = createPathFilter(config);
  const result: SnapshotFile[] = [];
  for (const [path, text] of Object.entries(files)) {
    const kind = filter.kind(path);
    if (kind === null) continue;
    result.push({ path, kind, text, digest: createHash("sha1").update(text).digest("hex") });
  }
  return result;
}

/** A judged ref from in-memory files. */
export async function refFromFiles(files: Record<string, string>, overrides: Partial<NetpolGuardConfig> = {}): Promise<JudgedRef> {
  const config = { ...defaultConfig(), ...overrides };
  return analyzeSnapshot({ files: snapshotFiles(files, config) }, config);
}

/** A team-kit module (its label is the team's name unless given). */
export function teamKit(team: string, company: string, module = team): string {
  return `module "${module}" {\n  source       = "microservice-team-kit/v2.1.0.tar.gz"\n  team_name    = "${team}"\n  team_company = "${company}"\n}\n`;
}

/** A starter-kit module. */
export function starterKit(service: string, team: string, company: string, namespaces: string[], enable = true): string {
  return [
    `module "${service}" {`,
    `  source          = "microservice-service-kit/v1.4.0.tar.gz"`,
    `  service_name    = "${service}"`,
    `  service_team    = "${team}"`,
    `  service_company = "${company}"`,
    `  network = {`,
    `    security = {`,
    `      enable_network_policy = ${enable}`,
    `      namespaces            = [${namespaces.map((n) => JSON.stringify(n)).join(", ")}]`,
    `    }`,
    `  }`,
    `}`,
    "",
  ].join("\n");
}

/** A company's default deny: every pod of the namespace (and, propagated, of its tree), both directions. */
export function defaultDeny(namespace: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
`;
}

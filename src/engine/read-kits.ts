import { matchesModuleSource } from "../config/parse-config.js";
import type { NetpolGuardConfig } from "../config/schema.js";
import type { NetworkPolicyModel, TerraformResult } from "../model/types.js";
import { generateKitPolicies } from "./generate-kit-policies.js";
import type { ParsedFiles } from "./parse-files.js";
import type { ParseMemo } from "./parse-memo.js";
import { readKitModules, type KitMatchers, type KitModules, type StarterKitService } from "./read-kit-modules.js";

// The kit modules of a ref and the policies they generate, each remembered per parse result.

/** The kit modules of every Terraform directory of a ref, in order, and their concatenation. */
export function readKits(parsed: ParsedFiles, config: NetpolGuardConfig, memo: ParseMemo): { unitKits: KitModules[]; kits: KitModules } {
  const matchers = kitMatchers(config);
  // Read per directory and remembered per parse result: an unchanged directory is read once for all refs.
  const unitKits = parsed.terraform.map((t) => readDirectoryKits(t, matchers, memo));
  const kits: KitModules = { services: [], teams: [], filters: [], findings: [] };
  for (const read of unitKits) {
    for (const s of read.services) kits.services.push(s);
    for (const t of read.teams) kits.teams.push(t);
    for (const f of read.filters) kits.filters.push(f);
    for (const f of read.findings) kits.findings.push(f);
  }
  return { unitKits, kits };
}

/** Kit matchers for a config, with each distinct `source` string matched once. */
function kitMatchers(config: NetpolGuardConfig): KitMatchers & { key: string } {
  const memo = (pattern: string): ((source: string) => boolean) => {
    const seen = new Map<string, boolean>();
    return (source) => {
      let hit = seen.get(source);
      if (hit === undefined) seen.set(source, (hit = matchesModuleSource(pattern, source)));
      return hit;
    };
  };
  return {
    key: `${config.starterKit.source}\u0000${config.teamKit.source}`,
    isStarterKit: memo(config.starterKit.source),
    isTeamKit: memo(config.teamKit.source),
  };
}

/** The kit modules of one parsed directory (parse results are shared between refs by the parse cache). */
function readDirectoryKits(result: TerraformResult, matchers: KitMatchers & { key: string }, memo: ParseMemo): KitModules {
  let byMatchers = memo.kitsOfDirectory.get(result);
  if (!byMatchers) memo.kitsOfDirectory.set(result, (byMatchers = new Map()));
  let kits = byMatchers.get(matchers.key);
  if (!kits) byMatchers.set(matchers.key, (kits = readKitModules(result.modules, matchers)));
  return kits;
}

/** The policies every kit module of one directory generates, in order. */
export function unitKitPolicies(kits: KitModules, sharedNamespaces: string[], memo: ParseMemo): NetworkPolicyModel[] {
  const shared = sharedNamespaces.join(",");
  const hit = memo.policiesOfUnit.get(kits);
  if (hit && hit.shared === shared) return hit.value;
  const policies: NetworkPolicyModel[] = [];
  for (const s of kits.services) for (const p of kitPoliciesOf(s, sharedNamespaces, memo)) policies.push(p);
  memo.policiesOfUnit.set(kits, { shared, value: policies });
  return policies;
}

/** The policies a starter-kit module generates, remembered per module read. */
export function kitPoliciesOf(service: StarterKitService, sharedNamespaces: string[], memo: ParseMemo): NetworkPolicyModel[] {
  const shared = sharedNamespaces.join(",");
  const hit = memo.policiesOfService.get(service);
  if (hit && hit.shared === shared) return hit.value;
  const policies = generateKitPolicies(service, sharedNamespaces);
  memo.policiesOfService.set(service, { shared, value: policies });
  return policies;
}

/**
 * Hole 3 of the security review: ~70 KB of YAML aliases (20,000 of them) in a pull request's own
 * `.github/netpol-guard.yml` took 11-77 s to read, on the thread that answers webhooks. Every YAML reader
 * now refuses a document with more aliases, or larger alias expansions, than a bound: a finding at the line
 * of the alias that crossed it, and nothing expanded.
 */
import { parseConfigFile } from "../../src/config/parse-config-file.js";
import { describe, expect, it } from "vitest";
import { CONFIG_PATH, defaultConfig, parseConfig } from "../../src/config/parse-config.js";
import { judgeSnapshots } from "../../src/engine/judge-snapshots.js";
import { MAX_YAML_ALIASES } from "../../src/parsers/yaml/index-yaml-aliases.js";
import { BASE_FILES, CONTROL_FINDING, findingAt, hostileHead, toSnapshotFiles } from "../hostile/hostile-helpers.js";

const ALIASES = 20_000;
/** 20,000 aliases of one anchor in a flow sequence: about 70 KB. */
const bombLines = (key: string): string[] => [`anchor: &a [service-1, service-2]`, `${key}: [${Array(ALIASES).fill("*a").join(", ")}]`];
const CONFIG_BOMB = [`# netpol-guard config`, ...bombLines("sharedNamespaces"), ""].join("\n");
const MANIFEST = "kubernetes/services/service-1/bomb.yaml";
const MANIFEST_BOMB = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: bomb", "  namespace: service-1", "data:", ...bombLines("  x").map((l) => `  ${l.trim()}`), ""].join("\n");

describe("security: a YAML alias bomb is refused, not expanded", () => {
  it("is about 70 KB with 20,000 aliases (the size the review measured)", () => {
    expect(CONFIG_BOMB.length).toBeGreaterThan(60_000);
    expect(CONFIG_BOMB.length).toBeLessThan(90_000);
    expect(CONFIG_BOMB.match(/\*a/g)).toHaveLength(ALIASES);
  });

  it("in the configuration: one problem at the alias past the bound, the defaults stand", () => {
    const { config, problems } = parseConfig(CONFIG_BOMB);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ rule: "config-invalid", severity: "error", location: { file: CONFIG_PATH, line: 3 } });
    expect(problems[0]!.message).toContain(`more than ${MAX_YAML_ALIASES} YAML aliases`);
    expect(config).toEqual(defaultConfig());
  });

  it("in a pull request's own config and in a manifest: findings with file and line, the rest still judged, failure", async () => {
    const base = { files: toSnapshotFiles({ ...BASE_FILES }), config: parseConfigFile(null) };
    const head = { files: toSnapshotFiles(hostileHead({ [MANIFEST]: MANIFEST_BOMB })), config: parseConfigFile(CONFIG_BOMB) };
    const { judgement } = await judgeSnapshots(base, head);
    findingAt(judgement, { rule: "config-invalid", file: CONFIG_PATH, line: 3, message: /more than 100 YAML aliases/ });
    findingAt(judgement, { rule: "parse-error", file: MANIFEST, line: 8, message: /more than 100 YAML aliases/ });
    findingAt(judgement, CONTROL_FINDING);
    expect(judgement.conclusion).toBe("failure");
  });

  it("a billion laughs (few aliases, a huge expansion) is refused at the alias whose expansion crosses the bound", () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (const [i, name] of ["b", "c", "d", "e", "f"].entries()) levels.push(`${name}: &${name} [${Array(9).fill(`*${"abcde"[i]}`).join(", ")}]`);
    const { problems } = parseConfig(levels.join("\n"));
    expect(problems.map((p) => [p.location.line, p.message.split(":")[0]])).toEqual([[5, "YAML aliases that stand for more than 10000 nodes once expanded"]]);
  });

  it("an alias inside the node it names is refused", () => {
    const { problems } = parseConfig("sharedNamespaces: &loop [kube-system, *loop]\n");
    expect(problems.map((p) => [p.location.line, p.message.split(":")[0]])).toEqual([[1, "a YAML alias inside the node it names (*loop)"]]);
  });
});

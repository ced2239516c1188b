import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, defaultConfig, parseConfig, type NetpolGuardConfig } from "../../../src/config/parse-config.js";
import type { Problem } from "../../../src/model/types.js";

const FILE = ".github/netpol-guard.yml";

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/config/${name}`, import.meta.url), "utf8");
}

/** Each problem as [line, message], after checking what every config problem shares. */
function summary(problems: Problem[], file = FILE): [number, string][] {
  for (const problem of problems) {
    expect(problem.rule).toBe("config-invalid");
    expect(problem.severity).toBe("error");
    expect(problem.location.file).toBe(file);
    expect(problem.location.endLine).toBeGreaterThanOrEqual(problem.location.line);
  }
  return problems.map((problem) => [problem.location.line, problem.message]);
}

function withDefaults(overrides: Partial<NetpolGuardConfig>): NetpolGuardConfig {
  return { ...defaultConfig(), ...overrides };
}

describe("parseConfig: absent, empty and valid files", () => {
  it("gives the defaults without problems when the file is absent", () => {
    expect(parseConfig(null)).toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });

  it.each(["", "\n\n", "# only a comment\n", "~\n", "null\n", "---\n...\n"])("gives the defaults for %j", (text) => {
    expect(parseConfig(text)).toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });

  it("has the documented defaults", () => {
    expect(DEFAULT_CONFIG).toEqual({
      kubernetes: ["**/*.yaml", "**/*.yml", "**/*.json"],
      terraform: ["**/*.tf", "**/*.tf.json"],
      ignore: [],
      starterKit: { source: "microservice-{service,starter}-kit{,.git,.zip,.tgz,.tar.gz}{,/**}" },
      teamKit: { source: "microservice-team-kit{,.git,.zip,.tgz,.tar.gz}{,/**}" },
      sharedNamespaces: ["kube-system"],
      hncExcludedNamespaces: ["kube-system", "kube-public", "kube-node-lease", "hnc-system"],
      clusterCIDRs: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"],
      platform: { team: "platform", approvals: 1 },
      protectedBranches: [],
      limits: { judgeSeconds: 60 },
      observedFlows: { path: "", breaking: "warning" },
      boundary: { priority: 100 },
      checkName: "netpol-guard",
    });
  });

  it("never shares the defaults with a result", () => {
    const { config } = parseConfig(null);
    config.kubernetes.push("x");
    config.platform.approvals = 9;
    expect(parseConfig(null).config).toEqual(DEFAULT_CONFIG);
    expect(Object.isFrozen(DEFAULT_CONFIG.kubernetes)).toBe(true);
  });

  it("reads every key of a valid file", () => {
    const { config, problems } = parseConfig(fixture("valid.yml"));
    expect(problems).toEqual([]);
    expect(config).toEqual({
      kubernetes: ["kubernetes/**/*.yaml", "kubernetes/**/*.yml"],
      terraform: ["terraform/**/*.tf"],
      ignore: ["kubernetes/vendor/**", "**/testdata"],
      starterKit: { source: "registry.acme.io/*/service-kit/**" },
      teamKit: { source: "registry.acme.io/*/team-kit/**" },
      sharedNamespaces: ["kube-system", "monitoring", "ingress-nginx"],
      hncExcludedNamespaces: ["kube-system", "kube-public", "kube-node-lease", "hnc-system", "cert-manager"],
      clusterCIDRs: ["10.0.0.0/8", "fd00:10::/32"],
      platform: { team: "platform-network", approvals: 2 },
      protectedBranches: ["release/*"],
      limits: { judgeSeconds: 120 },
      observedFlows: { path: "observability/flows.json", breaking: "error" },
      boundary: { priority: 500 },
      checkName: "netpol-guard / network policies",
    });
  });

  it("keeps the defaults of the keys not written, also inside a nested mapping", () => {
    const { config, problems } = parseConfig("platform:\n  approvals: 2\n");
    expect(problems).toEqual([]);
    expect(config).toEqual(withDefaults({ platform: { team: "platform", approvals: 2 } }));
  });

  it("accepts empty lists and an empty nested mapping", () => {
    const { config, problems } = parseConfig("ignore: []\nsharedNamespaces: []\nplatform: {}\n");
    expect(problems).toEqual([]);
    expect(config).toEqual(withDefaults({ ignore: [], sharedNamespaces: [] }));
  });

  it("refuses an observedFlows path that is not one repository file, and a severity other than warning or error", () => {
    const { config, problems } = parseConfig("observedFlows:\n  path: ../flows.json\n  breaking: notice\n");
    expect(config.observedFlows).toEqual({ path: "", breaking: "warning" });
    expect(problems.map((p) => [p.location.line, p.message])).toEqual([
      [2, 'observedFlows.path: "../flows.json" must not contain ., .. or empty path segments; using the default "" instead'],
      [3, 'observedFlows.breaking: "notice" must be warning or error; using the default "warning" instead'],
    ]);
    for (const bad of ["/flows.json", "flows/", "flows/*.json"]) expect(parseConfig(`observedFlows: {path: "${bad}"}\n`).problems).toHaveLength(1);
  });

  it("follows aliases to valid values", () => {
    const { config, problems } = parseConfig('kubernetes: &k ["k8s/**/*.yaml"]\nignore: *k\n');
    expect(problems).toEqual([]);
    expect(config.kubernetes).toEqual(["k8s/**/*.yaml"]);
    expect(config.ignore).toEqual(["k8s/**/*.yaml"]);
  });

  it("reports problems in the file it is given", () => {
    const { problems } = parseConfig("checkName: ''\n", "base/.github/netpol-guard.yml");
    expect(summary(problems, "base/.github/netpol-guard.yml")).toHaveLength(1);
  });
});

describe("parseConfig: one wrong key keeps its default, the others their values", () => {
  it.each<[text: string, line: number, message: RegExp, expected: Partial<NetpolGuardConfig>]>([
    [
      'checkName: custom\nkubernetes: "*.yaml"\n',
      2,
      /^kubernetes must be a list of glob patterns, got the string "\*\.yaml" \(write a list: \["\*\.yaml"\]\); using the default \["\*\*\/\*\.yaml","\*\*\/\*\.yml","\*\*\/\*\.json"\] instead$/,
      { checkName: "custom" },
    ],
    ["checkName: custom\nplatform:\n  team: sre\n  approvals: two\n", 4, /^platform\.approvals must be a whole number from 1 to 100, got the string "two"; using the default 1 instead$/, { checkName: "custom", platform: { team: "sre", approvals: 1 } }],
    ["checkName: custom\nplatform:\n  team: sre\n  approvals: 0\n", 4, /got 0/, { checkName: "custom", platform: { team: "sre", approvals: 1 } }],
    ["checkName: custom\nplatform:\n  team: sre\n  approvals: -2\n", 4, /got -2/, { checkName: "custom", platform: { team: "sre", approvals: 1 } }],
    ["checkName: custom\nplatform:\n  team: sre\n  approvals: 1.5\n", 4, /got 1\.5/, { checkName: "custom", platform: { team: "sre", approvals: 1 } }],
    ["checkName: custom\nplatform:\n  team: sre\n  approvals: \"2\"\n", 4, /got the string "2"/, { checkName: "custom", platform: { team: "sre", approvals: 1 } }],
    ["checkName: custom\nplatform:\n  team: \"\"\n  approvals: 3\n", 3, /^platform\.team: "" is an empty team slug; using the default "platform" instead$/, { checkName: "custom", platform: { team: "platform", approvals: 3 } }],
    ["checkName: custom\nplatform: sre\n", 2, /^platform must be a mapping of keys to values, got the string "sre"; using the defaults instead$/, { checkName: "custom" }],
    ["checkName: custom\nplatform:\n", 2, /^platform must be a mapping of keys to values, got null/, { checkName: "custom" }],
    ["ignore: [vendor/**]\ncheckName: \"  \"\n", 2, /^checkName: "  " is empty; the check run needs a name; using the default "netpol-guard" instead$/, { ignore: ["vendor/**"] }],
    ["ignore: [vendor/**]\ncheckName:\n", 2, /^checkName must be a string, got null/, { ignore: ["vendor/**"] }],
    ["ignore: [vendor/**]\ncheckName: true\n", 2, /got the boolean true/, { ignore: ["vendor/**"] }],
    ["checkName: custom\nterraform:\n  - infra/**/*.tf\n  - \"\"\n", 4, /^terraform\[1\]: "" is an empty glob pattern; using the default \["\*\*\/\*\.tf","\*\*\/\*\.tf\.json"\] instead$/, { checkName: "custom" }],
    ["checkName: custom\nterraform: [\"**/*.{tf,hcl\"]\n", 2, /never closed/, { checkName: "custom" }],
    [`checkName: custom\nignore:\n  - "${"a".repeat(1025)}"\n`, 3, /1025 characters/, { checkName: "custom" }],
    ["checkName: custom\nstarterKit:\n  source: \"[service-kit\"\n", 3, /^starterKit\.source: "\[service-kit" is not a valid glob pattern: the "\[" at position 1 is never closed/, { checkName: "custom" }],
    ["checkName: custom\nteamKit:\n  source: 3\n", 3, /^teamKit\.source must be a string, got the number 3/, { checkName: "custom" }],
    ["checkName: custom\nclusterCIDRs:\n  - 10.0.0.0/8\n  - 10.0.0.0/33\n", 4, /^clusterCIDRs\[1\]: "10\.0\.0\.0\/33" is not a CIDR/, { checkName: "custom" }],
    ["checkName: custom\nsharedNamespaces: [kube-system, Kube_DNS]\n", 2, /^sharedNamespaces\[1\]: "Kube_DNS" is not a namespace name/, { checkName: "custom" }],
    ["checkName: custom\nsharedNamespaces: [kube-system, [a]]\n", 2, /^sharedNamespaces\[1\] must be a namespace name, got a list/, { checkName: "custom" }],
  ])("%j", (text, line, message, expected) => {
    const { config, problems } = parseConfig(text);
    const [problem, ...rest] = summary(problems);
    expect(rest).toEqual([]);
    expect(problem?.[0]).toBe(line);
    expect(problem?.[1]).toMatch(message);
    expect(config).toEqual(withDefaults(expected));
  });

  it("reports each wrong item of a list, at most five, and counts the rest", () => {
    const text = `clusterCIDRs:\n${Array.from({ length: 8 }, (_, i) => `  - bad-${i}\n`).join("")}`;
    const { config, problems } = parseConfig(text);
    expect(summary(problems).map(([line]) => line)).toEqual([2, 3, 4, 5, 6]);
    expect(problems[4]?.message).toMatch(/\(and 3 more wrong items in clusterCIDRs\)/);
    expect(config.clusterCIDRs).toEqual(DEFAULT_CONFIG.clusterCIDRs);
  });

  it("spans the lines of a multi-line wrong value", () => {
    const { problems } = parseConfig("checkName: x\nplatform:\n  - team\n  - approvals\nignore: []\n");
    expect(problems.map((p) => p.location)).toEqual([{ file: FILE, line: 3, endLine: 4 }]);
  });

  it("reports a wrong value reached through an alias where the alias is used", () => {
    const { config, problems } = parseConfig("x-anchors:\n  count: &n two\nplatform:\n  approvals: *n\n");
    expect(summary(problems)).toEqual([
      [1, expect.stringMatching(/^unknown key "x-anchors"/)],
      [4, expect.stringMatching(/^platform\.approvals must be a whole number .* got the string "two"/)],
    ]);
    expect(config).toEqual(DEFAULT_CONFIG);
  });
});

describe("parseConfig: unknown keys", () => {
  it("reports each at its line, with a suggestion, and keeps every known key", () => {
    const { config, problems } = parseConfig(fixture("unknown-keys.yml"));
    expect(summary(problems)).toEqual([
      [2, 'unknown key "version"; it is ignored. Known keys: kubernetes, terraform, ignore, starterKit, teamKit, sharedNamespaces, hncExcludedNamespaces, clusterCIDRs, platform, protectedBranches, limits, observedFlows, boundary, checkName'],
      [5, expect.stringMatching(/^unknown key "check_name" \(did you mean "checkName"\?\); it is ignored/)],
      [8, 'unknown key "approval" in platform (did you mean "approvals"?); it is ignored. Known keys: team, approvals'],
      [9, 'unknown key "extra" in platform; it is ignored. Known keys: team, approvals'],
      [13, 'unknown key "version" in starterKit; it is ignored. Known keys: source'],
    ]);
    expect(config).toEqual(
      withDefaults({
        kubernetes: ["manifests/**/*.yaml"],
        starterKit: { source: "**/acme-service-kit*" },
        teamKit: { source: "**/acme-team-kit*" },
        platform: { team: "sre", approvals: 1 },
        checkName: "netpol-guard/acme",
      }),
    );
  });

  it.each<[text: string, shown: string]>([
    ["1: x\n", "the number 1"],
    ["[a]: x\n", "a list"],
    ["? {a: 1}\n: x\n", "a mapping"],
    ["null: x\n", "null"],
  ])("reports a key that is not a string: %j", (text, shown) => {
    const { config, problems } = parseConfig(text);
    expect(summary(problems)).toEqual([[1, expect.stringContaining(`unknown key ${shown};`)]]);
    expect(config).toEqual(DEFAULT_CONFIG);
  });
});

describe("parseConfig: hostile and malformed fixtures", () => {
  it("malformed.yml: the YAML error at its line, the whole config default", () => {
    const { config, problems } = parseConfig(fixture("malformed.yml"));
    expect(summary(problems)).toEqual([
      [3, expect.stringMatching(/^invalid YAML at line 3, column 1: .*; using the default configuration$/)],
    ]);
    expect(config).toEqual(DEFAULT_CONFIG);
  });

  it("duplicate-keys.yml: a repeated key is a YAML error", () => {
    const { config, problems } = parseConfig(fixture("duplicate-keys.yml"));
    expect(summary(problems)).toEqual([[5, expect.stringMatching(/^invalid YAML at line 5, column 1: Map keys must be unique/)]]);
    expect(config).toEqual(DEFAULT_CONFIG);
  });

  it("not-a-mapping.yml: a list instead of a mapping", () => {
    const { config, problems } = parseConfig(fixture("not-a-mapping.yml"));
    expect(summary(problems)).toEqual([
      [1, "the configuration must be a mapping of keys to values, got a list; using the defaults instead"],
    ]);
    expect(config).toEqual(DEFAULT_CONFIG);
  });

  it("a scalar instead of a mapping", () => {
    const { config, problems } = parseConfig("netpol-guard\n");
    expect(summary(problems)).toEqual([[1, expect.stringMatching(/got the string "netpol-guard"/)]]);
    expect(config).toEqual(DEFAULT_CONFIG);
  });

  it("wrong-types.yml: every wrong key at its line, each keeping its default", () => {
    const { config, problems } = parseConfig(fixture("wrong-types.yml"));
    expect(summary(problems).map(([line, message]) => [line, message.replace(/; using .* instead$/, "")])).toEqual([
      [1, 'kubernetes must be a list of glob patterns, got the string "*.yaml" (write a list: ["*.yaml"])'],
      [4, "terraform[1] must be a glob pattern, got the number 42"],
      [5, "ignore must be a list of glob patterns, got a mapping"],
      [6, 'starterKit must be a mapping of keys to values, got the string "microservice-service-kit"'],
      [8, 'teamKit.source: "" is an empty glob pattern'],
      [11, 'sharedNamespaces[1]: "Monitoring" is not a namespace name: lowercase letters, digits and "-" only, starting and ending with a letter or digit (did you mean "monitoring"?)'],
      [14, 'clusterCIDRs[1]: "10.300.0.0/16" is not a CIDR: "10.300.0.0" is not an IP address'],
      [15, 'clusterCIDRs[2]: "192.168.1.0/16" has host bits set: the network is 192.168.0.0/16'],
      [18, 'platform.approvals must be a whole number from 1 to 100, got the string "two"'],
      [19, "checkName must be a string, got the number 7"],
    ]);
    // platform.team was valid and is kept; everything else fell back.
    expect(config).toEqual(DEFAULT_CONFIG);
  });

  it("evil-alias-bomb.yml: refused whole at the alias whose expansion crosses the bound, the defaults stand", () => {
    const { config, problems } = parseConfig(fixture("evil-alias-bomb.yml"));
    expect(summary(problems)).toEqual([
      [6, "YAML aliases that stand for more than 10000 nodes once expanded: refused unread (an alias bomb costs time and memory); using the default configuration"],
    ]);
    expect(config).toEqual(defaultConfig());
  });

  it.each<[file: string, line: number]>([
    ["evil-deep-sequence.yml", 2],
    ["evil-deep-mapping.yml", 3],
  ])("%s: 10,000 levels of nesting are one problem at their line, the whole config default", (file, line) => {
    const { config, problems } = parseConfig(fixture(file));
    expect(summary(problems)).toEqual([[line, expect.stringMatching(/^invalid YAML at line \d+, column \d+: nested too deeply/)]]);
    expect(config).toEqual(DEFAULT_CONFIG);
  });

  it("evil-tags.yml: language tags are refused as values, never resolved", () => {
    const { config, problems } = parseConfig(fixture("evil-tags.yml"));
    expect(summary(problems).map(([line, message]) => [line, message.split(";")[0]])).toEqual([
      [2, 'unknown key "evil"'],
      [3, "checkName must be a string, got a value tagged !!js/undefined"],
      [5, "platform.team must be a string, got a value tagged !ruby/object:Gem::Installer"],
      [7, "terraform must be a list of glob patterns, got a value tagged !!set"],
    ]);
    expect(config).toEqual(withDefaults({ platform: { team: "platform", approvals: 3 } }));
  });

  it("refuses a file larger than a megabyte unread", () => {
    const { config, problems } = parseConfig(`checkName: x\n# ${"x".repeat(1024 * 1024)}\n`);
    expect(summary(problems)).toEqual([[1, expect.stringMatching(/more than the 1048576 accepted/)]]);
    expect(config).toEqual(DEFAULT_CONFIG);
  });

  it("reports several documents as a YAML error", () => {
    const { config, problems } = parseConfig("checkName: a\n---\ncheckName: b\n");
    expect(summary(problems)).toEqual([[2, expect.stringMatching(/^invalid YAML at line 2/)]]);
    expect(config).toEqual(DEFAULT_CONFIG);
  });

  it("keeps the config when YAML only warns, and reports the warning", () => {
    const { config, problems } = parseConfig("%FOO bar\n---\ncheckName: warned\n");
    expect(summary(problems)).toEqual([[1, expect.stringMatching(/^YAML warning at line 1/)]]);
    expect(config.checkName).toBe("warned");
  });

  it("never throws, whatever the text", () => {
    const texts = ["\u0000", "\uFEFFcheckName: x", "{", "]", "&a *a", "*a", "a: *b", "? ? ?", "'", "\t", "- - - -", "%YAML 9.9\n---\nx", "!!map [1]"];
    for (const text of texts) {
      const result = parseConfig(text);
      expect(result.config).toBeDefined();
      for (const problem of result.problems) expect(problem.rule).toBe("config-invalid");
    }
  });
});

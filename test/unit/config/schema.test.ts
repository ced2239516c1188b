import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, expectTypeOf, it } from "vitest";
import { parse } from "yaml";
import { configJsonSchema, DEFAULT_CONFIG, parseConfig, type NetpolGuardConfig } from "../../../src/config/parse-config.js";
import { renderConfigurationDoc } from "../../../src/config/render-configuration-doc.js";

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");

const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(configJsonSchema);

describe("the config schema", () => {
  it("is the type the rest of netpol-guard relies on", () => {
    expectTypeOf<NetpolGuardConfig>().toEqualTypeOf<{
      kubernetes: string[];
      terraform: string[];
      ignore: string[];
      starterKit: { source: string };
      teamKit: { source: string };
      sharedNamespaces: string[];
      hncExcludedNamespaces: string[];
      clusterCIDRs: string[];
      platform: { team: string; approvals: number };
      protectedBranches: string[];
      limits: { judgeSeconds: number };
      observedFlows: { path: string; breaking: string };
      boundary: { priority: number };
      checkName: string;
    }>();
  });

  it("is published, up to date, in docs/config.schema.json (npx tsx scripts/write-config-schema.ts)", () => {
    expect(read("docs/config.schema.json")).toBe(`${JSON.stringify(configJsonSchema, null, 2)}\n`);
  });

  it("is described, up to date, in docs/configuration.md (npx tsx scripts/write-config-schema.ts)", () => {
    expect(read("docs/configuration.md")).toBe(renderConfigurationDoc(configJsonSchema));
  });

  it("describes every key in docs/configuration.md with its default and an example", () => {
    const doc = renderConfigurationDoc(configJsonSchema);
    // Every leaf key of the defaults, nested ones as `parent.child`: a key added to the schema is covered.
    const keys = Object.entries(DEFAULT_CONFIG).flatMap(([key, value]) =>
      value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value).map((child) => `${key}.${child}`) : [key],
    );
    expect(keys).toContain("limits.judgeSeconds");
    for (const key of keys) {
      const section = doc.split(`## \`${key}\`\n`)[1]?.split("\n## ")[0] ?? "";
      expect(section, key).toContain("Default:");
      expect(section, key).toContain("Example:");
    }
    expect(doc).toContain('  approvals: 2\n');
  });

  it("writes globs and names in docs/configuration.md as code, never as markdown that would turn them into emphasis or links", () => {
    const prose = renderConfigurationDoc(configJsonSchema)
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/```[\s\S]*?```/g, "")
      .replace(/`[^`\n]*`/g, "")
      .replace(/\[[^\]\n]*\]\((#[a-z0-9-]+|config\.schema\.json)\)/g, "");
    expect(prose.match(/[*_<>[\]]/g) ?? []).toEqual([]);
  });

  it("says every pattern in words, and refuses to write one it has no words for", () => {
    expect(renderConfigurationDoc(configJsonSchema)).not.toMatch(/matching `|\[[a-z0-9^-]+\]/);
    const unknown = { ...configJsonSchema, properties: { checkName: { type: "string", pattern: "^[a-z]*$", description: "x", default: "x" } } };
    expect(() => renderConfigurationDoc(unknown)).toThrow(/has no words/);
  });

  it("documents every key with a description and a default", () => {
    const properties = configJsonSchema.properties as Record<string, Record<string, unknown>>;
    expect(Object.keys(properties)).toEqual(Object.keys(DEFAULT_CONFIG));
    for (const [key, property] of Object.entries(properties)) {
      expect(property.description, key).toEqual(expect.any(String));
      expect(property.default, key).toEqual(DEFAULT_CONFIG[key as keyof NetpolGuardConfig]);
    }
  });

  it("accepts the defaults, the valid fixture and the example's config", () => {
    expect(validate(DEFAULT_CONFIG), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate(parse(read("test/fixtures/config/valid.yml"))), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate(parse(read("examples/infra-repo/.github/netpol-guard.yml"))), ajv.errorsText(validate.errors)).toBe(true);
  });

  // The JSON Schema is what editors check while typing; parseConfig must agree with it.
  it.each([
    "checkName: ok\n",
    "platform: {team: sre, approvals: 3}\n",
    "platform: {approvals: 0}\n",
    "platform: {approvals: 101}\n",
    "platform: {approvals: two}\n",
    "platform: {team: 'a b'}\n",
    "platform: {teams: [a]}\n",
    "kubernetes: '*.yaml'\n",
    "kubernetes: ['']\n",
    "kubernetes: ['!a']\n",
    "ignore: [1]\n",
    "sharedNamespaces: [Kube]\n",
    "sharedNamespaces: [monitoring]\n",
    "clusterCIDRs: [10.0.0.0]\n",
    "clusterCIDRs: ['fd00::/8']\n",
    "starterKit: {source: '**/kit*'}\n",
    "starterKit: {}\n",
    "starterKit: {source: ''}\n",
    "teamKit: kit\n",
    "checkName: ''\n",
    "extra: 1\n",
  ])("agrees with parseConfig on %j", (text) => {
    const schemaSaysValid = validate(parse(text));
    expect(parseConfig(text).problems.length === 0).toBe(schemaSaysValid);
  });
});

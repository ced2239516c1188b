/**
 * The configuration of netpol-guard (`.github/netpol-guard.yml`, read from the base branch), described once:
 * the description below is at the same time the TypeScript type ({@link NetpolGuardConfig}), the defaults
 * ({@link DEFAULT_CONFIG}), the validation with line numbers ({@link readConfigNode}) and the published
 * JSON Schema ({@link configJsonSchema}, written to docs/config.schema.json by scripts/write-config-schema.ts).
 */
import { isAlias, isMap, isScalar, isSeq, type Alias, type LineCounter } from "yaml";
import type { Problem, SourceLocation } from "../model/types.js";
import {
  checkCheckName,
  checkCidr,
  checkGlob,
  checkNamespaceName,
  checkRepositoryPath,
  checkTeamSlug,
  CIDR_PATTERN,
  GLOB_PATTERN,
  MAX_GLOB_LENGTH,
  NAMESPACE_NAME_PATTERN,
  NOT_BLANK_PATTERN,
  REPOSITORY_PATH_PATTERN,
  TEAM_SLUG_PATTERN,
} from "./value-checks.js";
import { DEFAULT_HNC_EXCLUDED } from "../model/hnc-labels.js";

export const CONFIG_PATH = ".github/netpol-guard.yml";

/** A JSON Schema (draft-07) fragment. */
export type JsonSchema = { [keyword: string]: unknown };

/** What reading a config file needs to report problems at the right line. */
export interface ReadContext {
  readonly file: string;
  readonly lineCounter: LineCounter;
  /** The node an alias stands for (see index-yaml-aliases.ts: following aliases must not walk the document). */
  readonly resolveAlias: (alias: Alias) => unknown;
  readonly problems: Problem[];
}

/** Where a value sits: its dotted key path, and the place to report problems at. */
export interface Site {
  readonly path: string;
  /** The key's location, used when the value has no range of its own. */
  readonly keyLocation: SourceLocation;
  /**
   * Set once a value was reached through an alias: everything inside it is reported at the alias, the
   * place where the config uses it, not at the anchor.
   */
  readonly forced?: SourceLocation;
}

/** One field of the config: its default, its JSON Schema, and how to read it from a YAML node. */
export interface Field<T> {
  readonly description: string;
  defaultValue(): T;
  jsonSchema(): JsonSchema;
  /** Reads the node; reports what is wrong and returns undefined when the field must keep its default. */
  read(node: unknown, site: Site, ctx: ReadContext): T | undefined;
}

type Infer<F> = F extends Field<infer T> ? T : never;

// ---------------------------------------------------------------------------------------------------------
// Field builders

/** Does this value check pass? null when it does, otherwise what is wrong. */
type ValueCheck = (value: string) => string | null;

interface StringOptions {
  description: string;
  default: string;
  check: ValueCheck;
  schema: JsonSchema;
  /** Values other than the default, for the JSON Schema's `examples` and docs/configuration.md. */
  examples: string[];
}

function stringField(options: StringOptions): Field<string> {
  return {
    description: options.description,
    defaultValue: () => options.default,
    jsonSchema: () => ({ type: "string", description: options.description, ...options.schema, default: options.default, examples: options.examples }),
    read(node, site, ctx) {
      const value = readScalar(node, site, ctx);
      if (typeof value.value !== "string") {
        report(ctx, value.location, `${site.path} must be a string, got ${value.describe}`, `the default ${JSON.stringify(options.default)}`);
        return undefined;
      }
      const wrong = options.check(value.value);
      if (wrong !== null) {
        report(ctx, value.location, `${site.path}: ${JSON.stringify(truncate(value.value))} ${wrong}`, `the default ${JSON.stringify(options.default)}`);
        return undefined;
      }
      return value.value;
    },
  };
}

interface IntegerOptions {
  description: string;
  default: number;
  minimum: number;
  maximum: number;
  examples: number[];
}

function integerField(options: IntegerOptions): Field<number> {
  return {
    description: options.description,
    defaultValue: () => options.default,
    jsonSchema: () => ({
      type: "integer",
      description: options.description,
      minimum: options.minimum,
      maximum: options.maximum,
      default: options.default,
      examples: options.examples,
    }),
    read(node, site, ctx) {
      const value = readScalar(node, site, ctx);
      const n = value.value;
      if (typeof n !== "number" || !Number.isInteger(n) || n < options.minimum || n > options.maximum) {
        const got = typeof n === "number" ? String(n) : value.describe;
        report(
          ctx,
          value.location,
          `${site.path} must be a whole number from ${options.minimum} to ${options.maximum}, got ${got}`,
          `the default ${options.default}`,
        );
        return undefined;
      }
      return n;
    },
  };
}

interface StringListOptions {
  description: string;
  default: readonly string[];
  /** What one item is, for messages: "a glob pattern". */
  itemName: string;
  check: ValueCheck;
  itemSchema: JsonSchema;
  examples: string[][];
}

/** Item problems reported per list at most; the rest are counted in the last message. */
const MAX_ITEM_PROBLEMS = 5;

function stringListField(options: StringListOptions): Field<string[]> {
  const fallback = `the default ${JSON.stringify(options.default)}`;
  return {
    description: options.description,
    defaultValue: () => [...options.default],
    jsonSchema: () => ({
      type: "array",
      description: options.description,
      items: { type: "string", ...options.itemSchema },
      default: [...options.default],
      examples: options.examples,
    }),
    read(node, site, ctx) {
      const list = resolve(node, site, ctx);
      if (!isSeq(list.node)) {
        const hint = isScalar(list.node) && typeof list.node.value === "string"
          ? ` (write a list: [${JSON.stringify(list.node.value)}])`
          : "";
        report(ctx, list.location, `${site.path} must be a list of ${plural(options.itemName)}, got ${describe(list.node)}${hint}`, fallback);
        return undefined;
      }
      const values: string[] = [];
      const wrongs: { location: SourceLocation; message: string }[] = [];
      list.node.items.forEach((item, index) => {
        const itemSite: Site = { ...site, path: `${site.path}[${index}]`, keyLocation: list.location, forced: list.site.forced };
        const value = readScalar(item, itemSite, ctx);
        if (typeof value.value !== "string") {
          wrongs.push({ location: value.location, message: `${itemSite.path} must be ${options.itemName}, got ${value.describe}` });
          return;
        }
        const wrong = options.check(value.value);
        if (wrong !== null) {
          wrongs.push({ location: value.location, message: `${itemSite.path}: ${JSON.stringify(truncate(value.value))} ${wrong}` });
          return;
        }
        values.push(value.value);
      });
      if (wrongs.length === 0) return values;
      const shown = wrongs.slice(0, MAX_ITEM_PROBLEMS);
      shown.forEach((wrong, i) => {
        const more = i === shown.length - 1 && wrongs.length > shown.length
          ? ` (and ${wrongs.length - shown.length} more wrong items in ${site.path})`
          : "";
        report(ctx, wrong.location, wrong.message + more, fallback);
      });
      return undefined;
    },
  };
}

interface ObjectOptions<P extends Record<string, Field<unknown>>> {
  description: string;
  properties: P;
}

type ObjectValue<P extends Record<string, Field<unknown>>> = { [K in keyof P]: Infer<P[K]> };

function objectField<P extends Record<string, Field<unknown>>>(options: ObjectOptions<P>): Field<ObjectValue<P>> {
  const keys = Object.keys(options.properties) as (keyof P & string)[];
  const defaultValue = (): ObjectValue<P> => {
    const value: Record<string, unknown> = {};
    for (const key of keys) value[key] = options.properties[key]!.defaultValue();
    return value as ObjectValue<P>;
  };
  return {
    description: options.description,
    defaultValue,
    jsonSchema: () => ({
      type: "object",
      description: options.description,
      additionalProperties: false,
      properties: Object.fromEntries(keys.map((key) => [key, options.properties[key]!.jsonSchema()])),
      default: defaultValue(),
    }),
    read(node, site, ctx) {
      const map = resolve(node, site, ctx);
      if (!isMap(map.node)) {
        const name = site.path === "" ? "the configuration" : site.path;
        report(ctx, map.location, `${name} must be a mapping of keys to values, got ${describe(map.node)}`, "the defaults");
        return undefined;
      }
      const value = defaultValue() as Record<string, unknown>;
      for (const pair of map.node.items) {
        const keyRead = readScalar(pair.key, { ...map.site, path: site.path }, ctx);
        const keyName = typeof keyRead.value === "string" ? keyRead.value : null;
        const keyPath = site.path === "" ? String(keyName) : `${site.path}.${String(keyName)}`;
        if (keyName === null || !Object.hasOwn(options.properties, keyName)) {
          const shown = keyName === null ? keyRead.describe : JSON.stringify(truncate(keyName));
          const where = site.path === "" ? "" : ` in ${site.path}`;
          const suggestion = keyName === null ? null : suggestKey(keyName, keys);
          const hint = suggestion === null ? "" : ` (did you mean "${suggestion}"?)`;
          ctx.problems.push(problem(ctx, keyRead.location, `unknown key ${shown}${where}${hint}; it is ignored. Known keys: ${keys.join(", ")}`));
          continue;
        }
        const field = options.properties[keyName]!;
        const read = field.read(pair.value, { path: keyPath, keyLocation: keyRead.location, forced: map.site.forced }, ctx);
        if (read !== undefined) value[keyName] = read;
      }
      return value as ObjectValue<P>;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The configuration

const globItem = { minLength: 1, maxLength: MAX_GLOB_LENGTH, pattern: GLOB_PATTERN };

/** The description of `.github/netpol-guard.yml`. */
export const configSchema = objectField({
  description: "Configuration of netpol-guard, read from .github/netpol-guard.yml on the base branch of a pull request.",
  properties: {
    kubernetes: stringListField({
      description:
        "Glob patterns (minimatch, dot files included) of the repository paths holding Kubernetes manifests (YAML or JSON, as kubectl and Argo CD read them), relative to the repository root.",
      default: ["**/*.yaml", "**/*.yml", "**/*.json"],
      itemName: "a glob pattern",
      check: checkGlob,
      itemSchema: globItem,
      examples: [["kubernetes/**/*.yaml", "kubernetes/**/*.json", "clusters/*/manifests/**/*.yml"]],
    }),
    terraform: stringListField({
      description:
        "Glob patterns of the repository paths holding Terraform files (starter-kit and team-kit modules), in the native syntax (`*.tf`) or the JSON syntax (`*.tf.json`). A path matching both this and `kubernetes` is Terraform when its name ends in `.tf` or `.tf.json`.",
      default: ["**/*.tf", "**/*.tf.json"],
      itemName: "a glob pattern",
      check: checkGlob,
      itemSchema: globItem,
      examples: [["terraform/**/*.tf", "terraform/**/*.tf.json"]],
    }),
    ignore: stringListField({
      description:
        "Glob patterns of paths never read, even when they match kubernetes or terraform. A pattern matching a directory ignores everything under it.",
      default: [],
      itemName: "a glob pattern",
      check: checkGlob,
      itemSchema: globItem,
      examples: [["kubernetes/vendor", "**/testdata/**", "**/package*.json"]],
    }),
    starterKit: objectField({
      description: "How to recognise a starter-kit module (one service: its namespace and its network policies).",
      properties: {
        source: stringField({
          description:
            "Glob pattern matched, case-insensitively, against a module's `source`, its query-less form, and each of their suffixes after a `/`. A module that matches neither kit but has a `network.security` input is an `unmodelled-traffic-filter` error: what it allows is not judged.",
          default: "microservice-{service,starter}-kit{,.git,.zip,.tgz,.tar.gz}{,/**}",
          check: checkGlob,
          schema: globItem,
          examples: ["registry.acme.io/*/service-kit/**"],
        }),
      },
    }),
    teamKit: objectField({
      description: "How to recognise a team-kit module (one team: its namespace and its company).",
      properties: {
        source: stringField({
          description: "Glob pattern matched against a module's `source`, like starterKit.source.",
          default: "microservice-team-kit{,.git,.zip,.tgz,.tar.gz}{,/**}",
          check: checkGlob,
          schema: globItem,
          examples: ["registry.acme.io/*/team-kit/**"],
        }),
      },
    }),
    sharedNamespaces: stringListField({
      description:
        "Namespaces every company may reach (cluster services such as DNS). Traffic to them crosses no company boundary.",
      default: ["kube-system"],
      itemName: "a namespace name",
      check: checkNamespaceName,
      itemSchema: { minLength: 1, maxLength: 63, pattern: NAMESPACE_NAME_PATTERN },
      examples: [["kube-system", "monitoring", "ingress-nginx"]],
    }),
    hncExcludedNamespaces: stringListField({
      description:
        "Namespaces HNC excludes (its --excluded-namespace flags): they carry neither HNC's tree labels nor hnc.x-k8s.io/included-namespace. Every other namespace carries both.",
      default: DEFAULT_HNC_EXCLUDED,
      itemName: "a namespace name",
      check: checkNamespaceName,
      itemSchema: { minLength: 1, maxLength: 63, pattern: NAMESPACE_NAME_PATTERN },
      examples: [["kube-system", "kube-public", "kube-node-lease", "hnc-system", "cert-manager"]],
    }),
    clusterCIDRs: stringListField({
      description:
        "CIDRs of the pod and service networks. An ipBlock overlapping one of them may reach pods of any namespace.",
      default: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"],
      itemName: "a CIDR",
      check: checkCidr,
      itemSchema: { pattern: CIDR_PATTERN },
      examples: [["10.0.0.0/8", "fd00:10::/32"]],
    }),
    platform: objectField({
      description: "The platform team, which decides traffic between companies.",
      properties: {
        team: stringField({
          description: "Slug of the GitHub team asked to review changes that cross a company boundary.",
          default: "platform",
          check: checkTeamSlug,
          schema: { minLength: 1, maxLength: 100, pattern: TEAM_SLUG_PATTERN },
          examples: ["platform-network"],
        }),
        approvals: integerField({
          description: "Approvals from members of the platform team needed to accept such a change.",
          default: 1,
          minimum: 1,
          maximum: 100,
          examples: [2],
        }),
      },
    }),
    protectedBranches: stringListField({
      description:
        "Branch names or glob patterns whose pull requests publish their verdict under checkName (the required check). The repository's default branch is always one of them. A pull request into any other branch gets its verdict under `checkName (into BRANCH)`. Read from the default branch's config only.",
      default: [],
      itemName: "a glob pattern",
      check: checkGlob,
      itemSchema: globItem,
      examples: [["release/*", "stable"]],
    }),
    limits: objectField({
      description: "What judging one change may cost, so that no pull request can stall the app.",
      properties: {
        judgeSeconds: integerField({
          description:
            "Seconds one judgement may take (parsing, modelling and judging, in a worker thread, stopped past it). Over the budget, the check fails saying what was being done and what each file cost.",
          default: 60,
          minimum: 1,
          maximum: 600,
          examples: [120],
        }),
      },
    }),
    observedFlows: objectField({
      description:
        "Traffic the cluster really carries (Hubble flows), to tell a change which observed traffic it breaks and where the repository and the cluster disagree. See docs/observed-flows.md.",
      properties: {
        path: stringField({
          description:
            "Repository path of a flow summary (`netpol-guard flows summarize`) or of raw `hubble observe --output json` lines, read from the base branch like this file; empty: no observed flows. The file is never read as a manifest.",
          default: "",
          check: checkRepositoryPath,
          schema: { maxLength: 1024, pattern: REPOSITORY_PATH_PATTERN },
          examples: ["observability/flows.json"],
        }),
        breaking: stringField({
          description: "Severity of `breaks-observed-flow`: `warning` lists the broken traffic, `error` also fails the change.",
          default: "warning",
          check: (value) => (value === "warning" || value === "error" ? null : "must be warning or error"),
          schema: { enum: ["warning", "error"] },
          examples: ["error"],
        }),
      },
    }),
    boundary: objectField({
      description: "The runtime company boundary that `netpol-guard boundary` generates: one Admin-tier ClusterNetworkPolicy per company.",
      properties: {
        priority: integerField({
          description:
            "The lowest priority given to the generated ClusterNetworkPolicies. Each company gets its own priority from here up (at most 100 apart), derived from its name so that it does not change when companies come or go.",
          default: 100,
          minimum: 0,
          maximum: 900,
          examples: [500],
        }),
      },
    }),
    checkName: stringField({
      description: "Name of the check run netpol-guard publishes (the required status check).",
      default: "netpol-guard",
      check: checkCheckName,
      schema: { minLength: 1, maxLength: 100, pattern: NOT_BLANK_PATTERN },
      examples: ["netpol-guard / network policies"],
    }),
  },
});

/** The configuration, every key filled in. */
export type NetpolGuardConfig = Infer<typeof configSchema>;

/** A fresh copy of the defaults, safe to modify. */
export function defaultConfig(): NetpolGuardConfig {
  return configSchema.defaultValue();
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The defaults, frozen. Use {@link defaultConfig} for a copy to modify. */
export const DEFAULT_CONFIG: NetpolGuardConfig = deepFreeze(defaultConfig());

/** The published JSON Schema of the config file (docs/config.schema.json). */
export const configJsonSchema: JsonSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "netpol-guard configuration (.github/netpol-guard.yml)",
  ...configSchema.jsonSchema(),
};

/**
 * Reads the root node of a parsed config document. Every problem is pushed to `ctx.problems`; a wrong key
 * keeps its default while the others keep their configured values.
 */
export function readConfigNode(node: unknown, ctx: ReadContext): NetpolGuardConfig {
  const start = { file: ctx.file, line: 1, endLine: 1 };
  return configSchema.read(node, { path: "", keyLocation: start }, ctx) ?? defaultConfig();
}

// ---------------------------------------------------------------------------------------------------------
// Reading YAML nodes

interface Resolved {
  node: unknown;
  location: SourceLocation;
  /** The site for what is inside the node, `forced` set when the node came through an alias. */
  site: Site;
}

/** Follows an alias and works out where problems about the node are to be reported. */
function resolve(node: unknown, site: Site, ctx: ReadContext): Resolved {
  if (isAlias(node)) {
    const location = site.forced ?? locationOf(node.range, ctx) ?? site.keyLocation;
    const target = ctx.resolveAlias(node);
    return { node: target ?? null, location, site: { ...site, forced: location } };
  }
  const range = typeof node === "object" && node !== null && "range" in node ? (node as { range?: unknown }).range : undefined;
  const location = site.forced ?? locationOf(range, ctx) ?? site.keyLocation;
  return { node, location, site };
}

interface ScalarRead {
  /** The scalar's value, or undefined when the node is not a plain, standard-tagged scalar. */
  value: unknown;
  describe: string;
  location: SourceLocation;
}

const STANDARD_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "seq", "map"].map((name) => `tag:yaml.org,2002:${name}`),
);

function readScalar(node: unknown, site: Site, ctx: ReadContext): ScalarRead {
  const resolved = resolve(node, site, ctx);
  const described = describe(resolved.node);
  if (!isScalar(resolved.node) || described.startsWith("a value tagged")) {
    return { value: undefined, describe: described, location: resolved.location };
  }
  return { value: resolved.node.value, describe: described, location: resolved.location };
}

/** Says what a node is, for messages. Values with a custom tag (`!foo`) are refused, whatever they hold. */
function describe(node: unknown): string {
  const tag = typeof node === "object" && node !== null && "tag" in node ? (node as { tag?: unknown }).tag : undefined;
  if (typeof tag === "string" && !STANDARD_TAGS.has(tag)) {
    return `a value tagged ${tag.replace(/^tag:yaml\.org,2002:/, "!!")}`;
  }
  if (node === null || node === undefined) return "nothing";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return "null";
    if (typeof value === "string") return `the string ${JSON.stringify(truncate(value))}`;
    if (typeof value === "number") return `the number ${value}`;
    if (typeof value === "boolean") return `the boolean ${value}`;
    return "a value that is not text";
  }
  return "an unsupported value";
}

function locationOf(range: unknown, ctx: ReadContext): SourceLocation | null {
  if (!Array.isArray(range) || typeof range[0] !== "number" || typeof range[1] !== "number") return null;
  const start = range[0];
  // range[1] is just past the value; a block value ends with its newline, which belongs to its last line.
  const end = Math.max(start, range[1] - 1);
  return { file: ctx.file, line: ctx.lineCounter.linePos(start).line, endLine: ctx.lineCounter.linePos(end).line };
}

function problem(ctx: ReadContext, location: SourceLocation, message: string): Problem {
  return {
    rule: "config-invalid",
    severity: "error",
    location,
    message,
  };
}

/** Reports a value that falls back to its default, saying which default is used instead. */
function report(ctx: ReadContext, location: SourceLocation, message: string, fallback: string): void {
  ctx.problems.push(problem(ctx, location, `${message}; using ${fallback} instead`));
}

function plural(itemName: string): string {
  return `${itemName.replace(/^an? /, "")}s`;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A known key written differently (`check_name`, `checkname`) or with a small typo. */
function suggestKey(key: string, known: readonly string[]): string | null {
  const squash = (s: string) => s.toLowerCase().replace(/[-_\s]/g, "");
  const same = known.find((k) => squash(k) === squash(key));
  if (same !== undefined) return same;
  let best: string | null = null;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(squash(k), squash(key));
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64 || b.length > 64) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? Infinity;
}

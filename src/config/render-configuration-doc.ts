import { stringify } from "yaml";
import type { JsonSchema } from "./schema.js";
import { CIDR_PATTERN, GLOB_PATTERN, NAMESPACE_NAME_PATTERN, NOT_BLANK_PATTERN, REPOSITORY_PATH_PATTERN, TEAM_SLUG_PATTERN } from "./value-checks.js";

/** One key of the config, found by walking the schema: its dotted path and its schema. */
interface Key {
  path: string[];
  schema: JsonSchema;
  /** The descriptions of the objects it is in, outermost first. */
  context: string[];
}

/**
 * docs/configuration.md, written from the published JSON Schema of the config (docs/config.schema.json) so
 * that the two cannot drift: every key with its type, default, what it changes and an example.
 * scripts/write-config-schema.ts writes it; test/unit/config/schema.test.ts fails when it is out of date.
 */
export function renderConfigurationDoc(schema: JsonSchema): string {
  const keys = leafKeys(schema, []);
  const out: string[] = [
    "# Configuration",
    "",
    "<!-- Written by scripts/write-config-schema.ts from src/config/schema.ts: do not edit by hand. -->",
    "",
    String(schema.description),
    "",
    "Every key is optional: a key left out keeps its default. A wrong key or value is a `config-invalid` finding",
    "at its line, and that key keeps its default while the others keep their values.",
    "The JSON Schema of the file is [config.schema.json](config.schema.json).",
    "",
    "| key | type | default |",
    "| --- | --- | --- |",
    ...keys.map((k) => `| [\`${k.path.join(".")}\`](#${anchor(k.path)}) | ${typeOf(k.schema)} | ${inline(k.schema.default)} |`),
    "",
  ];
  for (const key of keys) {
    out.push(`## \`${key.path.join(".")}\``, "", [...key.context, String(key.schema.description)].join(" "), "");
    out.push(`Type: ${typeOf(key.schema)}${constraints(key.schema)}.`, "");
    out.push("Default:", "", ...yamlBlock(key.path, key.schema.default), "");
    const examples = Array.isArray(key.schema.examples) ? key.schema.examples : [];
    for (const example of examples) out.push("Example:", "", ...yamlBlock(key.path, example), "");
  }
  out.push("## Every key with its default", "", "```yaml", stringify(defaultsOf(schema)).trimEnd(), "```", "");
  return out.join("\n");
}

/** The keys that hold values (the properties of nested objects, not the objects), in schema order. */
function leafKeys(schema: JsonSchema, path: string[], context: string[] = []): Key[] {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (schema.type !== "object" || !properties) return [{ path, schema, context }];
  const inner = path.length === 0 ? context : [...context, String(schema.description)];
  return Object.entries(properties).flatMap(([name, property]) => leafKeys(property, [...path, name], inner));
}

function defaultsOf(schema: JsonSchema): unknown {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (schema.type !== "object" || !properties) return schema.default;
  return Object.fromEntries(Object.entries(properties).map(([name, inner]) => [name, defaultsOf(inner)]));
}

function typeOf(schema: JsonSchema): string {
  if (schema.type === "array") return `list of ${typeOf((schema.items ?? {}) as JsonSchema)}s`;
  if (schema.type === "integer") return "whole number";
  return String(schema.type);
}

/**
 * Every pattern of the schema, said in words: a regular expression is hard to read, and one like a DNS
 * label's (`[a-z0-9]...*`) also reads as a glob of the repository's root to anything that resolves the
 * paths a page names. A pattern without words here is refused when the page is written.
 */
const PATTERNS_IN_WORDS = new Map([
  [GLOB_PATTERN, "not starting with `!`"],
  [NAMESPACE_NAME_PATTERN, "a namespace name (lowercase letters, digits and `-`, starting and ending with a letter or digit)"],
  [TEAM_SLUG_PATTERN, "a team slug (letters, digits, `_`, `.` and `-`, starting with a letter or digit)"],
  [CIDR_PATTERN, "a CIDR (an IPv4 or IPv6 address, `/` and a prefix length)"],
  [NOT_BLANK_PATTERN, "not blank"],
  [REPOSITORY_PATH_PATTERN, "one file's path relative to the repository root (no leading slash, no `.` or `..` segment, no doubled slash, no glob character)"],
]);

function patternInWords(pattern: string): string {
  const words = PATTERNS_IN_WORDS.get(pattern);
  if (words === undefined) throw new Error(`the schema's pattern ${JSON.stringify(pattern)} has no words in render-configuration-doc.ts`);
  return words;
}

/** The limits a value must keep, in words. */
function constraints(schema: JsonSchema): string {
  const parts: string[] = [];
  if (typeof schema.minimum === "number" && typeof schema.maximum === "number") parts.push(`from ${schema.minimum} to ${schema.maximum}`);
  const item = (schema.type === "array" ? schema.items : schema) as JsonSchema | undefined;
  if (item && typeof item.maxLength === "number") parts.push(`${schema.type === "array" ? "each " : ""}at most ${item.maxLength} characters`);
  if (item && typeof item.pattern === "string") parts.push(patternInWords(item.pattern));
  return parts.length > 0 ? `, ${parts.join(", ")}` : "";
}

/** A value at its place in the file, as a YAML block. */
function yamlBlock(path: string[], value: unknown): string[] {
  let nested: unknown = value;
  for (const name of [...path].reverse()) nested = { [name]: nested };
  return ["```yaml", stringify(nested).trimEnd(), "```"];
}

function inline(value: unknown): string {
  const text = JSON.stringify(value).replaceAll("|", "\\|");
  return `\`${text}\``;
}

/** GitHub's anchor for a heading that is the code span of a dotted key. */
function anchor(path: string[]): string {
  return path.join("").toLowerCase();
}

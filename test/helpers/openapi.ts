/**
 * Checks a request the app sends against GitHub's OpenAPI description: the path and method exist, the
 * query parameters are declared, and the JSON body matches the request body schema. The description is
 * the trimmed one (test/fixtures/github/openapi.json, see scripts/trim-github-descriptions.ts): every path
 * and method of GitHub's, the parameters and bodies of the operations src/ calls. It is loaded once per
 * test file (a module is evaluated once per file) and each schema compiled on first use.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import ajvFormats from "ajv-formats";
import { checkTextLimits } from "./github-text-limits.js";
import { TRIMMED_OPENAPI } from "./trimmed-github-files.js";

interface Operation {
  parameters?: ({ $ref: string } | { name: string; in: string })[];
  requestBody?: { content?: Record<string, unknown> };
  /** An operation src/ does not call: the trimmed description keeps only that it exists. */
  "x-trimmed"?: true;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, { name: string; in: string }> };
}

let loaded: { spec: Spec; ajv: Ajv; templates: { template: string; pattern: RegExp; literals: number }[] } | null = null;
const validators = new Map<string, ValidateFunction>();

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const spec = JSON.parse(readFileSync(TRIMMED_OPENAPI, "utf8")) as Spec;
  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
  ajvFormats.default(ajv);
  ajv.addSchema(spec, "gh");
  const templates = Object.keys(spec.paths).map((template) => {
    const segments = template.split("/");
    const source = segments.map((s) => (s.startsWith("{") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/");
    return { template, pattern: new RegExp(`^${source}$`), literals: segments.filter((s) => !s.startsWith("{")).length };
  });
  loaded = { spec, ajv, templates };
  return loaded;
}

/** The OpenAPI path template of a concrete path, the most specific one when several match. */
export function findTemplate(path: string): string | null {
  const matches = load().templates.filter((t) => t.pattern.test(path));
  matches.sort((a, b) => b.literals - a.literals);
  return matches[0]?.template ?? null;
}

function pointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** What is wrong with a request, as sentences; empty when it matches GitHub's description. */
export function checkRequest(method: string, url: URL, body: unknown): string[] {
  const { spec, ajv } = load();
  const verb = method.toLowerCase();
  const template = findTemplate(url.pathname);
  if (template === null) return [`${method} ${url.pathname}: no such path in GitHub's REST API`];
  const operation = spec.paths[template]![verb];
  if (!operation) return [`${method} ${template}: no such method on this path`];
  if (operation["x-trimmed"]) return [`${method} ${template}: not called in src/, so not in the trimmed description (npx tsx scripts/trim-github-descriptions.ts)`];
  const errors: string[] = checkTextLimits(`${method} ${template}`, body);
  const declared = new Set(
    (operation.parameters ?? [])
      .map((p) => ("$ref" in p ? spec.components.parameters[p.$ref.split("/").pop()!]! : p))
      .filter((p) => p.in === "query")
      .map((p) => p.name),
  );
  for (const name of url.searchParams.keys()) {
    if (!declared.has(name)) errors.push(`${method} ${template}: query parameter ${name} is not declared`);
  }
  const hasBody = body !== undefined && body !== "" && body !== null;
  if (!hasBody) return errors;
  if (!operation.requestBody?.content?.["application/json"]) {
    errors.push(`${method} ${template}: takes no JSON body`);
    return errors;
  }
  const key = `${verb} ${template}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ $ref: `gh#/paths/${pointer(template)}/${verb}/requestBody/content/application~1json/schema` });
    validators.set(key, validate);
  }
  if (!validate(body)) {
    for (const e of validate.errors ?? []) errors.push(`${method} ${template}: body${e.instancePath} ${e.message ?? "is invalid"} ${JSON.stringify(e.params)}`);
  }
  return errors;
}

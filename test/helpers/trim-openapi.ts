/**
 * GitHub's OpenAPI description cut down to what test/helpers/openapi.ts checks requests against: every
 * path template and its methods (so that a concrete path resolves to the same template as in the full
 * description), but the parameters and request body only of the operations the app sends, and only the
 * components those reach. The 13 MB description becomes a few kilobytes that load in milliseconds.
 */

export interface OpenApiOperation {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  /** Set on the operations left out: a request to one is reported, not checked. */
  "x-trimmed"?: true;
}

export interface OpenApiDescription {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Record<string, Record<string, unknown>>;
}

/**
 * `calls`: `rest.NS.METHOD` (Octokit's name for the operation `NS/kebab-method`) or `METHOD /template`.
 * Returns the trimmed description, and the calls that name no operation of the description.
 */
export function trimOpenApi(full: OpenApiDescription, calls: Iterable<string>): { description: OpenApiDescription; unknown: string[] } {
  const wanted = new Set<string>();
  const unknown: string[] = [];
  const byId = new Map<string, string>();
  for (const [template, methods] of Object.entries(full.paths)) {
    for (const [method, operation] of Object.entries(methods)) if (operation.operationId) byId.set(operation.operationId, `${method} ${template}`);
  }
  for (const call of calls) {
    const rest = /^rest\.(\w+)\.(\w+)$/.exec(call);
    const route = /^([A-Z]+) (\/\S*)$/.exec(call);
    const key = rest ? byId.get(`${rest[1]}/${rest[2]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`) : route ? `${route[1]!.toLowerCase()} ${route[2]}` : undefined;
    const [method, template] = key?.split(" ") ?? [];
    if (method && template && full.paths[template]?.[method]) wanted.add(key!);
    else unknown.push(call);
  }

  const paths: OpenApiDescription["paths"] = {};
  const kept: unknown[] = [];
  for (const template of Object.keys(full.paths).sort()) {
    paths[template] = {};
    for (const method of Object.keys(full.paths[template]!).sort()) {
      const operation = full.paths[template]![method]!;
      if (!wanted.has(`${method} ${template}`)) {
        paths[template]![method] = { "x-trimmed": true };
        continue;
      }
      const slim: OpenApiOperation = { operationId: operation.operationId! };
      if (operation.parameters) slim.parameters = operation.parameters;
      if (operation.requestBody) slim.requestBody = operation.requestBody;
      paths[template]![method] = slim;
      kept.push(slim);
    }
  }
  return { description: { paths, components: reachedComponents(full, kept) }, unknown };
}

/** The components `roots` reach through `$ref`s, transitively, in the description's order. */
function reachedComponents(full: OpenApiDescription, roots: unknown[]): OpenApiDescription["components"] {
  const reached = new Set<string>();
  const pending = [...roots];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) pending.push(...value);
    else if (value !== null && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        if (key === "$ref" && typeof inner === "string" && inner.startsWith("#/components/") && !reached.has(inner)) {
          reached.add(inner);
          const [, , kind, name] = inner.split("/");
          pending.push(full.components[kind!]?.[name!]);
        } else pending.push(inner);
      }
    }
  }
  const components: OpenApiDescription["components"] = {};
  for (const [kind, entries] of Object.entries(full.components)) {
    for (const [name, component] of Object.entries(entries)) {
      if (!reached.has(`#/components/${kind}/${name}`)) continue;
      (components[kind] ??= {})[name] = component;
    }
  }
  return components;
}

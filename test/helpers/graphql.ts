/**
 * Checks a GraphQL request the app sends against GitHub's GraphQL schema (@octokit/graphql-schema, trimmed
 * to what the app selects: see github-graphql-schema.ts): the document validates, the variables are
 * exactly the ones it declares, and their values have the declared types (input objects field by field,
 * as GitHub coerces them).
 */
import { getVariableValues, parse, validate, type DocumentNode, type OperationDefinitionNode } from "graphql";
import { githubGraphqlSchema } from "./github-graphql-schema.js";
import { checkTextLimits } from "./github-text-limits.js";

/** GraphQL's validation of `query`, or its syntax error. */
function validateQuery(query: string): { document: DocumentNode | null; errors: string[] } {
  try {
    const document = parse(query);
    return { document, errors: validate(githubGraphqlSchema(), document).map((e) => e.message) };
  } catch (error) {
    return { document: null, errors: [error instanceof Error ? error.message : String(error)] };
  }
}

/** What is wrong with the variables' values against the types the document declares (input objects too). */
function checkVariableValues(document: DocumentNode, variables: Record<string, unknown>): string[] {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  if (!operation) return [];
  const coerced = getVariableValues(githubGraphqlSchema(), operation.variableDefinitions ?? [], variables);
  return (coerced.errors ?? []).map((e) => `POST /graphql: ${e.message}`);
}

/** What is wrong with a GraphQL request body, as sentences; empty when GitHub would accept it. */
export function checkGraphqlRequest(body: unknown): string[] {
  const { query, variables = {} } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  if (typeof query !== "string") return ["POST /graphql: no query"];
  const validated = validateQuery(query);
  const errors = validated.errors.map((e) => `POST /graphql: ${e}`);
  if (validated.document && errors.length === 0) errors.push(...checkVariableValues(validated.document, variables), ...checkTextLimits("POST /graphql", variables));
  const declared = new Set([...query.matchAll(/\$(\w+)\s*:/g)].map((m) => m[1]!));
  for (const name of declared) if (!(name in variables)) errors.push(`POST /graphql: variable $${name} declared but not sent`);
  for (const name of Object.keys(variables)) if (!declared.has(name)) errors.push(`POST /graphql: variable ${name} sent but not declared`);
  return errors;
}

/** The operation name of a query, e.g. `netpolGuardBlobs`. */
export function operationName(body: unknown): string {
  const query = (body as { query?: string } | null)?.query ?? "";
  return /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "anonymous";
}

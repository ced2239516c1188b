/**
 * What the code in src/ calls on GitHub, read from its text: Octokit REST methods (`octokit.rest.NS.METHOD`),
 * `octokit.request` routes, and GraphQL operation names. The least-privilege test holds app.yml to it, and
 * the trimmed descriptions of GitHub's API (scripts/trim-github-descriptions.ts) keep what it names.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface GitHubCalls {
  /** `rest.NS.METHOD`, or a route such as `GET /repos/{owner}/{repo}/tarball/{ref}`. */
  rest: Set<string>;
  /** GraphQL operation names, e.g. `netpolGuardBlobs`. */
  operations: Set<string>;
  /** Files that call GraphQL without a named operation (each must name it). */
  graphqlFilesWithoutOperation: string[];
}

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

export function collectGitHubCalls(): GitHubCalls {
  const calls: GitHubCalls = { rest: new Set(), operations: new Set(), graphqlFilesWithoutOperation: [] };
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\.rest\.([a-zA-Z]+)\.([a-zA-Z]+)/g)) calls.rest.add(`rest.${m[1]}.${m[2]}`);
    for (const m of text.matchAll(/\.request\(\s*["'`]([A-Z]+ [^"'`]+)["'`]/g)) calls.rest.add(m[1]!);
    // A route the text does not show cannot be checked: it stands in the set as a call no table knows.
    if (/\.request\(\s*[^"'`\s]/.test(text)) calls.rest.add(`${file}: octokit.request with a route that is not a literal`);
    const named = [...text.matchAll(/\b(?:query|mutation)\s+(netpolGuard\w+)/g)].map((m) => m[1]!);
    for (const name of named) calls.operations.add(name);
    if (/\.graphql\s*(<|\()/.test(text) && named.length === 0) calls.graphqlFilesWithoutOperation.push(file);
  }
  return calls;
}

/**
 * Least privilege: app.yml must grant exactly what the code needs, no more. Every GitHub call in src/ (Octokit
 * REST methods, `octokit.request` routes, GraphQL documents field by field) and every event the app listens
 * to is collected from the code itself, and each must have an entry in the tables below saying which
 * permission it needs. A new call without an entry fails; an entry nothing uses fails; a permission in
 * app.yml that no call or event needs fails, as does one that is missing or too weak.
 *
 * Where GitHub accepts either of two permissions (labels and comments on a pull request: Issues or Pull
 * requests), the table names the one app.yml grants for it, with the reason.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Kind, parse, visit, type FieldNode } from "graphql";
import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { publishMutation } from "../../src/github/publish-pull-request.js";
import { contextQuery } from "../../src/github/read-pull-request-context.js";
import netpolGuard from "../../src/index.js";
import { blobQuery } from "../../src/github/read-github-snapshot.js";

type Access = "read" | "write";
interface Need {
  permission: string;
  access: Access;
}
const read = (permission: string): Need => ({ permission, access: "read" });
const write = (permission: string): Need => ({ permission, access: "write" });

/** Octokit REST methods (`octokit.rest.NS.METHOD`) and `octokit.request` routes, with what GitHub requires. */
const REST: Record<string, Need> = {
  "rest.checks.create": write("checks"),
  "rest.checks.update": write("checks"),
  "rest.checks.listForRef": read("checks"),
  "rest.checks.listForSuite": read("checks"),
  "rest.git.getTree": read("contents"),
  "rest.git.getBlob": read("contents"),
  "GET /repos/{owner}/{repo}/tarball/{ref}": read("contents"),
  "rest.pulls.get": read("pull_requests"),
  "rest.pulls.listReviews": read("pull_requests"),
  "rest.pulls.createReview": write("pull_requests"),
  "rest.pulls.requestReviewers": write("pull_requests"),
  // Labels: Issues or Pull requests write; Issues, because adding a label the repository lacks creates it.
  "rest.issues.addLabels": write("issues"),
  "rest.issues.removeLabel": write("issues"),
  // Comments on a pull request are issue comments: Issues (it also delivers issue_comment, below).
  "rest.issues.listComments": read("issues"),
  "rest.issues.createComment": write("issues"),
  "rest.issues.updateComment": write("issues"),
  "rest.reactions.createForIssueComment": write("issues"),
  "rest.teams.getMembershipForUserInOrg": read("members"),
  "rest.repos.getCollaboratorPermissionLevel": read("metadata"),
  // The open pull requests whose head is a commit (the strictest verdict over all of them).
  "rest.repos.listPullRequestsAssociatedWithCommit": read("pull_requests"),
  // The config on the default branch, for a pull request into another branch.
  "rest.repos.getContent": read("contents"),
  // The open pull requests into a branch that moved (push), to judge them again.
  "rest.pulls.list": read("pull_requests"),
};

/** GraphQL fields that select an object (leaf fields cost nothing more), with what GitHub requires. */
const GRAPHQL_FIELDS: Record<string, Need> = {
  repository: read("metadata"),
  owner: read("metadata"),
  object: read("contents"),
  pullRequest: read("pull_requests"),
  reviews: read("pull_requests"),
  nodes: read("metadata"),
  label: read("issues"),
  team: read("members"),
  addPullRequestReview: write("pull_requests"),
  requestReviews: write("pull_requests"),
  addLabelsToLabelable: write("issues"),
  removeLabelsFromLabelable: write("issues"),
  updateCheckRun: write("checks"),
};

/** Every GraphQL document the app sends, by operation name, with every optional part included. */
const GRAPHQL_DOCUMENTS: Record<string, string> = {
  netpolGuardContext: contextQuery(2, true, true),
  netpolGuardBlobs: blobQuery(2, { team: true, label: true }),
  netpolGuardPublish: publishMutation({ review: true, team: true, label: "add", check: true }) + "\n" + publishMutation({ review: false, team: false, label: "remove" }),
  netpolGuardReviewed: `query netpolGuardReviewed { repository(owner: "o", name: "r") { pullRequest(number: 1) { reviews(last: 100) { nodes { viewerDidAuthor body } } } } }`,
};

/** Webhook events the app handles, with the permission whose events GitHub delivers them under. */
const EVENTS: Record<string, Need> = {
  pull_request: read("pull_requests"),
  pull_request_review: read("pull_requests"),
  issue_comment: read("issues"),
  check_run: read("checks"),
  check_suite: read("checks"),
  merge_group: read("merge_queues"),
  push: read("contents"),
  // Delivered to every app, whatever its permissions and subscriptions.
  installation: read("metadata"),
  installation_repositories: read("metadata"),
};
const ALWAYS_DELIVERED = new Set(["installation", "installation_repositories"]);

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** What the code calls: REST methods and routes, GraphQL operation names, and files that call GraphQL. */
function collectCalls(): { rest: Set<string>; operations: Set<string>; graphqlFilesWithoutOperation: string[] } {
  const rest = new Set<string>();
  const operations = new Set<string>();
  const graphqlFilesWithoutOperation: string[] = [];
  for (const file of sourceFiles(join(ROOT, "src"))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\.rest\.([a-zA-Z]+)\.([a-zA-Z]+)/g)) rest.add(`rest.${m[1]}.${m[2]}`);
    for (const m of text.matchAll(/\.request\(\s*["'`]([A-Z]+ [^"'`]+)["'`]/g)) rest.add(m[1]!);
    if (/\.request\(\s*[^"'`\s]/.test(text)) rest.add(`${file}: octokit.request with a route that is not a literal`);
    const named = [...text.matchAll(/\b(?:query|mutation)\s+(netpolGuard\w+)/g)].map((m) => m[1]!);
    for (const name of named) operations.add(name);
    if (/\.graphql\s*(<|\()/.test(text) && named.length === 0) graphqlFilesWithoutOperation.push(file);
  }
  return { rest, operations, graphqlFilesWithoutOperation };
}

/** The fields of a document that select an object (the ones that need a permission). */
function objectFields(document: string): Set<string> {
  const fields = new Set<string>();
  visit(parse(document), {
    Field(node: FieldNode) {
      if (node.selectionSet && node.selectionSet.selections.some((s) => s.kind === Kind.FIELD || s.kind === Kind.INLINE_FRAGMENT)) fields.add(node.name.value);
    },
  });
  return fields;
}

/** The events the app registers handlers for (without the action). */
function handledEvents(): Set<string> {
  const events = new Set<string>();
  const app = { on: (names: string | string[]) => [names].flat().forEach((n) => events.add(n.split(".")[0]!)) };
  netpolGuard(app as unknown as Probot);
  return events;
}

const manifest = parseYaml(readFileSync(join(ROOT, "app.yml"), "utf8")) as { default_permissions: Record<string, Access>; default_events: string[] };

describe("app.yml grants least privilege", () => {
  const calls = collectCalls();

  it("every REST call in src/ has an entry, and every entry is called", () => {
    expect([...calls.rest].filter((c) => !(c in REST)), "calls without an entry").toEqual([]);
    expect(Object.keys(REST).filter((c) => !calls.rest.has(c)), "entries nothing calls").toEqual([]);
  });

  it("every GraphQL operation in src/ has its document here, and every field that selects an object has an entry", () => {
    expect(calls.graphqlFilesWithoutOperation, "files that call GraphQL without a named operation").toEqual([]);
    expect([...calls.operations].sort()).toEqual(Object.keys(GRAPHQL_DOCUMENTS).sort());
    const used = new Set(Object.values(GRAPHQL_DOCUMENTS).flatMap((d) => [...objectFields(d)]));
    expect([...used].filter((f) => !(f in GRAPHQL_FIELDS)), "fields without an entry").toEqual([]);
    expect(Object.keys(GRAPHQL_FIELDS).filter((f) => !used.has(f)), "entries no document selects").toEqual([]);
  });

  it("subscribes to exactly the events the app handles", () => {
    const handled = handledEvents();
    expect([...handled].filter((e) => !(e in EVENTS)), "events without an entry").toEqual([]);
    expect([...manifest.default_events].sort()).toEqual([...handled].filter((e) => !ALWAYS_DELIVERED.has(e)).sort());
  });

  it("grants exactly the permissions the calls and events need, at the access they need", () => {
    const needed: Record<string, Access> = {};
    const needs = [
      ...[...calls.rest].map((c) => REST[c]!),
      ...Object.values(GRAPHQL_DOCUMENTS).flatMap((d) => [...objectFields(d)].map((f) => GRAPHQL_FIELDS[f]!)),
      ...[...handledEvents()].map((e) => EVENTS[e]!),
    ];
    for (const { permission, access } of needs) if (needed[permission] !== "write") needed[permission] = access;
    expect(manifest.default_permissions).toEqual(needed);
  });
});

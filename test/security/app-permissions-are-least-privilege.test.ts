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
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Kind, parse, visit, type FieldNode } from "graphql";
import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import netpolGuard from "../../src/index.js";
import { collectGitHubCalls } from "../helpers/collect-github-calls.js";
import { GRAPHQL_DOCUMENTS } from "../helpers/graphql-documents.js";

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
  "rest.repos.compareCommitsWithBasehead": read("contents"),
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
  const calls = collectGitHubCalls();

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

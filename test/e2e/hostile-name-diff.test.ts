/**
 * A namespace name built to inject (a line break, a backtick fence, an `@org/team` mention, an `<img>` tag, a
 * link, Mermaid syntax), given as the namespace of a ConfigMap, which netpol-guard does not judge, then
 * `/netpol diff` on the pull request: over real HTTP against the stand-in, the reply carries nothing live.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../helpers/fake-github.js";
import { issueCommentDelivery } from "../helpers/e2e-payloads.js";
import { captureLog, deliver, generateAppKey, waitFor, type RunningApp } from "../helpers/e2e-server.js";
import { startE2eWorld, type E2eWorld } from "../helpers/e2e-world.js";
import { BASE, CLEAN_HEAD, withChanges } from "../helpers/infra-repo.js";
import { liveParts } from "../helpers/rendered-markdown.js";

const SECRET = `e2e-webhook-secret-${process.pid}-hostile-name`;
const NAME = 'x\n```\n@acme/platform <img src=x onerror=alert(1)> [x](https://e.vil) "] --> n0\n```';
const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: ${JSON.stringify(NAME)}
data:
  mode: strict
`;

let world: E2eWorld | undefined;
let gh: FakeGitHub;
let app: RunningApp;

beforeAll(async () => {
  world = await startE2eWorld({
    commits: [
      { name: "base", files: BASE },
      // A change with a real edge (service-1 to service-3), so that the reply has a table and a graph.
      { name: "hostile", files: withChanges(CLEAN_HEAD, { "kubernetes/apps/settings.yaml": CONFIG_MAP }), parent: "base" },
    ],
    key: generateAppKey(),
    secret: SECRET,
    log: captureLog().log,
  });
  ({ gh, app } = world);
});

afterAll(async () => {
  await world?.close();
});

describe("a hostile namespace name and /netpol diff", () => {
  it("gets a reply with nothing live in it, and the name is not drawn", async () => {
    const pull = gh.openPull(21, world!.commits.base!, world!.commits.hostile!, { user: "dev-1" });
    const command = gh.addComment(21, "dev-2", "/netpol diff");

    const answer = await deliver(app.webhookUrl, SECRET, issueCommentDelivery(pull, command));
    expect([200, 202]).toContain(answer.status);
    await waitFor(gh, () => gh.comments.some((c) => c.byApp && c.issue === 21), "the reply to /netpol diff");

    const reply = gh.comments.find((c) => c.byApp && c.issue === 21)!.body;
    expect(reply).toContain("```mermaid");
    expect(reply).toContain('["service-1"]');
    expect(liveParts(reply)).toEqual([]);
    // The name is no namespace: it is neither in the table nor in the graph.
    expect(reply).not.toContain("acme");
    expect(reply).not.toContain("img");
    expect(gh.invariantProblems()).toEqual([]);
    expect(gh.problems).toEqual([]);
  });
});

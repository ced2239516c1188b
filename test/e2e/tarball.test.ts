/**
 * A large repository read from its tarball, over real HTTP against the stand-in, whose archives are made by
 * `git archive`: a `.gitattributes` that hides the changed file from archives (`export-ignore`) or
 * rewrites one (`export-subst`) must not change what is judged. The tarball request is redirected to the
 * archive host, which is not the API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pullRequestDelivery } from "../helpers/e2e-payloads.js";
import { captureLog, deliver, generateAppKey, waitFor } from "../helpers/e2e-server.js";
import { startE2eWorld, type E2eWorld } from "../helpers/e2e-world.js";
import { BASE, CROSS_VC_HEAD } from "../helpers/infra-repo.js";

const SECRET = `e2e-tarball-secret-${process.pid}`;
const key = generateAppKey();
const capture = captureLog();
const HIDDEN = "terraform/services/company-x/team-a.tf";
const SUBST = "kubernetes/bulk/config-005.yaml";

/** More watched files than one GraphQL query holds, one of them rewritten in archives. */
const BULK: Record<string, string> = Object.fromEntries(
  Array.from({ length: 300 }, (_, i) => {
    const path = `kubernetes/bulk/config-${String(i).padStart(3, "0")}.yaml`;
    const note = path === SUBST ? "# built from $Format:%H$\n" : "";
    return [path, `${note}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-${i}\n  namespace: service-1\n`];
  }),
);
const ATTRIBUTES = `${HIDDEN} export-ignore\n${SUBST} export-subst\n`;

let world: E2eWorld | undefined;

beforeAll(async () => {
  world = await startE2eWorld({
    commits: [
      { name: "base", files: { ...BASE, ...BULK, ".gitattributes": ATTRIBUTES } },
      { name: "cross", files: { ...CROSS_VC_HEAD, ...BULK, ".gitattributes": ATTRIBUTES }, parent: "base" },
    ],
    key,
    secret: SECRET,
    log: capture.log,
  });
});

afterAll(async () => {
  await world?.close();
});

describe("a large repository, cold", () => {
  it("judges the file its archives leave out, and never the archive's rewrite of another", async () => {
    const { gh, git, app, commits } = world!;
    const pull = gh.openPull(7, commits.base!, commits.cross!);
    const answer = await deliver(app.webhookUrl, SECRET, pullRequestDelivery("opened", pull));
    expect([200, 202]).toContain(answer.status);
    await waitFor(gh, () => gh.checksOn(pull.head).some((r) => r.status === "completed"), "the check run on #7 is completed");

    expect(gh.archiveDownloads).toEqual([pull.head]);
    const [run] = gh.checksOn(pull.head);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(run!.annotations).toEqual([expect.objectContaining({ path: HIDDEN, start_line: 11, annotation_level: "failure" })]);
    // The hidden file (with the configs: the change touches it) and the rewritten one (by the file query)
    // were read by GraphQL, by the tree's blob SHAs.
    const oids = gh.requests
      .filter((r) => r.operation === "netpolGuardBlobs" || r.operation === "netpolGuardContext")
      .flatMap((r) => Object.entries((r.body as { variables: Record<string, string> }).variables).filter(([k]) => /^o\d+$/.test(k)).map(([, v]) => v));
    expect(oids).toEqual(expect.arrayContaining([git.objectAt(`${pull.head}:${HIDDEN}`)!.sha, git.objectAt(`${pull.head}:${SUBST}`)!.sha]));
    expect(gh.summary().filter((line) => line.includes("tarball"))).toEqual([`GET {repo}/tarball/${pull.head}`]);
    expect(gh.problems).toEqual([]);
    expect(gh.unknown).toEqual([]);
  });
});

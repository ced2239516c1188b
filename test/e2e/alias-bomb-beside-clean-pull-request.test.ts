/**
 * Issue 12, hole 3, end to end over real HTTP: a pull request whose own `.github/netpol-guard.yml` and a
 * manifest are YAML alias bombs (20,000 aliases each, the size that took over a minute to read), delivered
 * at the same time as a clean pull request. Both deliveries are acknowledged with a 200 (not Probot's 202
 * "still working" after 9 s); the clean pull request gets `success`, the bomb a completed `failure` that
 * says where the aliases are.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pullRequestDelivery } from "../helpers/e2e-payloads.js";
import { captureLog, deliver, generateAppKey, waitFor } from "../helpers/e2e-server.js";
import { startE2eWorld, type E2eWorld } from "../helpers/e2e-world.js";
import { BASE, CLEAN_HEAD, CONFIG, withChanges } from "../helpers/infra-repo.js";

const SECRET = `e2e-alias-bomb-secret-${process.pid}`;
const key = generateAppKey();
const capture = captureLog();
const aliases = Array(20_000).fill("*a").join(", ");
const MANIFEST = "kubernetes/services/service-1/bomb.yaml";
const BOMB_HEAD = withChanges(BASE, {
  ".github/netpol-guard.yml": `${CONFIG}\nanchor: &a [service-1, service-2]\nignore: [${aliases}]\n`,
  [MANIFEST]: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n  namespace: service-1\ndata:\n  anchor: &a x\n  bomb: [${aliases}]\n`,
});

let world: E2eWorld | undefined;

beforeAll(async () => {
  world = await startE2eWorld({
    commits: [
      { name: "base", files: BASE },
      { name: "clean", files: CLEAN_HEAD, parent: "base" },
      { name: "bomb", files: BOMB_HEAD, parent: "base" },
    ],
    key,
    secret: SECRET,
    log: capture.log,
  });
});

afterAll(async () => {
  await world?.close();
});

describe("an alias bomb beside a clean pull request", () => {
  it("acknowledges both deliveries, passes the clean one and fails the bomb, saying where", async () => {
    const { gh, app, commits } = world!;
    const bomb = gh.openPull(7, commits.base!, commits.bomb!);
    const clean = gh.openPull(8, commits.base!, commits.clean!);

    const answers = await Promise.all([pullRequestDelivery("opened", bomb), pullRequestDelivery("opened", clean)].map((d) => deliver(app.webhookUrl, SECRET, d)));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await waitFor(gh, () => [bomb.head, clean.head].every((sha) => gh.checksOn(sha).some((r) => r.status === "completed")), "both check runs completed");

    expect(gh.checksOn(clean.head).map((r) => [r.status, r.conclusion])).toEqual([["completed", "success"]]);
    const [run] = gh.checksOn(bomb.head);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    // An annotation at the line of the 101st alias of each file.
    const refused = run!.annotations.filter((a) => String(a.message).includes("more than 100 YAML aliases")).map((a) => [a.path, a.start_line]);
    expect(refused).toEqual(expect.arrayContaining([
      [".github/netpol-guard.yml", 11],
      [MANIFEST, 8],
    ]));
    expect(gh.invariantProblems()).toEqual([]);
  });
});

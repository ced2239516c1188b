import { afterEach, describe, expect, it } from "vitest";
import { createPathFilter, defaultConfig } from "../../../src/config/parse-config.js";
import { GitError, openBlobStream, readGitSnapshot, readLocalConfig } from "../../../src/snapshot/read-local-snapshot.js";
import { gitRefReader } from "../../../src/snapshot/git-ref-reader.js";
import { tempGitRepo, type TempGitRepo } from "../../hostile/hostile-helpers.js";

const filter = createPathFilter(defaultConfig());
let repo: TempGitRepo | null = null;

afterEach(() => {
  repo?.dispose();
  repo = null;
});

describe("readGitSnapshot with the blobs of a ref read before, and its listing", () => {
  it("gives the same files as reading the ref on its own, link and binary blobs included", async () => {
    repo = tempGitRepo();
    const policy = "kubernetes/policies/company-x/default-deny.yaml";
    // A link's blob is its target's path: the same blob as a regular file holding that path as text.
    const target = "../../policies/company-x/default-deny.yaml";
    repo.write({
      [policy]: "kind: NetworkPolicy\nmetadata:\n  name: deny\n",
      "kubernetes/services/a/linked.yaml": `link:${target}`,
      "kubernetes/services/a/binary.yaml": Buffer.from([0x6b, 0x00, 0x01]),
      "terraform/services/a.tf": 'module "a" {\n  source = "x"\n}\n',
    });
    const baseSha = repo.commit("base");
    repo.write({
      "kubernetes/services/b/same-as-link.yaml": target,
      "kubernetes/services/b/copy.yaml": "kind: NetworkPolicy\nmetadata:\n  name: deny\n",
      "kubernetes/services/b/binary.yaml": Buffer.from([0x6b, 0x00, 0x01]),
      "kubernetes/services/b/linked.yaml": "link:../../../terraform/services/a.tf",
      "terraform/services/a.tf": 'module "a" {\n  source = "y"\n}\n',
    });
    const headSha = repo.commit("head");

    const base = await readGitSnapshot(repo.dir, baseSha, filter);
    const alone = await readGitSnapshot(repo.dir, headSha, filter);
    const listed: number[] = [];
    const reused = await readGitSnapshot(repo.dir, headSha, filter, { known: base, onListed: (bytes) => listed.push(bytes) });
    expect(reused).toEqual(alone);
    // Told before reading: the size of every regular watched file of the head (links are not read).
    const regular = reused.files.filter((f) => !f.unreadable?.includes("symbolic link"));
    expect(regular).toHaveLength(6);
    expect(listed).toEqual([regular.reduce((sum, f) => sum + (f.text === null ? 3 : Buffer.byteLength(f.text)), 0)]);
    // The cases that matter are there: text shared with the base, a text file with a link's blob, links.
    const byPath = new Map(reused.files.map((f) => [f.path, f]));
    expect(byPath.get("kubernetes/services/b/copy.yaml")?.text).toContain("name: deny");
    expect(byPath.get("kubernetes/services/b/same-as-link.yaml")?.text).toBe(target);
    expect(byPath.get("kubernetes/services/a/linked.yaml")?.unreadable).toMatch(/symbolic link/);
    expect(byPath.get("kubernetes/services/b/binary.yaml")?.unreadable).toMatch(/binary/);
    expect(byPath.get("terraform/services/a.tf")?.text).toContain('"y"');
  });

  it("reads both refs through one cat-file stream, as each would alone, the config included", async () => {
    repo = tempGitRepo();
    const big = `# ${"x".repeat(300_000)}\nkind: NetworkPolicy\nmetadata:\n  name: big\n`;
    repo.write({
      ".github/netpol-guard.yml": "checkName: guard\n",
      "kubernetes/a.yaml": "kind: Namespace\nmetadata:\n  name: a\n",
      "kubernetes/big.yaml": big,
      "kubernetes/empty.yaml": "",
      "terraform/a.tf": 'module "a" {\n  source = "x"\n}\n',
    });
    const baseSha = repo.commit("base");
    repo.write({ "kubernetes/b.yaml": "kind: Namespace\nmetadata:\n  name: b\n", "kubernetes/big.yaml": big + "# more\n" });
    const headSha = repo.commit("head");

    const blobs = openBlobStream(repo.dir);
    let base, head;
    try {
      base = await readGitSnapshot(repo.dir, baseSha, filter, { blobs });
      head = await readGitSnapshot(repo.dir, headSha, filter, { known: base, blobs });
    } finally {
      blobs.close();
    }
    expect(base).toEqual(await readGitSnapshot(repo.dir, baseSha, filter));
    expect(head).toEqual(await readGitSnapshot(repo.dir, headSha, filter));
    expect(base.configText).toBe("checkName: guard\n");
    expect(base.configText).toBe(await readLocalConfig(repo.dir, baseSha));
    expect(head.files.find((f) => f.path === "kubernetes/big.yaml")?.text).toBe(big + "# more\n");
    expect(head.files.find((f) => f.path === "kubernetes/empty.yaml")?.text).toBe("");
  });

  it("fails a read whose blob git does not have with a GitError, and a stream already closed too", async () => {
    repo = tempGitRepo();
    repo.write({ "kubernetes/a.yaml": "kind: Namespace\n" });
    repo.commit("base");
    const blobs = openBlobStream(repo.dir);
    const [missing] = blobs.read(["0123456789012345678901234567890123456789"]);
    await expect(missing).rejects.toBeInstanceOf(GitError);
    blobs.close();
    const [late] = blobs.read(["0123456789012345678901234567890123456789"]);
    await expect(late).rejects.toBeInstanceOf(GitError);
  });
});

describe("gitRefReader", () => {
  it("decides each path once for both refs of a read, and reads the same files as each ref alone", async () => {
    repo = tempGitRepo();
    repo.write({
      "kubernetes/policies/company-x/default-deny.yaml": "kind: NetworkPolicy\nmetadata:\n  name: deny\n",
      "terraform/services/a.tf": 'module "a" {\n  source = "x"\n}\n',
      "docs/readme.md": "not watched\n",
    });
    const baseSha = repo.commit("base");
    repo.write({ "terraform/services/a.tf": 'module "a" {\n  source = "y"\n}\n', "terraform/services/b.tf": 'module "b" {\n  source = "y"\n}\n' });
    const headSha = repo.commit("head");
    const asked: string[] = [];
    const counting = { kind: (path: string) => (asked.push(path), filter.kind(path)) };
    const config = defaultConfig();
    const [base, head] = await gitRefReader(repo.dir).readFiles([baseSha, headSha], counting, config);
    expect(asked.length).toBe(new Set(asked).size);
    expect(asked).toContain("terraform/services/b.tf");
    const [alone] = await gitRefReader(repo.dir).readFiles([headSha], filter, config);
    expect(head).toEqual(alone);
    expect(base!.files.map((f) => f.path)).toEqual(["kubernetes/policies/company-x/default-deny.yaml", "terraform/services/a.tf"]);
  });

  it("reads the configs of both refs as readLocalConfig does (absent, text, not text), and fails a ref that is not a commit", async () => {
    repo = tempGitRepo();
    repo.write({ "kubernetes/a.yaml": "kind: Namespace\n" });
    const without = repo.commit("no config");
    repo.write({ ".github/netpol-guard.yml": "checkName: guard\n" });
    const withText = repo.commit("config");
    repo.write({ ".github/netpol-guard.yml": Buffer.from([0x63, 0x00, 0xff]) });
    const binary = repo.commit("binary config");
    const reader = gitRefReader(repo.dir);
    const read = await reader.readConfigs([without, withText, binary, "main"]);
    expect(read).toEqual([{ text: null }, { text: "checkName: guard\n" }, { text: null }, { text: null }]);
    for (const [i, sha] of [without, withText, binary].entries()) expect(read[i]).toEqual({ text: await readLocalConfig(repo.dir, sha) });
    await expect(reader.readConfigs([withText, "no-such-branch"])).rejects.toThrow(/no-such-branch is not a commit/);
  });

  it("reads the configs, the files and the history of the commits each ref named when it was first resolved", async () => {
    repo = tempGitRepo();
    repo.write({ ".github/netpol-guard.yml": "checkName: first\n", "kubernetes/a.yaml": "kind: Namespace\n" });
    repo.commit("first");
    const reader = gitRefReader(repo.dir);
    const config = defaultConfig();
    const [before] = await reader.readConfigs(["main"]);
    // The branch moves while the change is read: what is read stays the commit it named at first.
    repo.write({ ".github/netpol-guard.yml": "checkName: second\n", "kubernetes/a.yaml": "kind: Namespace\nmetadata: {}\n" });
    repo.commit("second");
    const [files] = await reader.readFiles(["main"], filter, config);
    expect(before).toEqual({ text: "checkName: first\n" });
    expect(files!.files.find((f) => f.path === "kubernetes/a.yaml")?.text).toBe("kind: Namespace\n");
    expect(await reader.history!.ancestry("main", "main")).toEqual({ behind: false });
    const [fresh] = await gitRefReader(repo.dir).readFiles(["main"], filter, config);
    expect(fresh!.files.find((f) => f.path === "kubernetes/a.yaml")?.text).toBe("kind: Namespace\nmetadata: {}\n");
  });
});

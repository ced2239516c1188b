import { afterEach, describe, expect, it } from "vitest";
import { createPathFilter, defaultConfig } from "../../../src/config/parse-config.js";
import { readGitSnapshot } from "../../../src/snapshot/read-local-snapshot.js";
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
});

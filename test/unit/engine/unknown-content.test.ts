import { parseConfigFile } from "../../../src/config/parse-config-file.js";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createPathFilter, defaultConfig } from "../../../src/config/parse-config.js";
import { judgeSnapshots, type SnapshotInput } from "../../../src/engine/judge-snapshots.js";
import type { SnapshotFile } from "../../../src/model/snapshot-file.js";
import { readFolderSnapshot } from "../../../src/snapshot/read-local-snapshot.js";
import { MAX_FILE_BYTES } from "../../../src/snapshot/snapshot.js";
import { snapshotFiles, starterKit, teamKit } from "../../helpers/model-from-files.js";

const TEAMS = teamKit("team-a", "company-x") + teamKit("team-c", "company-y");

function snapshot(files: Record<string, string>, extra: SnapshotFile[] = []): SnapshotInput {
  return { files: [...snapshotFiles(files), ...extra], config: parseConfigFile(null) };
}

/** A file the snapshot layer did not read, identified only by its digest. */
function unread(digest: string): SnapshotFile {
  return { path: "kubernetes/big.yaml", kind: "kubernetes", text: null, digest, unreadable: "it is 2000000 bytes, over the 1 MiB limit" };
}

describe("what netpol-guard cannot read keeps an identity made of its content", () => {
  it("a file over the size limit whose content changed is a new finding; unchanged, it is pre-existing", async () => {
    const files = { "terraform/teams.tf": TEAMS };
    const changed = (await judgeSnapshots(snapshot(files, [unread("aaaa")]), snapshot(files, [unread("bbbb")]))).judgement;
    expect(changed.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(["parse-error kubernetes/big.yaml"]);
    expect(changed.conclusion).toBe("failure");
    const same = (await judgeSnapshots(snapshot(files, [unread("aaaa")]), snapshot(files, [unread("aaaa")]))).judgement;
    expect(same.findings).toEqual([]);
    expect(same.preexisting.map((f) => f.rule)).toEqual(["parse-error"]);
  });

  it("an unresolvable value stays pre-existing when another module of its file changes", async () => {
    const unresolvable = starterKit("service-1", "team-a", "company-x", []).replace(/namespaces\s+= \[\]/, "namespaces = var.peers");
    const variables = `variable "peers" {\n  type    = list(string)\n  default = []\n}\n`;
    const base = { "terraform/teams.tf": TEAMS, "terraform/vars.tf": variables, "terraform/services.tf": unresolvable + starterKit("service-2", "team-a", "company-x", []) };
    const head = { ...base, "terraform/services.tf": unresolvable + starterKit("service-2", "team-a", "company-x", ["service-1"]) };
    const j = (await judgeSnapshots(snapshot(base), snapshot(head))).judgement;
    expect(j.findings).toEqual([]);
    expect(j.preexisting.map((f) => f.rule)).toEqual(["unresolvable"]);
    // The variable's default is what the value refers to: changing it is a new finding.
    const defaults = { ...base, "terraform/vars.tf": variables.replace("default = []", 'default = ["service-2"]') };
    expect((await judgeSnapshots(snapshot(base), snapshot(defaults))).judgement.findings.map((f) => f.rule)).toEqual(["unresolvable"]);
  });
});

describe("the folder reader identifies unread files by content", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function digestOf(write: (dir: string) => void): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), "netpol-unread-"));
    dirs.push(dir);
    write(dir);
    const snap = await readFolderSnapshot(dir, createPathFilter(defaultConfig()));
    const file = snap.files.find((f) => f.path === "policy.yaml")!;
    expect(file.text).toBeNull();
    return file.digest;
  }

  it("a file over the limit: its digest follows its content", async () => {
    const big = (fill: string) => (dir: string) => writeFileSync(join(dir, "policy.yaml"), `# ${fill.repeat(MAX_FILE_BYTES)}\n`);
    expect(await digestOf(big("a"))).not.toBe(await digestOf(big("b")));
    expect(await digestOf(big("a"))).toBe(await digestOf(big("a")));
  });

  it("a symbolic link: its digest follows its target", async () => {
    const link = (target: string) => (dir: string) => symlinkSync(target, join(dir, "policy.yaml"));
    expect(await digestOf(link("a.txt"))).not.toBe(await digestOf(link("b.txt")));
    expect(await digestOf(link("a.txt"))).toBe(await digestOf(link("a.txt")));
  });
});

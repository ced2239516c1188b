import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it } from "vitest";
import { createPathFilter, defaultConfig } from "../../src/config/parse-config.js";
import { judgeSnapshots, snapshotInput } from "../../src/engine/judge-snapshots.js";
import { readFolderSnapshot } from "../../src/snapshot/read-local-snapshot.js";
import { BASE_FILES, CONTROL_PATH, CONTROL_TEXT, expectHostileOutcome, judgeThroughGit } from "./hostile-helpers.js";

describe("hostile: symbolic links (local git reader)", () => {
  it("a link to a file is not followed: a parse error at the link, the rest is judged", async () => {
    const inside = "kubernetes/services/service-1/linked.yaml";
    const outside = "kubernetes/services/service-1/passwd.yaml";
    const run = await judgeThroughGit({ [inside]: "link:../../policies/company-x/default-deny.yaml", [outside]: "link:/etc/passwd" });
    expectHostileOutcome("symlinks to files", run, [
      { rule: "parse-error", file: inside, line: 1, message: /symbolic link/ },
      { rule: "parse-error", file: outside, line: 1, message: /symbolic link/ },
    ]);
  });

  it("a link to a directory is not silently skipped", async () => {
    // `kubectl apply -R -f kubernetes/` follows the link and applies whatever the CI runner finds at
    // /srv/cluster-policies, which netpol-guard cannot read: the change cannot pass.
    const link = "kubernetes/services/service-1/more";
    const run = await judgeThroughGit({ [link]: "link:/srv/cluster-policies" });
    expectHostileOutcome("symlink to a directory", run, { rule: "parse-error", file: link, line: 1, message: /symbolic link/ });
  });

  it("readFolderSnapshot: links to files and to directories are reported, not followed", async () => {
    const root = mkdtempSync(join(tmpdir(), "netpol-hostile-folder-"));
    try {
      const write = (path: string, text: string): void => {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      };
      for (const [path, text] of Object.entries({ ...BASE_FILES, [CONTROL_PATH]: CONTROL_TEXT })) write(path, text);
      symlinkSync("/srv/cluster-policies", join(root, "kubernetes/services/service-2/more"));
      symlinkSync("/etc/passwd", join(root, "kubernetes/services/service-2/passwd.yaml"));
      const filter = createPathFilter(defaultConfig());
      const baseRoot = mkdtempSync(join(tmpdir(), "netpol-hostile-folder-base-"));
      try {
        for (const [path, text] of Object.entries(BASE_FILES)) {
          mkdirSync(dirname(join(baseRoot, path)), { recursive: true });
          writeFileSync(join(baseRoot, path), text);
        }
        const started = performance.now();
        const change = await judgeSnapshots(snapshotInput(await readFolderSnapshot(baseRoot, filter)), snapshotInput(await readFolderSnapshot(root, filter)));
        const run = { change, judgement: change.judgement, ms: performance.now() - started };
        expectHostileOutcome("symlinks in a folder", run, [
          { rule: "parse-error", file: "kubernetes/services/service-2/more", line: 1, message: /symbolic link/ },
          { rule: "parse-error", file: "kubernetes/services/service-2/passwd.yaml", line: 1, message: /symbolic link/ },
        ]);
      } finally {
        rmSync(baseRoot, { recursive: true, force: true });
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

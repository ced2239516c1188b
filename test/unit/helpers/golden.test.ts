import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { golden } from "../../helpers/scenario.js";

describe("golden files", () => {
  const dir = mkdtempSync(join(tmpdir(), "netpol-guard-golden-"));
  afterEach(() => vi.unstubAllEnvs());

  it("fails on a missing golden file instead of writing it", () => {
    vi.stubEnv("UPDATE", "");
    expect(() => golden(join(dir, "missing.md"), "text")).toThrow(/UPDATE=1/);
  });

  it("writes the golden file with UPDATE=1", () => {
    vi.stubEnv("UPDATE", "1");
    const path = join(dir, "written.md");
    expect(golden(path, "text")).toBe("text");
    expect(readFileSync(path, "utf8")).toBe("text");
    rmSync(dir, { recursive: true, force: true });
  });
});

/**
 * bench/time-hcl-parse.ts at a tiny size (30 services), so that it cannot rot: it runs, reports both speeds,
 * and every Terraform file of the generated repository takes the fast path. No timing is asserted.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

describe("bench/time-hcl-parse.ts", () => {
  it("times tree-sitter and the fast path on a generated repository, whose Terraform files all take the fast path", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", join(root, "bench", "time-hcl-parse.ts"), "--services", "30", "--runs", "1"], {
      cwd: root,
      encoding: "utf8",
    });
    const report = JSON.parse(out) as Record<string, number>;
    expect(report.services).toBe(30);
    expect(report.files).toBeGreaterThan(2);
    expect(report.acceptedByFastPath).toBe(report.files);
    expect(report.treeSitterMiBps).toBeGreaterThan(0);
    expect(report.withFastPathMiBps).toBeGreaterThan(0);
  }, 60_000);
});

/**
 * Stored parse results (`check --cache-dir`) are keyed by PARSER_VERSION: a parser whose output changes
 * while the version stays would have the old results read as its own. This pins a digest of what the
 * parsers give on every scenario and example file, per parser version: a change of output fails here until PARSER_VERSION is bumped and the new version's
 * digest recorded (UPDATE=1, which never rewrites the digest of a version already recorded).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeTerraformFileResult } from "../../../src/parsers/terraform/terraform-wire.js";
import { parseManifestFile } from "../../../src/parsers/kubernetes/parse-manifest-file.js";
import { PARSER_VERSION } from "../../../src/parsers/parser-version.js";
import { loadTerraformParser } from "../../../src/parsers/terraform/load-terraform-parser.js";
import { parseTerraformFile } from "../../../src/parsers/terraform/parse-terraform.js";

const GOLDEN = join(import.meta.dirname, "parser-output.golden.json");
const parser = await loadTerraformParser();

/** Every `.tf`, `.yaml` and `.yml` file below `dir`, by path relative to the repository. */
function filesBelow(dir: string): [string, string][] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(tf|ya?ml)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .map((path) => [path, readFileSync(path, "utf8")]);
}

describe("PARSER_VERSION", () => {
  it("names the parsers' output: the same version never stands for two outputs", () => {
    // Files kept in the repository only: a change of the benchmark's generator is not a change of the parsers.
    const corpus: [string, string][] = [...filesBelow("test/scenarios"), ...filesBelow("examples")];
    expect(corpus.length).toBeGreaterThan(500);
    const hash = createHash("sha256");
    const plain = (_: string, v: unknown): unknown => (v instanceof Map || v instanceof Set ? [...v] : v);
    for (const [path, text] of corpus) {
      const result = path.endsWith(".tf") ? encodeTerraformFileResult(parseTerraformFile(parser, path, text), path) : JSON.stringify(parseManifestFile(path, text), plain);
      hash.update(`${path}\u0000${result}\u0000`);
    }
    const digest = hash.digest("hex");
    const recorded = existsSync(GOLDEN) ? (JSON.parse(readFileSync(GOLDEN, "utf8")) as Record<string, string>) : {};
    const version = String(PARSER_VERSION);
    if (process.env.UPDATE === "1" && recorded[version] === undefined) {
      writeFileSync(GOLDEN, JSON.stringify({ ...recorded, [version]: digest }, null, 2) + "\n");
      return;
    }
    expect(recorded[version], `no digest recorded for PARSER_VERSION ${version}: run this test with UPDATE=1`).toBeDefined();
    expect(
      digest,
      `the parsers' output changed under PARSER_VERSION ${version}: bump it in src/parsers/parser-version.ts (stored results of the old parsers would be read as the new ones'), then run this test with UPDATE=1`,
    ).toBe(recorded[version]);
  });
});

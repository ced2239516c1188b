import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifestFile } from "../../../../src/parsers/kubernetes/parse-manifest-file.js";

// The shared corpus sits beside the repository (../shared), as test/conformance reads it.
const CASES = join(import.meta.dirname, "..", "..", "..", "..", "..", "shared", "corpora", "cases");
const available = existsSync(CASES);

function filesUnder(directory: string): string[] {
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const path = join(directory, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

describe("the shared corpus of upstream NetworkPolicy cases", () => {
  it.skipIf(!available)(`parses every manifest under ${CASES} (skipped when the shared corpus is absent)`, () => {
    const cases = readdirSync(CASES).filter((name) => existsSync(join(CASES, name, "manifests")));
    expect(cases.length).toBeGreaterThan(0);
    let files = 0;
    const empty: string[] = [];
    for (const name of cases) {
      let found = 0;
      for (const file of filesUnder(join(CASES, name, "manifests")).filter((path) => /\.(ya?ml|json)$/.test(path))) {
        files++;
        const result = parseManifestFile(file, readFileSync(file, "utf8"));
        found += result.namespaceMentions.length + result.policies.length;
        for (const problem of result.problems) expect(problem.rule, `${file}: ${problem.message}`).not.toBe("parse-error");
      }
      if (found === 0) empty.push(name);
    }
    expect(files).toBeGreaterThan(0);
    expect(empty, "cases that yield no namespace mention and no policy").toEqual([]);
  });
});

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cruise, type IConfiguration, type ICruiseResult } from "dependency-cruiser";

/**
 * `npm test` runs dependency-cruiser over src/ with .dependency-cruiser.cjs. This proves that the rules would
 * catch each kind of import they exist for, on a small tree written for the purpose.
 */
const config = createRequire(import.meta.url)("../../../.dependency-cruiser.cjs") as IConfiguration;

const files: Record<string, string> = {
  "src/model/words.ts": `import { judge } from "../engine/judge.js";\nexport const word = judge;\n`,
  "src/engine/judge.ts": `import { readFileSync } from "node:fs";\nimport { limit } from "../config/limit.js";\nexport const judge = () => readFileSync(String(limit));\n`,
  "src/config/limit.ts": `import { judge } from "../engine/judge.js";\nexport const limit = 1;\nexport const again = judge;\n`,
  "src/report/render.ts": `import { post } from "../github/post.js";\nexport const render = post;\n`,
  "src/github/post.ts": `export const post = 1;\n`,
  "src/pipeline/run.ts": `import { render } from "../report/render.js";\nimport { post } from "../github/post.js";\nexport const run = [render, post];\n`,
};

const root = mkdtempSync(join(tmpdir(), "netpol-guard-layout-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function violations(result: ICruiseResult): string[] {
  return result.summary.violations.map((v) => `${v.rule.name} ${v.from} -> ${v.to}`).sort();
}

describe("the dependency rule", () => {
  it("reports a folder cycle, an impure stage, a model that depends on a stage and a pure stage calling an outer one", async () => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, dirname(path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const { tsConfig: _ignored, ...options } = config.options ?? {};
    const result = (await cruise(["src"], { ...options, baseDir: root, ruleSet: { forbidden: config.forbidden }, validate: true })).output as ICruiseResult;
    const found = violations(result);
    expect(found).toContain("model-imports-nothing-of-ours src/model/words.ts -> src/engine/judge.ts");
    expect(found).toContain("pure-stages-do-no-io src/engine/judge.ts -> fs");
    expect(found).toContain("pure-stages-call-no-outer-stage src/report/render.ts -> src/github/post.ts");
    expect(found.filter((v) => v.startsWith("no-folder-cycles")).join("\n")).toMatch(/src\/(config|engine)/);
    // The pipeline may call anything: its imports are not violations.
    expect(found.filter((v) => v.includes("src/pipeline/"))).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { HCL_GRAMMAR_VERSION, HCL_GRAMMAR_WASM_BASE64 } from "../../../../src/parsers/terraform/hcl-grammar-wasm.js";

const require = createRequire(import.meta.url);

describe("the Terraform grammar compiled into the parser (npx tsx scripts/write-hcl-grammar.ts)", () => {
  it("is the installed grammar package's tree-sitter-terraform.wasm, byte for byte", () => {
    const installed = readFileSync(require.resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm"));
    const compiled = Buffer.from(HCL_GRAMMAR_WASM_BASE64, "base64");
    expect(compiled.length).toBe(installed.length);
    expect(compiled.equals(installed)).toBe(true);
  });

  it("names the installed package's version", () => {
    const { version } = require("@tree-sitter-grammars/tree-sitter-hcl/package.json") as { version: string };
    expect(HCL_GRAMMAR_VERSION).toBe(version);
  });
});

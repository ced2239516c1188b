import { Language, Parser } from "web-tree-sitter";
import { HCL_GRAMMAR_WASM_BASE64 } from "./hcl-grammar-wasm.js";

/** A tree-sitter parser with the Terraform grammar loaded: what every Terraform parsing function is handed. */
export type TerraformParser = Parser;

let loading: Promise<TerraformParser> | null = null;

/**
 * The Terraform parser, loaded on first use from the grammar's bytes compiled into hcl-grammar-wasm.ts (no
 * file is read). Every caller shares one load; a load that fails is tried again by the next caller, so a
 * passing failure does not stay for the life of the process.
 */
export function loadTerraformParser(): Promise<TerraformParser> {
  if (!loading) {
    loading = (async () => {
      await Parser.init();
      const language = await Language.load(Buffer.from(HCL_GRAMMAR_WASM_BASE64, "base64"));
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    })();
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

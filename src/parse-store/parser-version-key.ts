import { createRequire } from "node:module";
import { PARSER_VERSION } from "../parsers/parser-version.js";

/**
 * The parser version a stored parse result is keyed by: our own (bumped by hand when a parser's output
 * changes) and the versions of the grammar and YAML library the parsers run on, as installed, since an
 * upgrade of either can change a result without any change of ours.
 */
export function parserVersionKey(): string {
  const require = createRequire(import.meta.url);
  const versionOf = (name: string): string => {
    try {
      return (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      return "unknown";
    }
  };
  return `${PARSER_VERSION}+hcl-${versionOf("@tree-sitter-grammars/tree-sitter-hcl")}+yaml-${versionOf("yaml")}`;
}

/**
 * Turns the text of `.github/netpol-guard.yml` into a complete configuration and the problems found in it.
 * Strict (unknown keys and wrong values are reported at their line) but forgiving (a wrong key keeps its
 * default, the others keep their values). A YAML syntax error discards the whole file. Never throws.
 */
import { isScalar, LineCounter, parseDocument } from "yaml";
import type { Problem } from "../model/types.js";
import { indexYamlAliases } from "../parsers/yaml/index-yaml-aliases.js";
import { CONFIG_PATH, defaultConfig, readConfigNode, type NetpolGuardConfig } from "./schema.js";

export { CONFIG_PATH, DEFAULT_CONFIG, configJsonSchema, defaultConfig, type NetpolGuardConfig } from "./schema.js";
export { matchesModuleSource } from "./matches-module-source.js";
export { createPathFilter, type PathFilter, type WatchedKind } from "./create-path-filter.js";

export interface ParsedConfig {
  config: NetpolGuardConfig;
  problems: Problem[];
}

/** Larger config files are refused unread: a real one is a few hundred bytes. */
export const MAX_CONFIG_LENGTH = 1024 * 1024;
/** YAML errors reported at most, the first ones; a broken file can produce hundreds. */
const MAX_YAML_ERRORS = 10;

/**
 * @param text the file's content, or null when the file does not exist (then: the defaults, no problem)
 * @param file the path reported in problems
 */
export function parseConfig(text: string | null, file: string = CONFIG_PATH): ParsedConfig {
  if (text === null) return { config: defaultConfig(), problems: [] };
  try {
    return parseConfigText(text, file);
  } catch (error) {
    // Unexpected, but a config must never take the check down with it.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      config: defaultConfig(),
      problems: [configProblem(file, 1, 1, `the configuration could not be read (${reason}); using the default configuration`)],
    };
  }
}

function parseConfigText(text: string, file: string): ParsedConfig {
  if (text.length > MAX_CONFIG_LENGTH) {
    return {
      config: defaultConfig(),
      problems: [configProblem(file, 1, 1, `the configuration file is ${text.length} characters long, more than the ${MAX_CONFIG_LENGTH} accepted; using the default configuration`)],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, version: "1.2" });

  if (doc.errors.length > 0) {
    // Deep nesting makes the parser fail once per level: one problem per kind of error and line is enough.
    const seen = new Set<string>();
    const errors = doc.errors.filter((error) => {
      const key = `${error.code} ${lineCounter.linePos(error.pos[0]).line}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const shown = errors.slice(0, MAX_YAML_ERRORS);
    const problems = shown.map((error, i) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const endLine = lineCounter.linePos(Math.max(error.pos[0], error.pos[1] - 1)).line;
      const more = i === shown.length - 1 && errors.length > shown.length
        ? ` (and ${errors.length - shown.length} more YAML errors)`
        : "";
      return configProblem(file, line, Math.max(line, endLine), `invalid YAML at line ${line}, column ${col}: ${explain(error.code, error.message)}${more}; using the default configuration`);
    });
    return { config: defaultConfig(), problems };
  }

  const problems: Problem[] = [];
  for (const warning of doc.warnings) {
    // Unknown tags are reported where the tagged value is read, as a wrong value for that key.
    if (warning.code === "TAG_RESOLVE_FAILED") continue;
    const { line, col } = lineCounter.linePos(warning.pos[0]);
    problems.push(configProblem(file, line, line, `YAML warning at line ${line}, column ${col}: ${firstLine(warning.message)}`));
  }

  const contents = doc.contents;
  // An empty file, or one holding only comments or `~`, asks for the defaults.
  if (contents === null || (isScalar(contents) && contents.value === null && contents.tag === undefined)) {
    return { config: defaultConfig(), problems };
  }
  // Refused before anything follows an alias: an alias bomb would cost minutes.
  const aliases = indexYamlAliases(doc);
  if (!aliases.ok) {
    const { line } = lineCounter.linePos(aliases.offset);
    problems.push(configProblem(file, line, line, `${aliases.message}; using the default configuration`));
    return { config: defaultConfig(), problems };
  }
  const config = readConfigNode(contents, { file, lineCounter, resolveAlias: aliases.resolve, problems });
  return { config, problems };
}

function configProblem(file: string, line: number, endLine: number, message: string): Problem {
  return {
    rule: "config-invalid",
    severity: "error",
    location: { file, line, endLine },
    message,
  };
}

function explain(code: string, message: string): string {
  if (code === "RESOURCE_EXHAUSTION") return `nested too deeply or too large to read (${firstLine(message)})`;
  return firstLine(message);
}

function firstLine(message: string): string {
  return message.split("\n")[0]?.trim() ?? message;
}

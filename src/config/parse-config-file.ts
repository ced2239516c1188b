import { parseConfig, type ParsedConfig } from "./parse-config.js";
import { CONFIG_PATH } from "./schema.js";

/**
 * The config file of one ref, read once: what it says and what is wrong with it, with the text it came
 * from (the engine compares the base's and the head's text, and keys its caches by it).
 */
export interface ConfigFile extends ParsedConfig {
  /** The path problems and findings name. */
  file: string;
  /** The file's content, or null when the ref has no config file. */
  text: string | null;
}

/** Parses a ref's config text once, for every stage that needs it. Never throws (see `parseConfig`). */
export function parseConfigFile(text: string | null, file: string = CONFIG_PATH): ConfigFile {
  return { ...parseConfig(text, file), file, text };
}

import { createPathFilter, parseConfig } from "../config/parse-config.js";
import type { JudgedView, ViewRequest } from "../parse-pool/judge-job.js";
import { judgeWithinBudget } from "../parse-pool/judge-within-budget.js";
import type { RefReader } from "../snapshot/ref-reader.js";
import type { JudgeSettings } from "./read-change.js";

/**
 * One ref read and modelled alone, under its own config, for the views asked of it (the CLI's `graph`,
 * `tree` and `explain`): the same reading and the same judge worker as a change. An unreadable config is
 * read as absent (the defaults).
 */
export async function readRef(reader: RefReader, ref: string, views: ViewRequest, settings: JudgeSettings = {}): Promise<JudgedView> {
  const [content] = await reader.readConfigs([ref]);
  const configText = content && "text" in content ? content.text : null;
  const config = parseConfig(configText).config;
  const [read] = await reader.readFiles([ref], createPathFilter(config), config);
  const head = { files: read!.files, configText };
  return judgeWithinBudget({ base: null, head, views, parseThreads: settings.parseThreads }, settings.seconds ?? config.limits.judgeSeconds, settings.hooks, settings.affinity, settings.source);
}

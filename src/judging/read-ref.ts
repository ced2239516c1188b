import { createPathFilter, parseConfig, type NetpolGuardConfig } from "../config/parse-config.js";
import type { JudgedView, ObservedInput, ViewRequest } from "../parse-pool/judge-job.js";
import { judgeWithinBudget, prepareJudgeWorker } from "../parse-pool/judge-within-budget.js";
import type { RefReader } from "../snapshot/ref-reader.js";
import { watchFlowsFile } from "../snapshot/watch-flows-file.js";
import type { JudgeSettings } from "./read-change.js";

/**
 * One ref read and modelled alone, under its own config, for the views asked of it (the CLI's `graph`,
 * `tree`, `explain` and `boundary`): the same reading and the same judge worker as a change. An unreadable
 * config is read as absent (the defaults). `observed`: flows that `explain` shows too, given the ref's
 * config (undefined: none).
 */
export async function readRef(
  reader: RefReader,
  ref: string,
  views: ViewRequest,
  settings: JudgeSettings = {},
  observed?: (config: NetpolGuardConfig) => Promise<ObservedInput | undefined>,
): Promise<JudgedView> {
  // The worker that will judge starts while the files are read.
  prepareJudgeWorker(settings.hooks, settings.affinity);
  const [content] = await reader.readConfigs([ref]);
  const configText = content && "text" in content ? content.text : null;
  const config = parseConfig(configText).config;
  const flows = await observed?.(config);
  // The observed-flows file is never a manifest (`**/*.json` matches it).
  const [read] = await reader.readFiles([ref], watchFlowsFile(createPathFilter(config), config.observedFlows.path, false), config);
  const head = { files: read!.files, configText };
  return judgeWithinBudget({ base: null, head, views, observed: flows, parseThreads: settings.parseThreads }, settings.seconds ?? config.limits.judgeSeconds, settings.hooks, settings.affinity, settings.source);
}

import type { ConfigFile } from "../config/parse-config-file.js";
import { makeFinding, type Finding } from "../model/finding.js";

/**
 * The `platform-owned` finding of a change to the bot's config file, or null when the head's text is the
 * base's. The base's version judges the change whatever the head says.
 */
export function configChangeFinding(base: ConfigFile, head: ConfigFile): Finding | null {
  if (base.text === head.text) return null;
  const { file, text } = head;
  return makeFinding({
    rule: "platform-owned",
    severity: "warning",
    location: { file, line: 1, endLine: 1 },
    namespace: null,
    message: `${file} is ${text === null ? "removed" : base.text === null ? "added" : "changed"}; the bot's configuration belongs to the platform team, and this change is judged by the base branch's version.`,
    key: `platform-owned|config|${text ?? ""}`,
  });
}

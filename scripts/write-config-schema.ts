/**
 * Writes the JSON Schema of .github/netpol-guard.yml to docs/config.schema.json, and docs/configuration.md
 * from it, from the one description in src/config/schema.ts. Run after changing the config:
 * `npx tsx scripts/write-config-schema.ts`. test/unit/config/schema.test.ts fails while either is out of date.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderConfigurationDoc } from "../src/config/render-configuration-doc.js";
import { configJsonSchema } from "../src/config/schema.js";

for (const [path, text] of [
  ["../docs/config.schema.json", `${JSON.stringify(configJsonSchema, null, 2)}\n`],
  ["../docs/configuration.md", renderConfigurationDoc(configJsonSchema)],
] as const) {
  const target = new URL(path, import.meta.url);
  writeFileSync(target, text);
  console.log(`wrote ${fileURLToPath(target)}`);
}

/**
 * Writes the JSON Schema of .github/netpol-guard.yml to docs/config.schema.json, from the one description
 * in src/config/schema.ts. Run after changing the config: `npx tsx scripts/write-config-schema.ts`.
 * test/unit/config/schema.test.ts fails while the file is out of date.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configJsonSchema } from "../src/config/schema.js";

const target = new URL("../docs/config.schema.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(configJsonSchema, null, 2)}\n`);
console.log(`wrote ${fileURLToPath(target)}`);

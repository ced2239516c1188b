/**
 * The production entry (`npm start`): refuses to start on settings that would make the app forgeable, then
 * runs the Probot server with the app. The checks live in startup/; the app itself in index.ts.
 */
import { applyDotEnv } from "./startup/apply-dot-env.js";
import { checkWebhookSecret } from "./startup/check-webhook-secret.js";

try {
  applyDotEnv(process.env, process.cwd());
  const problem = checkWebhookSecret(process.env);
  if (problem) console.error(problem.message);
  if (problem?.fatal) process.exit(1);
  // Loaded only once the checks pass: a refusal is immediate and cannot be preceded by any of the app's work.
  const [{ run }, { default: netpolGuard }] = await Promise.all([import("probot"), import("./index.js")]);
  await run(netpolGuard);
} catch (error) {
  console.error(`netpol-guard: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

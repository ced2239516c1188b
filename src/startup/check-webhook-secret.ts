/** The shortest webhook secret accepted in production: GitHub's own suggestion is much longer. */
export const MIN_WEBHOOK_SECRET_LENGTH = 20;

/** What is wrong with the webhook secret, and whether the app must refuse to start because of it. */
export interface WebhookSecretProblem {
  /** True in production: the app must not start. Elsewhere the problem is only worth a warning. */
  fatal: boolean;
  /** One line, naming the variable and what to do. */
  message: string;
}

/**
 * Checks WEBHOOK_SECRET before Probot starts. Probot falls back to the public secret `development` when the
 * variable is empty, and a delivery signed with a known secret can forge anything, a `/netpol override` "by"
 * a platform member included. So production (NODE_ENV=production) refuses an empty, default or short secret.
 */
export function checkWebhookSecret(env: Readonly<Record<string, string | undefined>>): WebhookSecretProblem | null {
  const secret = env.WEBHOOK_SECRET ?? "";
  let problem: string | null = null;
  if (secret.trim() === "") problem = "WEBHOOK_SECRET is empty, so Probot would accept deliveries signed with the public secret `development`";
  else if (secret === "development") problem = "WEBHOOK_SECRET is `development`, Probot's public default";
  else if (secret.length < MIN_WEBHOOK_SECRET_LENGTH) problem = `WEBHOOK_SECRET has ${secret.length} characters, fewer than ${MIN_WEBHOOK_SECRET_LENGTH}`;
  if (problem === null) return null;
  const fatal = env.NODE_ENV === "production";
  const advice = `set it to the app's webhook secret, at least ${MIN_WEBHOOK_SECRET_LENGTH} random characters (openssl rand -hex 32)`;
  return fatal
    ? { fatal, message: `netpol-guard: refusing to start with NODE_ENV=production: ${problem}; ${advice}` }
    : { fatal, message: `netpol-guard: warning: ${problem}; fine for local development only, in production ${advice}` };
}

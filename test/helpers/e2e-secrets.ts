/**
 * What must never reach a log: the app's private key, the webhook secret, installation tokens, the JWTs
 * the app signs. A PEM key is looked for line by line (a log may escape its newlines).
 */

/** The strings to look for in a log: each secret, or each line of a PEM key's body. */
export function secretNeedles(secrets: string[]): string[] {
  return secrets.flatMap((secret) => (secret.includes("-----BEGIN") ? secret.split("\n").filter((line) => line.length > 20 && !line.startsWith("-----")) : [secret]));
}

/** The secrets found in `text`, shortened for a report. */
export function secretsIn(text: string, secrets: string[]): string[] {
  return secrets.filter((secret) => secretNeedles([secret]).some((needle) => text.includes(needle))).map((secret) => `${secret.slice(0, 12)}…`);
}

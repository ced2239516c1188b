/** An error in one short line for a person: its first line, at most 300 characters, and the HTTP status if any. */
export function describeError(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  const message = error instanceof Error ? error.message : String(error);
  const short = message.split("\n")[0]!.slice(0, 300);
  return typeof status === "number" ? `${short} (HTTP ${status})` : short;
}

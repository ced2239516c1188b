/**
 * Whether a flows file is a summary (`{"version": 1, ...}`, on one line or pretty-printed) rather than raw
 * Hubble lines (`{"flow": ...}` or a bare Flow): decided from its first characters, so that a stream can
 * be routed before it is read.
 */
export function isFlowSummary(start: string): boolean {
  return /^\uFEFF?\s*\{\s*"version"\s*:/.test(start);
}

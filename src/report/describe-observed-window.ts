import type { FlowWindow } from "../flows/flow-summary.js";

/** The observed window in words, for reports. */
export function describeObservedWindow(window: FlowWindow | null): string {
  return window === null ? "window unknown" : `from ${window.from} to ${window.to}`;
}

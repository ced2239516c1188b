/**
 * The vocabulary of observed traffic: what a Hubble export is reduced to, and the summary file that keeps it
 * (`netpol-guard flows summarize`). Pure data.
 */

/** Traffic from one namespace to another on one port with one verdict, counted over a window. */
export interface FlowEntry {
  /** The source namespace; `world` for an endpoint outside every namespace. */
  from: string;
  to: string;
  /** `TCP/8080`, `UDP/53`, or the protocol alone when it has no port (`ICMPv4`), `unknown` when not said. */
  port: string;
  /** Hubble's verdict: `FORWARDED`, `DROPPED`, `ERROR`, `AUDIT`... */
  verdict: string;
  count: number;
  /** ISO times; null when no flow of the entry carried a time. */
  firstSeen: string | null;
  lastSeen: string | null;
}

/** The window the flows were seen in: the earliest and the latest time of a counted flow. */
export interface FlowWindow {
  from: string;
  to: string;
}

/** The summary file: one entry per from/to/port/verdict, sorted by from, to, port, verdict. */
export interface FlowSummary {
  version: 1;
  window: FlowWindow | null;
  flows: FlowEntry[];
}

/** A summary as read from a file, each entry with the line it stands on (where findings point). */
export interface ObservedFlows {
  file: string;
  window: FlowWindow | null;
  flows: (FlowEntry & { line: number })[];
}

/** The verdict of traffic that went through. */
export const FORWARDED = "FORWARDED";

/**
 * Folds raw Hubble lines into a summary, one line at a time: memory grows with the number of distinct
 * from/to/port/verdict entries, never with the input. Pure (no clock: `since` is given).
 */
import type { FlowEntry, FlowSummary, ObservedFlows } from "./flow-summary.js";
import { isReply } from "./is-reply.js";
import { parseFlowLine } from "./parse-flow-line.js";
import { sortFlowEntries } from "./sort-flow-entries.js";

/** How many lines of each kind were read. */
export interface FlowReadStats {
  lines: number;
  /** Flows counted in the summary. */
  counted: number;
  replies: number;
  /** L7, socket and untyped flows: only L3/L4 flows count. */
  notL3L4: number;
  /** Other Hubble events (lost events, node status...). */
  notFlows: number;
  blank: number;
  /** Flows older than `since`. */
  beforeWindow: number;
  garbage: number;
  /** The first garbage lines (number and why), to report. */
  garbageLines: { line: number; reason: string }[];
}

/** Garbage lines remembered by number; the rest are only counted. */
const GARBAGE_LINES_KEPT = 10;

interface Accumulated {
  entry: FlowEntry;
  first: number | null;
  last: number | null;
  line: number;
}

export class FlowSummarizer {
  private readonly entries = new Map<string, Accumulated>();
  private earliest: number | null = null;
  private latest: number | null = null;
  readonly stats: FlowReadStats = { lines: 0, counted: 0, replies: 0, notL3L4: 0, notFlows: 0, blank: 0, beforeWindow: 0, garbage: 0, garbageLines: [] };

  /** @param since flows before this time (ms since the epoch) are left out; flows without a time are kept */
  constructor(private readonly since: number | null = null) {}

  /** Reads the next line (its number is the count of lines read so far). */
  add(text: string): void {
    const lineNumber = ++this.stats.lines;
    // About half of a Hubble export is replies: known without parsing 2 KB of JSON. Outside a string a
    // quote is never escaped, so `"is_reply": true` there is the key itself (Flow is the only Hubble object
    // that has it); inside a string value its quotes would read `\"`.
    if (isReply(text)) {
      this.stats.replies++;
      return;
    }
    const read = parseFlowLine(text);
    if (read.kind === "garbage") {
      this.stats.garbage++;
      if (this.stats.garbageLines.length < GARBAGE_LINES_KEPT) this.stats.garbageLines.push({ line: lineNumber, reason: read.reason });
      return;
    }
    if (read.kind === "skipped") {
      if (read.reason === "reply") this.stats.replies++;
      else if (read.reason === "not-l3-l4") this.stats.notL3L4++;
      else if (read.reason === "blank") this.stats.blank++;
      else this.stats.notFlows++;
      return;
    }
    if (this.since !== null && read.time !== null && read.time < this.since) {
      this.stats.beforeWindow++;
      return;
    }
    this.stats.counted++;
    const key = `${read.from}\u0000${read.to}\u0000${read.port}\u0000${read.verdict}`;
    let acc = this.entries.get(key);
    if (!acc) {
      acc = { entry: { from: read.from, to: read.to, port: read.port, verdict: read.verdict, count: 0, firstSeen: null, lastSeen: null }, first: null, last: null, line: lineNumber };
      this.entries.set(key, acc);
    }
    acc.entry.count++;
    const t = read.time;
    if (t === null) return;
    if (acc.first === null || t < acc.first) acc.first = t;
    if (acc.last === null || t > acc.last) acc.last = t;
    if (this.earliest === null || t < this.earliest) this.earliest = t;
    if (this.latest === null || t > this.latest) this.latest = t;
  }

  /** Whether any line was a Hubble line (counted or not): when none was, the input is no flow export. */
  get anyParsed(): boolean {
    return this.stats.lines - this.stats.garbage - this.stats.blank > 0;
  }

  private finished(): (FlowEntry & { line: number })[] {
    const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
    const list = [...this.entries.values()].map((a) => ({ ...a.entry, firstSeen: iso(a.first), lastSeen: iso(a.last), line: a.line }));
    return sortFlowEntries(list);
  }

  private window(): FlowSummary["window"] {
    return this.earliest === null || this.latest === null ? null : { from: new Date(this.earliest).toISOString(), to: new Date(this.latest).toISOString() };
  }

  summary(): FlowSummary {
    return { version: 1, window: this.window(), flows: this.finished().map(({ line: _line, ...entry }) => entry) };
  }

  /** The summary as observed flows of `file`, each entry at the first line that counted for it. */
  observed(file: string): ObservedFlows {
    return { file, window: this.window(), flows: this.finished() };
  }
}

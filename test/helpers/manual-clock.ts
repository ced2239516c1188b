/**
 * The GitHub client's clock for tests (the `WAIT` and `TIMER` request options of
 * src/github/harden-client.ts): a wait is recorded and over at once, and an attempt's timeout fires only
 * when the test's GitHub says that attempt will never be answered. Nothing sleeps, and a slow machine
 * cannot time out an attempt that was going to be answered.
 */
import { TIMER, WAIT, type Timer, type Wait } from "../../src/github/harden-client.js";

interface Pending {
  ms: number;
  fire: () => void;
  method: string;
  /** Path and query, as the test's GitHub sees the request. */
  path: string;
}

export class ManualClock {
  /** Waits asked for, in milliseconds, in order. */
  readonly waits: number[] = [];
  /** Timeouts that fired, in milliseconds, in order. */
  readonly timeouts: number[] = [];
  private readonly pending: Pending[] = [];

  readonly wait: Wait = async (ms) => {
    this.waits.push(ms);
  };

  readonly timer: Timer = (ms, fire, request) => {
    const url = new URL(request.url, "https://api.github.com");
    const entry: Pending = { ms, fire, method: request.method.toUpperCase(), path: url.pathname + url.search };
    this.pending.push(entry);
    return () => {
      const at = this.pending.indexOf(entry);
      if (at >= 0) this.pending.splice(at, 1);
    };
  };

  /** The request options that put a client on this clock. */
  requestOptions(): Record<string, unknown> {
    return { [WAIT]: this.wait, [TIMER]: this.timer };
  }

  /**
   * Times out the oldest attempt still waiting for an answer to `method path` (path and query); false when
   * there is none (the request was not sent by a client on this clock).
   */
  expire(method: string, path: string): boolean {
    const entry = this.pending.find((p) => p.method === method.toUpperCase() && p.path === path);
    if (!entry) return false;
    this.pending.splice(this.pending.indexOf(entry), 1);
    this.timeouts.push(entry.ms);
    entry.fire();
    return true;
  }
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FlowSummarizer } from "../../../src/flows/flow-summarizer.js";
import { readObservedFlows } from "../../../src/flows/read-observed-flows.js";
import { readFlowSummary } from "../../../src/flows/read-flow-summary.js";
import { renderFlowSummary } from "../../../src/flows/render-flow-summary.js";

const fixture = readFileSync(join(import.meta.dirname, "../../fixtures/flows/hubble-observe.jsonl"), "utf8");

function summarize(text: string, since: number | null = null): FlowSummarizer {
  const s = new FlowSummarizer(since);
  for (const line of text.split("\n")) s.add(line);
  return s;
}

describe("FlowSummarizer", () => {
  it("folds the flows into one sorted entry per from/to/port/verdict, with the window", () => {
    const s = summarize(fixture);
    expect(s.summary()).toEqual({
      version: 1,
      window: { from: "2026-11-30T10:00:00.900Z", to: "2026-11-30T10:05:00.500Z" },
      flows: [
        { from: "service-1", to: "kube-system", port: "UDP/53", verdict: "FORWARDED", count: 1, firstSeen: "2026-11-30T10:00:00.900Z", lastSeen: "2026-11-30T10:00:00.900Z" },
        { from: "service-1", to: "service-2", port: "TCP/8080", verdict: "FORWARDED", count: 2, firstSeen: "2026-11-30T10:00:01.123Z", lastSeen: "2026-11-30T10:05:00.500Z" },
        { from: "service-2", to: "service-1", port: "ICMPv4", verdict: "FORWARDED", count: 1, firstSeen: "2026-11-30T10:04:00.000Z", lastSeen: "2026-11-30T10:04:00.000Z" },
        { from: "service-2", to: "service-1", port: "TCP/9090", verdict: "DROPPED", count: 1, firstSeen: "2026-11-30T10:01:00.000Z", lastSeen: "2026-11-30T10:01:00.000Z" },
        { from: "world", to: "service-2", port: "TCP/443", verdict: "FORWARDED", count: 1, firstSeen: "2026-11-30T10:02:00.000Z", lastSeen: "2026-11-30T10:02:00.000Z" },
      ],
    });
  });

  it("counts every kind of line, and remembers where the garbage is", () => {
    const { stats } = summarize(fixture);
    expect(stats).toMatchObject({ lines: 13, counted: 6, replies: 1, notL3L4: 1, notFlows: 1, blank: 2, garbage: 2 });
    expect(stats.garbageLines).toEqual([
      { line: 10, reason: "not JSON" },
      { line: 11, reason: "not JSON" },
    ]);
  });

  it("knows a reply without parsing it, with or without a space after the colon, but not from a string value", () => {
    const s = summarize(['{"flow":{"is_reply": true,"Type":"L3_L4"}}', '{"flow":{"is_reply":true}}', '{"flow":{"Type":"L3_L4","Summary":"\\"is_reply\\":true","source":{"namespace":"a"},"destination":{"namespace":"b"}}}'].join("\n"));
    expect(s.stats.replies).toBe(2);
    expect(s.stats.counted).toBe(1);
  });

  it("leaves out flows before `since`", () => {
    const s = summarize(fixture, Date.parse("2026-11-30T10:03:00Z"));
    expect(s.summary().flows.map((f) => `${f.from}>${f.to} ${f.port}`)).toEqual(["service-1>service-2 TCP/8080", "service-2>service-1 ICMPv4"]);
    expect(s.stats.beforeWindow).toBe(4);
  });

  it("keeps memory to the distinct entries: twenty thousand identical lines are one entry", () => {
    const s = new FlowSummarizer();
    const line = fixture.split("\n")[0]!;
    for (let i = 0; i < 20_000; i++) s.add(line);
    expect(s.summary().flows).toHaveLength(1);
    expect(s.summary().flows[0]!.count).toBe(20_000);
  });
});

describe("reading a flows file", () => {
  it("round-trips a summary, each entry at its own line", () => {
    const text = renderFlowSummary(summarize(fixture).summary());
    const read = readFlowSummary(text, "observability/flows.json");
    if ("error" in read) throw new Error(read.error.message);
    expect(read.problems).toEqual([]);
    expect(read.observed.flows.map((f) => f.line)).toEqual([5, 6, 7, 8, 9]);
    expect(text.split("\n")[5]).toContain('"to":"service-2","port":"TCP/8080"');
    expect(read.observed.window).toEqual({ from: "2026-11-30T10:00:00.900Z", to: "2026-11-30T10:05:00.500Z" });
  });

  it("reads raw lines too, each entry at the first line that counted for it", () => {
    const read = readObservedFlows(fixture, "flows.jsonl");
    if ("error" in read) throw new Error(read.error.message);
    expect(read.observed.flows.find((f) => f.to === "service-2" && f.from === "service-1")!.line).toBe(1);
    expect(read.problems.map((p) => p.line)).toEqual([10, 11]);
  });

  it("is an error when no line is a Hubble flow, or the summary is not one", () => {
    expect(readObservedFlows("not json\nnor this\n", "f")).toEqual({ error: { line: 1, message: expect.stringContaining("no line of f is a Hubble flow (line 1: not JSON)") } });
    expect(readObservedFlows("", "f")).toEqual({ error: { line: 1, message: expect.stringContaining("(it is empty)") } });
    expect(readFlowSummary('{"version": 2, "flows": []}', "f")).toEqual({ error: { line: 1, message: expect.stringContaining("not a flow summary") } });
    expect(readFlowSummary('{"version": 1, "flows": [', "f")).toEqual({ error: { line: 1, message: expect.stringContaining("f is not JSON") } });
  });

  it("reports a wrong summary entry at its line and reads the others", () => {
    const text = '{\n  "version": 1,\n  "window": null,\n  "flows": [\n    {"from":"a","to":"b","port":"TCP/1","verdict":"FORWARDED","count":0},\n    {"from":"a","to":"c","port":"TCP/1","verdict":"FORWARDED","count":3}\n  ]\n}\n';
    const read = readFlowSummary(text, "f");
    if ("error" in read) throw new Error(read.error.message);
    expect(read.problems).toEqual([{ line: 5, message: expect.stringContaining("`count`") }]);
    expect(read.observed.flows).toEqual([{ from: "a", to: "c", port: "TCP/1", verdict: "FORWARDED", count: 3, firstSeen: null, lastSeen: null, line: 6 }]);
  });
});

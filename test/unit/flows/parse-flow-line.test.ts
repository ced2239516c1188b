import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFlowLine } from "../../../src/flows/parse-flow-line.js";

const lines = readFileSync(join(import.meta.dirname, "../../fixtures/flows/hubble-observe.jsonl"), "utf8").split("\n");

describe("parseFlowLine on `hubble observe --output json` lines", () => {
  it("reads a forwarded TCP flow in its {flow, node_name, time} wrapper", () => {
    expect(parseFlowLine(lines[0]!)).toEqual({
      kind: "flow",
      from: "service-1",
      to: "service-2",
      port: "TCP/8080",
      verdict: "FORWARDED",
      time: Date.parse("2026-11-30T10:00:01.123Z"),
    });
  });

  it("skips replies (is_reply: true), whatever their verdict", () => {
    expect(parseFlowLine(lines[1]!)).toEqual({ kind: "skipped", reason: "reply" });
    expect(parseFlowLine(JSON.stringify({ flow: { Type: "L3_L4", verdict: "FORWARDED", reply: true } }))).toEqual({ kind: "skipped", reason: "reply" });
  });

  it("reads UDP ports and DROPPED verdicts", () => {
    expect(parseFlowLine(lines[3]!)).toMatchObject({ from: "service-1", to: "kube-system", port: "UDP/53", verdict: "FORWARDED" });
    expect(parseFlowLine(lines[4]!)).toMatchObject({ from: "service-2", to: "service-1", port: "TCP/9090", verdict: "DROPPED" });
  });

  it("names an endpoint without a namespace `world`", () => {
    expect(parseFlowLine(lines[5]!)).toMatchObject({ from: "world", to: "service-2", port: "TCP/443" });
  });

  it("skips L7 events: only L3_L4 flows count", () => {
    expect(parseFlowLine(lines[6]!)).toEqual({ kind: "skipped", reason: "not-l3-l4" });
    expect(parseFlowLine(JSON.stringify({ flow: { verdict: "FORWARDED", source: {}, destination: {} } }))).toEqual({ kind: "skipped", reason: "not-l3-l4" });
  });

  it("reads a bare Flow object, and a protocol without ports by its name", () => {
    expect(parseFlowLine(lines[7]!)).toMatchObject({ kind: "flow", from: "service-2", to: "service-1", port: "ICMPv4" });
  });

  it("skips other Hubble events and blank lines, and calls the rest garbage", () => {
    expect(parseFlowLine(lines[8]!)).toEqual({ kind: "skipped", reason: "not-a-flow" });
    expect(parseFlowLine(lines[9]!)).toEqual({ kind: "garbage", reason: "not JSON" });
    expect(parseFlowLine(lines[10]!)).toEqual({ kind: "garbage", reason: "not JSON" });
    expect(parseFlowLine("")).toEqual({ kind: "skipped", reason: "blank" });
    expect(parseFlowLine("[1,2]")).toEqual({ kind: "garbage", reason: "not a JSON object" });
    expect(parseFlowLine('{"hello":"world"}').kind).toBe("garbage");
    expect(parseFlowLine('{"flow":{"Type":"L3_L4","source":{"namespace":7}}}').kind).toBe("garbage");
  });

  it("keeps a flow without a time, and an unknown verdict", () => {
    expect(parseFlowLine('{"flow":{"Type":"L3_L4","source":{"namespace":"a"},"destination":{"namespace":"b"}}}')).toEqual({
      kind: "flow",
      from: "a",
      to: "b",
      port: "unknown",
      verdict: "VERDICT_UNKNOWN",
      time: null,
    });
  });
});

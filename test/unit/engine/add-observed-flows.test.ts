import { describe, expect, it } from "vitest";
import { addObservedFlows } from "../../../src/engine/add-observed-flows.js";
import { readObservedFlows } from "../../../src/flows/read-observed-flows.js";
import { judgeScenario } from "../../helpers/scenario.js";

const summary = (entries: object[]): string => JSON.stringify({ version: 1, window: null, flows: entries });

describe("addObservedFlows", () => {
  it("suggests keeping a removed starter-kit entry, on the line of the list's last entry", async () => {
    const change = await judgeScenario("observed-flow-broken-kit-entry");
    const broken = change.judgement.findings.find((f) => f.rule === "breaks-observed-flow")!;
    expect(broken.suggestion).toEqual({ line: 10, endLine: 10, replacement: '        "service-3",\n        "service-2",' });
  });

  it("only ever adds: an edge removed with no forwarded flow, or flows of no removed edge, change nothing that was decided", async () => {
    const base = await judgeScenario("diff-clean-intra-company-entry");
    const read = readObservedFlows(summary([{ from: "service-1", to: "service-3", port: "TCP/80", verdict: "FORWARDED", count: 5 }]), "flows.json");
    const judged = addObservedFlows(base, read, "flows.json").judgement;
    expect(judged.conclusion).toBe(base.judgement.conclusion);
    expect(judged.findings).toEqual(base.judgement.findings);
    expect(judged.observed).toEqual({ file: "flows.json", window: null, broken: [], unexplained: [] });
  });

  it("makes a flows file that cannot be read an error at its line, failing the change", async () => {
    const base = await judgeScenario("diff-clean-intra-company-entry");
    const judged = addObservedFlows(base, readObservedFlows("{not json\n", "flows.json"), "flows.json").judgement;
    expect(judged.conclusion).toBe("failure");
    expect(judged.findings).toEqual([
      expect.objectContaining({ rule: "parse-error", severity: "error", file: "flows.json", line: 1, message: expect.stringContaining("Observed flows that cannot be read cannot clear a change.") }),
    ]);
  });

  it("never turns a failure into anything else", async () => {
    const failing = await judgeScenario("cross-vc-kit-entry");
    expect(failing.judgement.conclusion).toBe("failure");
    const read = readObservedFlows(summary([]), "flows.json");
    expect(addObservedFlows(failing, read, "flows.json").judgement.conclusion).toBe("failure");
  });
});

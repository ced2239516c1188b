import { describe, expect, it } from "vitest";
import { parseLabelSelector } from "../../../src/engine/parse-label-selector.js";

describe("parseLabelSelector", () => {
  it.each([
    ["a=b", [{ key: "a", operator: "In", values: ["b"] }]],
    ["a==b", [{ key: "a", operator: "In", values: ["b"] }]],
    ["a!=b", [{ key: "a", operator: "NotIn", values: ["b"] }]],
    ["a", [{ key: "a", operator: "Exists", values: [] }]],
    ["!a", [{ key: "a", operator: "DoesNotExist", values: [] }]],
    [
      "env in (prod, staging),tier notin (db)",
      [
        { key: "env", operator: "In", values: ["prod", "staging"] },
        { key: "tier", operator: "NotIn", values: ["db"] },
      ],
    ],
    ["team-a.tree.hnc.x-k8s.io/depth", [{ key: "team-a.tree.hnc.x-k8s.io/depth", operator: "Exists", values: [] }]],
    ["", []],
  ])("%j", (text, requirements) => {
    expect(parseLabelSelector(text)).toEqual({ requirements });
  });

  it.each(["a in (b", "a,,b", "a=b c", "a in b)", "a=b$"])("rejects %j", (text) => {
    expect(parseLabelSelector(text)).toHaveProperty("error");
  });
});

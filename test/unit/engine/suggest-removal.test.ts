import { describe, expect, it } from "vitest";
import { closestName } from "../../../src/model/closest-name.js";
import { suggestEntryRemoval } from "../../../src/engine/suggest-removal.js";

describe("suggestEntryRemoval", () => {
  it.each([
    ['      namespaces = ["service-2", "service-4"]', "service-4", '      namespaces = ["service-2"]'],
    ['      namespaces = ["service-4", "service-2"]', "service-4", '      namespaces = ["service-2"]'],
    ['      namespaces = ["service-2", "service-4", "service-3"]', "service-4", '      namespaces = ["service-2", "service-3"]'],
    ['      namespaces = ["service-4"]', "service-4", "      namespaces = []"],
    ['        "service-4",', "service-4", ""],
    ['        "service-4"', "service-4", ""],
    ['      namespaces = ["service-2"]', "service-4", null],
  ])("%s without %s", (line, entry, expected) => {
    expect(suggestEntryRemoval(line, entry)).toBe(expected);
  });

  it.each([
    ['          "service-4",', "service-4", ""],
    // The last entry alone on its line: the comma before it is on another line, which JSON does not allow to keep.
    ['          "service-4"', "service-4", null],
    ['"namespaces": ["service-2", "service-4"]', "service-4", '"namespaces": ["service-2"]'],
  ])("in JSON syntax, %s without %s", (line, entry, expected) => {
    expect(suggestEntryRemoval(line, entry, true)).toBe(expected);
  });
});

describe("closestName", () => {
  it("suggests a name one or two edits away, and nothing further", () => {
    expect(closestName("service-9", ["service-1", "team-a"])).toBe("service-1");
    expect(closestName("servce-2", ["service-2", "service-3"])).toBe("service-2");
    expect(closestName("payments", ["service-1", "team-a"])).toBeNull();
  });
});

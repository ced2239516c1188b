import { describe, expect, it } from "vitest";
import { suggestEntryAddition } from "../../../src/engine/suggest-entry-addition.js";

describe("suggestEntryAddition", () => {
  it("adds a line after an entry alone on its line, mending its comma", () => {
    expect(suggestEntryAddition('        "service-3",', "service-2")).toBe('        "service-3",\n        "service-2",');
    expect(suggestEntryAddition('        "service-3"', "service-2")).toBe('        "service-3",\n        "service-2",');
  });

  it("adds inside the brackets of a list on one line", () => {
    expect(suggestEntryAddition('      namespaces = ["service-6"]', "service-4")).toBe('      namespaces = ["service-6", "service-4"]');
    expect(suggestEntryAddition('      namespaces = ["a", "b",]', "c")).toBe('      namespaces = ["a", "b", "c"]');
  });

  it("suggests nothing for a line it cannot mend safely", () => {
    expect(suggestEntryAddition('        "service-3", # the billing API', "service-2")).toBeNull();
    expect(suggestEntryAddition("      namespaces = local.peers", "service-2")).toBeNull();
  });
});

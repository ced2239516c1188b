import { describe, expect, it } from "vitest";
import type { TfValue } from "../../../../src/model/types.js";
import { decodeTerraformFileResult, decodeTerraformResult, encodeTerraformFileResult, encodeTerraformResult } from "../../../../src/parsers/terraform/terraform-wire.js";
import type { TerraformResult } from "../../../../src/model/types.js";
import type { TerraformFileResult } from "../../../../src/parsers/terraform/parse-terraform.js";

const at = (line: number, file = "t/a.tf") => ({ file, line, endLine: line + 1 });

describe("the parse workers' text form of a Terraform file result", () => {
  it("keeps what JSON cannot say (-0, NaN, infinities), other files' locations and unusual problems", () => {
    const number = (value: number, line: number): TfValue => ({ kind: "number", value, location: at(line) });
    const result: TerraformFileResult = {
      problems: [
        { rule: "parse-error", severity: "error", location: at(1), message: "broken" },
        { rule: "parse-error", severity: "error", location: at(2, "elsewhere.tf"), message: "elsewhere", namespace: "ns" },
      ],
      locals: [{ name: "l", location: at(3, "other.tf"), recovered: true, value: null, deepest: 0, references: [] }],
      modules: [
        { problem: { rule: "parse-error", severity: "error", location: at(4), message: "labels" } },
        {
          name: "m",
          location: at(5),
          attributes: new Map<string, TfValue>([
            ["numbers", { kind: "list", items: [number(-0, 6), number(Number.NaN, 7), number(-Infinity, 8), number(1.5, 9)], location: at(6) }],
            ["text", { kind: "string", value: "\u0000\ud800 \"x\"", location: at(10, "x.tf") }],
            ["map", { kind: "object", entries: new Map([["k", { kind: "null", location: at(11) }]]), location: at(11) }],
          ]),
          problems: [],
          references: [{ name: "l", depth: 3 }],
          fingerprint: null,
        },
      ],
      needsDirectory: false,
    };
    const back = decodeTerraformFileResult(encodeTerraformFileResult(result, "t/a.tf"), "t/a.tf");
    expect(back).toStrictEqual(result);
    const numbers = (back.modules[1] as { attributes: Map<string, TfValue> }).attributes.get("numbers");
    expect(numbers?.kind === "list" && numbers.items.map((n) => (n.kind === "number" ? n.value : null))).toStrictEqual([-0, Number.NaN, -Infinity, 1.5]);
    expect(Object.is((numbers as { items: { value: number }[] }).items[0]!.value, -0)).toBe(true);
  });

  it("keeps a whole directory's result: its modules, their values and fingerprints, and problems in other files", () => {
    const result: TerraformResult = {
      modules: [
        {
          name: "svc",
          attributes: new Map<string, TfValue>([
            ["replicas", { kind: "number", value: -0, location: at(2) }],
            ["team", { kind: "unresolvable", text: "local.team", reason: "unknown local", location: at(3, "t/b.tf") }],
            ["on", { kind: "bool", value: true, location: at(4) }],
          ]),
          location: at(1),
          fingerprint: "f1",
        },
        { name: "other", attributes: new Map(), location: at(7, "t/b.tf"), fingerprint: "f2" },
      ],
      problems: [
        { rule: "unresolvable", severity: "error", location: at(9, "t/b.tf"), message: "twice" },
        { rule: "parse-error", severity: "error", location: at(1), message: "odd", namespace: "ns" },
      ],
    };
    const back = decodeTerraformResult(encodeTerraformResult(result, "t/a.tf"), "t/a.tf");
    expect(back).toStrictEqual(result);
    expect(Object.keys(back)).toEqual(Object.keys(result));
    expect(Object.keys(back.modules[0]!)).toEqual(Object.keys(result.modules[0]!));
  });
});

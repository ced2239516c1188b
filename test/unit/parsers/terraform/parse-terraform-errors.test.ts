import { describe, expect, it } from "vitest";
import type { Problem, TerraformResult, TfModule, TfValue } from "../../../../src/model/types.js";
import { parseTerraformDirectory } from "../../../../src/parsers/terraform/parse-terraform.js";
import { loadTerraformParser } from "../../../../src/parsers/terraform/load-terraform-parser.js";

const parser = await loadTerraformParser();

function parseOne(text: string): TerraformResult {
  return parseTerraformDirectory(parser, [{ path: "infra/main.tf", text }]);
}

function moduleNamed(result: TerraformResult, name: string): TfModule {
  const found = result.modules.find((m) => m.name === name);
  if (!found) throw new Error(`module ${name} not returned; got ${result.modules.map((m) => m.name).join(", ")}`);
  return found;
}

function attr(module: TfModule, name: string): TfValue {
  const value = module.attributes.get(name);
  if (!value) throw new Error(`${name} is missing from module ${module.name}`);
  return value;
}

function parseErrors(result: TerraformResult): Problem[] {
  return result.problems.filter((p) => p.rule === "parse-error");
}

describe("parseTerraformDirectory: broken input", () => {
  it("reports a missing comma in a list and never returns a shorter list", () => {
    const result = parseOne(`module "a" {
  namespaces = ["service-2" "service-3"]
  team       = "team-a"
}
module "b" {
  namespaces = ["x"]
}`);
    const errors = parseErrors(result);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ severity: "error", location: { file: "infra/main.tf", line: 2 } });
    expect(errors[0]!.message).toMatch(/^HCL syntax error near `.+`/);
    const namespaces = attr(moduleNamed(result, "a"), "namespaces");
    expect(namespaces.kind).toBe("unresolvable");
    expect(namespaces.location.line).toBe(2);
    const team = attr(moduleNamed(result, "a"), "team");
    expect(team.kind === "string" && team.value).toBe("team-a");
    const other = attr(moduleNamed(result, "b"), "namespaces");
    expect(other.kind === "list" && other.items.length).toBe(1);
  });

  it("reports an unterminated string and still returns the next module", () => {
    const result = parseOne(`module "a" {
  service_name = "unterminated
  namespaces   = ["x"]
}
module "b" {
  team_name = "team-b"
}`);
    const errors = parseErrors(result);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    // The error region covers the line of the unterminated string.
    expect(errors.some((e) => e.location.line <= 2 && e.location.endLine >= 2)).toBe(true);
    expect(errors.every((e) => e.location.endLine < 5)).toBe(true);
    const b = moduleNamed(result, "b");
    expect(b.location).toEqual({ file: "infra/main.tf", line: 5, endLine: 7 });
    expect(attr(b, "team_name")).toMatchObject({ kind: "string", value: "team-b" });
    // Module a, if returned, must not present the swallowed `namespaces` as missing or as a clean list.
    const a = result.modules.find((m) => m.name === "a");
    if (a) {
      expect(attr(a, "service_name").kind).toBe("unresolvable");
      expect(attr(a, "namespaces").kind).toBe("unresolvable");
    }
  });

  it("reports a missing closing brace and returns the other modules of the file", () => {
    const result = parseOne(`module "a" {
  namespaces = ["x"]

module "b" {
  namespaces = ["y"]
}

module "c" {
  namespaces = ["z"]
}`);
    const errors = parseErrors(result);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain("missing `}`");
    expect(errors[0]!.message).toContain("opened on line 1");
    expect(result.modules.map((m) => m.name)).toEqual(["a", "b", "c"]);
    expect(moduleNamed(result, "b").location).toEqual({ file: "infra/main.tf", line: 4, endLine: 6 });
    const c = attr(moduleNamed(result, "c"), "namespaces");
    expect(c.kind === "list" && c.items.map((item) => item.kind === "string" && item.value)).toEqual(["z"]);
    expect(c.location.line).toBe(9);
  });

  it("does not silently drop attributes swallowed by a broken value", () => {
    const result = parseOne(`module "a" {
  source = "kit"
  team   = = "team-a"
  namespaces = ["x"]
}`);
    expect(parseErrors(result).length).toBeGreaterThanOrEqual(1);
    const a = moduleNamed(result, "a");
    expect(attr(a, "source")).toMatchObject({ kind: "string", value: "kit" });
    expect(attr(a, "team").kind).toBe("unresolvable");
    // tree-sitter recovers here: the next attribute is intact.
    const namespaces = attr(a, "namespaces");
    expect(namespaces.kind === "list" && namespaces.items.map((item) => item.kind === "string" && item.value)).toEqual(["x"]);
  });

  it("marks the attributes swallowed by a runaway heredoc as unresolvable", () => {
    const result = parseOne(`module "a" {
  source = "kit"
  team   = = 2
  namespaces = ["x"]
  network = {
    security = { namespaces = ["y"] }
  }
}`);
    expect(parseErrors(result).length).toBeGreaterThanOrEqual(1);
    const a = moduleNamed(result, "a");
    expect(attr(a, "source")).toMatchObject({ kind: "string", value: "kit" });
    expect(attr(a, "team").kind).toBe("unresolvable");
    expect(attr(a, "namespaces")).toMatchObject({ kind: "unresolvable", location: { line: 4 } });
    expect(attr(a, "network")).toMatchObject({ kind: "unresolvable", location: { line: 5 } });
    // Keys of nested objects are not mistaken for module attributes.
    expect(a.attributes.has("security")).toBe(false);
  });

  it("makes a value next to a stray token unresolvable", () => {
    const result = parseOne(`module "a" {\n  namespaces = concat(\n}\n`);
    expect(parseErrors(result)).toHaveLength(1);
    expect(result.modules.flatMap((m) => [...m.attributes.values()]).every((v) => v.kind === "unresolvable")).toBe(true);
  });

  it("reports a broken list inside a nested object at the list's line and keeps siblings", () => {
    const result = parseOne(`module "a" {
  network = {
    security = {
      enable_network_policy = true
      namespaces            = ["a", "b" "c"]
    }
  }
}`);
    expect(parseErrors(result).map((p) => p.location.line)).toEqual([5]);
    const network = attr(moduleNamed(result, "a"), "network");
    expect(network.kind).toBe("object");
    if (network.kind !== "object") return;
    const security = network.entries.get("security");
    expect(security?.kind).toBe("object");
    if (security?.kind !== "object") return;
    expect(security.entries.get("enable_network_policy")).toMatchObject({ kind: "bool", value: true });
    expect(security.entries.get("namespaces")?.kind).toBe("unresolvable");
  });

  it("reports a NUL byte or an oversized file without throwing", () => {
    const nul = parseOne(`module "a" {\n  x = "a\0b"\n}\n`);
    expect(nul.modules).toEqual([]);
    expect(parseErrors(nul)).toHaveLength(1);
    expect(parseErrors(nul)[0]!.message).toContain("NUL");
    const big = parseOne(`module "a" {\n  x = "${"x".repeat(1024 * 1024)}"\n}\n`);
    expect(big.modules).toEqual([]);
    expect(parseErrors(big)[0]!.message).toContain("1 MiB");
  });

  it("survives garbage and escapes control characters in the excerpt", () => {
    const inputs = ["}}}{{{", "module", 'module "a" {', '= = = "\u0007"', "locals {\n  a = \n", "<<EOT\nno end", "[[[[[["];
    for (const text of inputs) {
      const result = parseOne(text);
      expect(parseErrors(result).length).toBeGreaterThanOrEqual(1);
      for (const problem of result.problems) {
        expect(problem.message).not.toMatch(/[\u0000-\u001f]/);
        expect(problem.location.line).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it("keeps locals of a broken file usable and the broken ones unresolvable", () => {
    const result = parseTerraformDirectory(parser, [
      { path: "infra/locals.tf", text: `locals {\n  good = ["a"]\n  bad  = ["b" "c"]\n}\n` },
      { path: "infra/main.tf", text: `module "m" {\n  good = local.good\n  bad  = local.bad\n}\n` },
    ]);
    expect(parseErrors(result)).toHaveLength(1);
    expect(parseErrors(result)[0]!.location.file).toBe("infra/locals.tf");
    const m = moduleNamed(result, "m");
    const good = attr(m, "good");
    expect(good.kind === "list" && good.items.length).toBe(1);
    expect(attr(m, "bad").kind).toBe("unresolvable");
  });
});

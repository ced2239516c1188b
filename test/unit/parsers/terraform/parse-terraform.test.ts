import { beforeAll, describe, expect, it } from "vitest";
import type { TerraformResult, TfModule, TfValue } from "../../../../src/model/types.js";
import { parseTerraformDirectory } from "../../../../src/parsers/terraform/parse-terraform.js";
import { loadTerraformParser } from "../../../../src/parsers/terraform/load-terraform-parser.js";

const parser = await loadTerraformParser();

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain } | { unresolvable: string };

/** A TfValue without locations; unresolvable values become `{ unresolvable: text }`. */
function plain(value: TfValue | undefined): Plain {
  if (!value) throw new Error("value is missing");
  switch (value.kind) {
    case "string":
    case "number":
    case "bool":
      return value.value;
    case "null":
      return null;
    case "list":
      return value.items.map(plain);
    case "object":
      return Object.fromEntries([...value.entries].map(([k, v]) => [k, plain(v)]));
    case "unresolvable":
      return { unresolvable: value.text };
  }
}

function parseOne(text: string, path = "infra/main.tf"): TerraformResult {
  return parseTerraformDirectory(parser, [{ path, text }]);
}

function moduleNamed(result: TerraformResult, name: string): TfModule {
  const found = result.modules.find((m) => m.name === name);
  if (!found) throw new Error(`module ${name} not returned; got ${result.modules.map((m) => m.name).join(", ")}`);
  return found;
}

function attr(module: TfModule, ...path: string[]): TfValue {
  let value: TfValue | undefined = module.attributes.get(path[0]!);
  for (const key of path.slice(1)) {
    if (value?.kind !== "object") throw new Error(`${path.join(".")}: ${key} is not inside an object`);
    value = value.entries.get(key);
  }
  if (!value) throw new Error(`${path.join(".")} is missing`);
  return value;
}

function expectUnresolvable(value: TfValue, text: string, reason: RegExp): void {
  expect(value.kind).toBe("unresolvable");
  if (value.kind !== "unresolvable") return;
  expect(value.text).toBe(text);
  expect(value.reason).toMatch(reason);
}

const EXAMPLE = `module "service-1" {
  source          = "microservice-service-kit/v1.4.0.tar.gz"
  service_name    = "service-1"
  service_team    = "team-a"
  service_company = "company-x"
  network = {
    security = {
      enable_network_policy = true
      namespaces            = [
        "service-2",
        "service-3",
      ]
    }
  }
}
module "team-a" {
  source       = "git::https://github.com/acme/microservice-team-kit.git?ref=v1.2.3"
  team_name    = "team-a"
  team_company = "company-x"
}
`;

describe("loadTerraformParser", () => {
  it("loads once: concurrent and later callers share the same parser", async () => {
    const [a, b] = await Promise.all([loadTerraformParser(), loadTerraformParser()]);
    expect(a).toBe(b);
    expect(a).toBe(parser);
    expect(parseOne(`module "a" { x = 1 }`).modules).toHaveLength(1);
  });
});

describe("parseTerraformDirectory: modules and literals", () => {
  it("reads a starter-kit module with the exact line of every namespaces entry", () => {
    const result = parseOne(EXAMPLE);
    expect(result.problems).toEqual([]);
    const module = moduleNamed(result, "service-1");
    expect(module.location).toEqual({ file: "infra/main.tf", line: 1, endLine: 15 });
    expect(plain(attr(module, "service_name"))).toBe("service-1");
    expect(plain(attr(module, "network"))).toEqual({
      security: { enable_network_policy: true, namespaces: ["service-2", "service-3"] },
    });
    expect(attr(module, "network").location).toEqual({ file: "infra/main.tf", line: 6, endLine: 14 });
    expect(attr(module, "network", "security", "enable_network_policy").location.line).toBe(8);
    const namespaces = attr(module, "network", "security", "namespaces");
    expect(namespaces.kind).toBe("list");
    if (namespaces.kind !== "list") return;
    expect(namespaces.location).toEqual({ file: "infra/main.tf", line: 9, endLine: 12 });
    expect(namespaces.items.map((item) => [plain(item), item.location.line, item.location.endLine])).toEqual([
      ["service-2", 10, 10],
      ["service-3", 11, 11],
    ]);
  });

  it("reads a team-kit module", () => {
    const module = moduleNamed(parseOne(EXAMPLE), "team-a");
    expect(module.location).toEqual({ file: "infra/main.tf", line: 16, endLine: 20 });
    expect(Object.fromEntries([...module.attributes].map(([k, v]) => [k, plain(v)]))).toEqual({
      source: "git::https://github.com/acme/microservice-team-kit.git?ref=v1.2.3",
      team_name: "team-a",
      team_company: "company-x",
    });
    expect(attr(module, "team_company").location).toEqual({ file: "infra/main.tf", line: 19, endLine: 19 });
  });

  it("reads numbers, bools, null, escapes and every object key form", () => {
    const module = moduleNamed(
      parseOne(`module "m" {
  n    = 42
  f    = 1.5
  neg  = -3
  t    = false
  z    = null
  esc  = "a\\"b\\\\c\\n\\u00e9 $\${literal}"
  obj  = { plain = 1, "quoted key" = 2, colon: 3 }
  e    = []
}`),
      "m",
    );
    expect(plain(attr(module, "n"))).toBe(42);
    expect(plain(attr(module, "f"))).toBe(1.5);
    expect(plain(attr(module, "neg"))).toBe(-3);
    expect(plain(attr(module, "t"))).toBe(false);
    expect(attr(module, "z").kind).toBe("null");
    expect(plain(attr(module, "esc"))).toBe('a"b\\c\né ${literal}');
    expect(plain(attr(module, "obj"))).toEqual({ plain: 1, "quoted key": 2, colon: 3 });
    expect(plain(attr(module, "e"))).toEqual([]);
  });

  it("reads nested blocks as objects", () => {
    const module = moduleNamed(
      parseOne(`module "m" {
  network {
    security {
      namespaces = ["a"]
    }
  }
  providers = { aws = aws.east }
}`),
      "m",
    );
    expect(plain(attr(module, "network"))).toEqual({ security: { namespaces: ["a"] } });
    expect(attr(module, "network").location).toEqual({ file: "infra/main.tf", line: 2, endLine: 6 });
    expectUnresolvable(attr(module, "providers", "aws"), "aws.east", /reference/);
  });

  it("reads the resources that create traffic filters as resource.<type>.<name>, and no other resource", () => {
    const result = parseOne(`resource "kubernetes_network_policy_v1" "out" {
  metadata {
    namespace = "service-1"
  }
}
resource "kubernetes_manifest" "m" {
  manifest = { kind = "CiliumNetworkPolicy" }
}
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
resource "kubernetes_network_policy" {
}`);
    expect(result.modules.map((m) => m.name)).toEqual(["resource.kubernetes_network_policy_v1.out", "resource.kubernetes_manifest.m"]);
    expect(plain(attr(moduleNamed(result, "resource.kubernetes_network_policy_v1.out"), "metadata", "namespace"))).toBe("service-1");
    expect(result.problems.map((p) => [p.rule, p.location.line, p.message])).toEqual([
      ["parse-error", 12, "A resource block needs exactly two labels, found 1"],
    ]);
  });

  it("reads comments of every style without losing values", () => {
    const module = moduleNamed(
      parseOne(`# leading comment
// another
/* block
   comment */
module "m" { # after the brace
  a = "x" // trailing
  /* before */ b = [
    "one", # inside a list
    /* inline */ "two",
    // before the last
    "three"
  ]
  c = { k = 1 /* in object */, l = 2 }
}`),
      "m",
    );
    expect(module.location.line).toBe(5);
    expect(plain(attr(module, "a"))).toBe("x");
    expect(plain(attr(module, "b"))).toEqual(["one", "two", "three"]);
    const b = attr(module, "b");
    expect(b.kind === "list" && b.items.map((item) => item.location.line)).toEqual([8, 9, 11]);
    expect(plain(attr(module, "c"))).toEqual({ k: 1, l: 2 });
  });

  it("reads heredocs without interpolation as strings", () => {
    const module = moduleNamed(
      parseOne(`module "m" {
  plain = <<EOT
line one
  line two
EOT
  flush = <<-EOT
    indented
      more
    EOT
  templ = <<EOT
hello \${var.name}
EOT
}`),
      "m",
    );
    expect(plain(attr(module, "plain"))).toBe("line one\n  line two\n");
    expect(attr(module, "plain").location).toEqual({ file: "infra/main.tf", line: 2, endLine: 5 });
    expect(plain(attr(module, "flush"))).toBe("indented\n  more\n");
    expect(attr(module, "templ").kind).toBe("unresolvable");
  });

  it("returns all of 1,000 modules in one file", () => {
    const text = Array.from(
      { length: 1000 },
      (_, i) => `module "service-${i}" {\n  namespaces = ["ns-${i}"]\n}\n`,
    ).join("");
    const result = parseOne(text);
    expect(result.problems).toEqual([]);
    expect(result.modules).toHaveLength(1000);
    expect(new Set(result.modules.map((m) => m.name)).size).toBe(1000);
    const last = moduleNamed(result, "service-999");
    expect(last.location).toEqual({ file: "infra/main.tf", line: 2998, endLine: 3000 });
    expect(plain(attr(last, "namespaces"))).toEqual(["ns-999"]);
  });
});

describe("parseTerraformDirectory: locals", () => {
  it("resolves locals from another file of the same directory, at the reference's line", () => {
    const result = parseTerraformDirectory(parser, [
      {
        path: "infra/main.tf",
        text: `module "m" {
  namespaces = local.namespaces
  company    = local.company
}`,
      },
      {
        path: "infra/locals.tf",
        text: `locals {
  namespaces = [
    "a",
    "b",
  ]
}
locals {
  company = "company-x"
}`,
      },
    ]);
    expect(result.problems).toEqual([]);
    const module = moduleNamed(result, "m");
    const namespaces = attr(module, "namespaces");
    expect(plain(namespaces)).toEqual(["a", "b"]);
    const where = { file: "infra/main.tf", line: 2, endLine: 2 };
    expect(namespaces.location).toEqual(where);
    expect(namespaces.kind === "list" && namespaces.items.map((item) => item.location)).toEqual([where, where]);
    expect(plain(attr(module, "company"))).toBe("company-x");
    expect(attr(module, "company").location).toEqual({ file: "infra/main.tf", line: 3, endLine: 3 });
  });

  it("resolves a local that refers to another local, and field/index access", () => {
    const module = moduleNamed(
      parseOne(`locals {
  base    = { security = { namespaces = ["x", "y"] } }
  derived = local.base.security
  first   = local.derived.namespaces[0]
}
module "m" {
  network = { security = local.derived }
  first   = local.first
  second  = local.base["security"].namespaces[1]
  legacy  = local.derived.namespaces.1
}`),
      "m",
    );
    expect(plain(attr(module, "network"))).toEqual({ security: { namespaces: ["x", "y"] } });
    expect(attr(module, "network", "security", "namespaces").location.line).toBe(7);
    expect(plain(attr(module, "first"))).toBe("x");
    expect(attr(module, "first").location.line).toBe(8);
    expect(plain(attr(module, "second"))).toBe("y");
    expect(plain(attr(module, "legacy"))).toBe("y");
  });

  it("makes cyclic, unknown and out-of-range locals unresolvable", () => {
    const result = parseOne(`locals {
  a    = local.b
  b    = [local.a]
  self = local.self
  list = ["only"]
}
module "m" {
  cycle   = local.a
  self    = local.self
  unknown = local.nope
  range   = local.list[3]
}`);
    const module = moduleNamed(result, "m");
    expectUnresolvable(attr(module, "cycle"), "local.a", /cycle/);
    expectUnresolvable(attr(module, "self"), "local.self", /cycle/);
    expectUnresolvable(attr(module, "unknown"), "local.nope", /unknown local/);
    expectUnresolvable(attr(module, "range"), "local.list[3]", /out of range/);
    expect(attr(module, "cycle").location.line).toBe(8);
    expect(result.problems).toEqual([]);
  });

  it("reports a local defined twice and makes it unresolvable", () => {
    const result = parseTerraformDirectory(parser, [
      { path: "infra/a.tf", text: `locals {\n  ns = ["a"]\n}\nmodule "m" {\n  namespaces = local.ns\n}\n` },
      { path: "infra/b.tf", text: `locals {\n  other = 1\n  ns    = ["b"]\n}\n` },
    ]);
    expectUnresolvable(attr(moduleNamed(result, "m"), "namespaces"), "local.ns", /more than once/);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      rule: "unresolvable",
      severity: "error",
      location: { file: "infra/b.tf", line: 3, endLine: 3 },
    });
    expect(result.problems[0]!.message).toContain("infra/a.tf:2");
  });
});

describe("parseTerraformDirectory: unresolvable expressions", () => {
  const source = `module "m" {
  variable     = var.namespaces
  module_out   = module.other.namespaces
  data_source  = data.x.y
  interpolated = "\${var.prefix}-ns"
  local_interp = "ns-\${local.x}"
  directive    = "%{ if true }x%{ endif }"
  call         = concat(["a"], ["b"])
  for_expr     = [for ns in ["a"] : upper(ns)]
  conditional  = true ? ["a"] : ["b"]
  arithmetic   = 1 + 2
  splat        = module.x[*].id
  list         = ["ok", var.extra, "also ok"]
}
locals {
  x = "y"
}`;
  let result: TerraformResult;
  let module: TfModule;
  beforeAll(() => {
    result = parseOne(source);
    module = moduleNamed(result, "m");
  });

  it("keeps variables, module outputs and data sources unresolvable", () => {
    expectUnresolvable(attr(module, "variable"), "var.namespaces", /input variable/);
    expectUnresolvable(attr(module, "module_out"), "module.other.namespaces", /module/);
    expectUnresolvable(attr(module, "data_source"), "data.x.y", /data source/);
    expect(attr(module, "variable").location).toEqual({ file: "infra/main.tf", line: 2, endLine: 2 });
  });

  it("keeps interpolation and template directives unresolvable", () => {
    expectUnresolvable(attr(module, "interpolated"), '"${var.prefix}-ns"', /interpolation/);
    expectUnresolvable(attr(module, "local_interp"), '"ns-${local.x}"', /interpolation/);
    expectUnresolvable(attr(module, "directive"), '"%{ if true }x%{ endif }"', /directive/);
  });

  it("keeps function calls, for expressions, conditionals, operators and splats unresolvable", () => {
    expectUnresolvable(attr(module, "call"), 'concat(["a"], ["b"])', /function call `concat\(\)`/);
    expectUnresolvable(attr(module, "for_expr"), '[for ns in ["a"] : upper(ns)]', /for/);
    expectUnresolvable(attr(module, "conditional"), 'true ? ["a"] : ["b"]', /conditional/);
    expectUnresolvable(attr(module, "arithmetic"), "1 + 2", /operator/);
    expect(attr(module, "splat").kind).toBe("unresolvable");
  });

  it("keeps the resolvable items of a list next to an unresolvable one", () => {
    expect(plain(attr(module, "list"))).toEqual(["ok", { unresolvable: "var.extra" }, "also ok"]);
  });

  it("does not emit a problem per unresolvable value", () => {
    expect(result.problems).toEqual([]);
  });
});

describe("parseTerraformDirectory: duplicates", () => {
  it("reports an attribute defined twice in a module and makes it unresolvable", () => {
    const result = parseOne(`module "m" {\n  namespaces = ["a"]\n  namespaces = ["b"]\n}\n`);
    expect(attr(moduleNamed(result, "m"), "namespaces").kind).toBe("unresolvable");
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ rule: "unresolvable", location: { line: 3 } });
  });

  it("reports a module name declared twice and keeps both modules", () => {
    const result = parseTerraformDirectory(parser, [
      { path: "infra/a.tf", text: `module "m" {\n  x = 1\n}\n` },
      { path: "infra/b.tf", text: `\nmodule "m" {\n  x = 2\n}\n` },
    ]);
    expect(result.modules.map((m) => m.location.file)).toEqual(["infra/a.tf", "infra/b.tf"]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ location: { file: "infra/b.tf", line: 2 } });
  });
});

describe("fingerprint", () => {
  const block = `module "service-1" {
  service_name = "service-1"
  namespaces   = ["a", "b"]
}
`;

  it("stays the same when the block moves down three lines", () => {
    const before = moduleNamed(parseOne(block), "service-1");
    const after = moduleNamed(parseOne(`\n# moved\n\n${block}`), "service-1");
    expect(after.location.line).toBe(before.location.line + 3);
    expect(after.fingerprint).toBe(before.fingerprint);
    expect(after.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes when a value changes", () => {
    const before = moduleNamed(parseOne(block), "service-1");
    const changed = moduleNamed(parseOne(block.replace('"b"', '"c"')), "service-1");
    expect(changed.fingerprint).not.toBe(before.fingerprint);
  });

  it("changes when a local the module uses changes", () => {
    const uses = `module "m" {\n  namespaces = local.ns\n}\n`;
    const a = moduleNamed(parseTerraformDirectory(parser, [{ path: "a.tf", text: uses }, { path: "l.tf", text: `locals {\n  ns = ["a"]\n}` }]), "m");
    const b = moduleNamed(parseTerraformDirectory(parser, [{ path: "a.tf", text: uses }, { path: "l.tf", text: `locals {\n  ns = ["b"]\n}` }]), "m");
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});

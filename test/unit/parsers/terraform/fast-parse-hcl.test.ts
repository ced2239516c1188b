/**
 * The shapes the fast path for plain HCL must refuse (tree-sitter reads them), and what it gives for the
 * shapes it takes. Whether what it takes equals tree-sitter's result is test/properties/fast-parse-hcl.test.ts.
 */
import { describe, expect, it } from "vitest";
import { fastParseHcl } from "../../../../src/parsers/terraform/fast-parse-hcl.js";
import { parseTerraformFile, parseTerraformFileWithTreeSitter } from "../../../../src/parsers/terraform/parse-terraform.js";
import { loadTerraformParser } from "../../../../src/parsers/terraform/load-terraform-parser.js";

const parser = await loadTerraformParser();

/** A module block with one attribute written as `value`. */
const attribute = (value: string): string => `module "m" {\n  source = "kit"\n  x = ${value}\n}\n`;

const REFUSED: [string, string][] = [
  ["a template calling a function", attribute('"${upper(var.x)}"')],
  ["a template with an index", attribute('"${local.x[0]}"')],
  ["a template with an operator", attribute('"${local.x + 1}"')],
  ["a template with a literal", attribute('"${"a"}"')],
  ["a template with a strip marker", attribute('"${~local.x}"')],
  ["an empty template", attribute('"${}"')],
  ["an unclosed template", attribute('"${local.x"')],
  ["a template over two lines", attribute('"${\nlocal.x}"')],
  ["a template in an object key", attribute('{ "${local.k}" = 1 }')],
  ["a template in a block label", 'module "${local.m}" {\n}\n'],
  ["a template directive", attribute('"%{ if true }a%{ endif }"')],
  ["an escaped template marker", attribute('"$${x}"')],
  ["an escaped directive marker", attribute('"%%{x}"')],
  ["a heredoc", attribute("<<EOT\nabc\nEOT")],
  ["a flush heredoc", attribute("<<-EOT\n  abc\n  EOT")],
  ["a function call after a space", attribute("file (x)")],
  ["a function call with an expansion", attribute("concat(local.x...)")],
  ["a function call followed by an index", attribute("split(\",\", local.x)[0]")],
  ["a function call with a conditional argument", attribute("max(true ? 1 : 2)")],
  ["a function call without its closing parenthesis", attribute("max(1, 2")],
  ["a function call with a missing comma", attribute("max(1 2)")],
  ["a provider function", attribute("provider::aws::arn_parse(local.x)")],
  ["a keyword called as a function", attribute("for(1)")],
  ["an index", attribute("local.a[0]")],
  ["a legacy index", attribute("local.a.0")],
  ["a splat", attribute("local.a[*].b")],
  ["an attribute splat", attribute("local.a.*.b")],
  ["a parenthesised expression", attribute("(1)")],
  ["an operator", attribute("1 + 2")],
  ["a comparison", attribute('"a" == "b"')],
  ["a conditional", attribute("true ? 1 : 2")],
  ["a negation", attribute("!true")],
  ["a minus with a space", attribute("- 1")],
  ["a negated name", attribute("-local.x")],
  ["a for expression", attribute("[for s in local.x : s]")],
  ["an object for expression", attribute("{ for k, v in local.x : k => v }")],
  ["a hexadecimal number", attribute("0x1f")],
  ["an exponent without a fraction", attribute("1e5")],
  ["a number ending in a dot", attribute("1.")],
  ["a number with two dots", attribute("1.2.3")],
  ["a name right after a number", attribute("12abc")],
  ["a unicode escape", attribute('"caf\\u00e9"')],
  ["a long unicode escape", attribute('"\\U0001F600"')],
  ["an unknown escape", attribute('"a\\x"')],
  ["an unterminated string", attribute('"abc')],
  ["a string over two lines", attribute('"ab\ncd"')],
  ["a missing comma in a list", attribute('["a" "b"]')],
  ["an unclosed list", attribute('["a", "b"')],
  ["a missing value", attribute("")],
  ["a value on the next line", 'module "m" {\n  x =\n    1\n}\n'],
  ["two object entries on one line without a comma", attribute("{ a = 1 b = 2 }")],
  ["an object entry with a colon", attribute("{ a: 1 }")],
  ["an object key that is a reference", attribute("{ local.k = 1 }")],
  ["an object key given twice", attribute("{ a = 1, a = 2 }")],
  ["an object key given twice, quoted once", attribute('{ a = 1, "a" = 2 }')],
  ["a keyword as an object key", attribute("{ for = 1 }")],
  ["null as an object key", attribute("{ null = 1 }")],
  ["an attribute given twice", 'module "m" {\n  x = 1\n  x = 2\n}\n'],
  ["an attribute and a block of the same name", 'module "m" {\n  x = 1\n  x {\n  }\n}\n'],
  ["a labelled nested block in a module", 'module "m" {\n  dynamic "x" {\n  }\n}\n'],
  ["a nested block in locals", "locals {\n  x {\n  }\n}\n"],
  ["a labelled locals block", 'locals "x" {\n  a = 1\n}\n'],
  ["an attribute at the top level", 'x = 1\nmodule "m" {\n}\n'],
  ["two attributes on one line", 'module "m" { x = 1 y = 2 }\n'],
  ["an attribute on the line of its block", 'module "m" { x = 1 }\n'],
  ["a closing brace after a value", 'module "m" {\n  x = 1 }\n'],
  ["two blocks on one line", 'module "a" {} module "b" {}\n'],
  ["a missing closing brace", 'module "m" {\n  x = 1\n'],
  ["a stray closing brace", 'module "m" {\n}\n}\n'],
  ["an unterminated comment", 'module "m" {\n  /* x = 1\n}\n'],
  ["a comment over two lines after a value", 'module "m" {\n  x = 1 /* a\n  b */\n}\n'],
  ["a carriage return", 'module "m" {\r\n  x = 1\r\n}\r\n'],
  ["a NUL byte", 'module "m" {\n  x = "a\0"\n}\n'],
  ["a byte order mark", '\ufeffmodule "m" {\n}\n'],
  ["a line separator", 'module "m" {\n  x = "a\u2028"\n}\n'],
  ["a vertical tab", 'module "m" {\n\u000b  x = 1\n}\n'],
  ["a no-break space between tokens", 'module "m" {\n  x =\u00a01\n}\n'],
  ["a non-ASCII name", 'module "m" {\n  café = 1\n}\n'],
  ["a name with `::`", 'module "m" {\n  a::b = 1\n}\n'],
  ["a keyword as an attribute name", 'module "m" {\n  for = 1\n}\n'],
  ["a whole file as an object", '{\n  "a" = 1\n}\n'],
  ["values nested deeper than the limit", attribute("[".repeat(102) + "]".repeat(102))],
  ["blocks nested deeper than the limit", `module "m" {\n${"a {\n".repeat(101)}${"}\n".repeat(101)}}\n`],
  ["blocks nested deeper than the call stack", `terraform {\n${"a{\n".repeat(40000)}${"}\n".repeat(40000)}}\n`],
  ["a file over 256 KiB", `# ${"x".repeat(256 * 1024)}\n`],
];

describe("fastParseHcl", () => {
  it.each(REFUSED)("refuses %s", (_name, text) => {
    expect(fastParseHcl("t.tf", text)).toBeNull();
  });

  it("hands a refused file to tree-sitter unchanged: its syntax error is still reported", () => {
    const text = 'module "m" {\n  x = ["a" "b"]\n}\n';
    const result = parseTerraformFile(parser, "t.tf", text);
    expect(result).toStrictEqual(parseTerraformFileWithTreeSitter(parser, "t.tf", text));
    expect(result.problems.map((p) => [p.rule, p.location.line])).toEqual([["parse-error", 2]]);
  });

  it("takes a kit file: values, lines, local references, and no fingerprint while a local is used", () => {
    const text = [
      "# Services of team-a.",
      'module "service-1" {',
      '  source          = "microservice-service-kit/v1.4.0.tar.gz" // pinned',
      "  service_company = local.company",
      "  replicas        = -2",
      "  network = {",
      "    security = {",
      "      enable_network_policy = true",
      '      namespaces = ["service-2", /* peer */ "service-3",]',
      "    }",
      "  }",
      "}",
      "",
    ].join("\n");
    const result = fastParseHcl("terraform/a.tf", text);
    expect(result).not.toBeNull();
    const module = result!.modules[0]!;
    expect(module).toMatchObject({ name: "service-1", location: { line: 2, endLine: 12 }, fingerprint: null, references: [{ name: "company", depth: 1 }] });
    if (!("attributes" in module)) throw new Error("a module was expected");
    expect(module.attributes.get("replicas")).toEqual({ kind: "number", value: -2, location: { file: "terraform/a.tf", line: 5, endLine: 5 } });
    expect(module.attributes.get("network")).toMatchObject({ kind: "object", location: { line: 6, endLine: 11 } });
    expect(result).toStrictEqual(parseTerraformFileWithTreeSitter(parser, "terraform/a.tf", text));
  });

  it("takes a string interpolating a plain reference as unresolvable, as the evaluator does", () => {
    const text = attribute('"${local.prefix}-api-${ var.env }"');
    expect(fastParseHcl("t.tf", text)?.modules[0]).toMatchObject({
      attributes: new Map([
        ["source", { kind: "string", value: "kit", location: { file: "t.tf", line: 2, endLine: 2 } }],
        ["x", { kind: "unresolvable", text: '"${local.prefix}-api-${ var.env }"', reason: "string interpolation", location: { file: "t.tf", line: 3, endLine: 3 } }],
      ]),
      references: [],
    });
    expect(fastParseHcl("t.tf", text)).toStrictEqual(parseTerraformFileWithTreeSitter(parser, "t.tf", text));
  });

  it("takes a function call of plain values as unresolvable, its arguments unread", () => {
    const text = attribute('concat(\n    local.peers, # shared\n    ["a", upper("b")],\n  )');
    const module = fastParseHcl("t.tf", text)?.modules[0];
    expect(module).toMatchObject({ references: [], fingerprint: expect.any(String) });
    expect(module && "attributes" in module && module.attributes.get("x")).toEqual({
      kind: "unresolvable",
      text: 'concat(\n    local.peers, # shared\n    ["a", upper("b")],\n  )',
      reason: "function call `concat()`",
      location: { file: "t.tf", line: 3, endLine: 6 },
    });
    expect(fastParseHcl("t.tf", text)).toStrictEqual(parseTerraformFileWithTreeSitter(parser, "t.tf", text));
  });

  it("takes a module block without exactly one label as the problem tree-sitter reports", () => {
    const text = 'module "a" "b" {\n  x = 1\n}\n';
    expect(fastParseHcl("t.tf", text)?.modules).toEqual([
      { problem: { rule: "parse-error", severity: "error", location: { file: "t.tf", line: 1, endLine: 3 }, message: "A module block needs exactly one label, found 2" } },
    ]);
    expect(fastParseHcl("t.tf", text)).toStrictEqual(parseTerraformFileWithTreeSitter(parser, "t.tf", text));
  });
});

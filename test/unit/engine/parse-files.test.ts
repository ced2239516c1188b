import { describe, expect, it } from "vitest";
import { ParseCache, parseFiles } from "../../../src/engine/parse-files.js";
import type { SnapshotFile } from "../../../src/model/snapshot-file.js";
import type { TerraformResult, TfValue } from "../../../src/model/types.js";
import { parseTerraformDirectory } from "../../../src/parsers/terraform/parse-terraform.js";
import { loadTerraformParser } from "../../../src/parsers/terraform/load-terraform-parser.js";

const parser = await loadTerraformParser();

/** A cache that records the Terraform files it had to parse. */
class CountingCache extends ParseCache {
  parsed: string[] = [];
  override terraformFile(...[path, digest, parse]: Parameters<ParseCache["terraformFile"]>): ReturnType<ParseCache["terraformFile"]> {
    return super.terraformFile(path, digest, () => {
      this.parsed.push(path);
      return parse();
    });
  }
}

function tf(path: string, text: string): SnapshotFile {
  // The digest stands for the content, as a blob SHA does.
  return { path, kind: "terraform", text, digest: `${text.length}:${text}` };
}

const module = (name: string, company = "local.company") =>
  `module "${name}" {\n  source = "kit"\n  service_name = "${name}"\n  service_company = ${company}\n  namespaces = ["a", local.extra]\n}\n`;
const locals = (company: string) => `locals {\n  company = "${company}"\n  extra = "b"\n}\n`;

function value(result: TerraformResult, module: string, attribute: string): TfValue | undefined {
  return result.modules.find((m) => m.name === module)?.attributes.get(attribute);
}

describe("parseFiles: Terraform cached file by file", () => {
  const base = [
    tf("terraform/x/locals.tf", locals("company-x")),
    tf("terraform/x/team-a.tf", module("svc-a")),
    tf("terraform/x/team-b.tf", module("svc-b")),
    tf("terraform/x/team-c.tf", module("svc-c")),
    tf("terraform/y/team-d.tf", module("svc-d", '"company-y"')),
  ];

  it("parses every distinct file once; a change to one file re-parses that file only", () => {
    const cache = new CountingCache();
    parseFiles(base, parser, cache);
    expect([...cache.parsed].sort()).toEqual(base.map((f) => f.path).sort());

    cache.parsed = [];
    const head = base.map((f) => (f.path === "terraform/x/team-b.tf" ? tf(f.path, module("svc-b2")) : f));
    const parsed = parseFiles(head, parser, cache);
    expect(cache.parsed).toEqual(["terraform/x/team-b.tf"]);
    const x = parsed.terraform.find((t) => t.modules.some((m) => m.name === "svc-a"))!;
    expect(x.modules.map((m) => m.name)).toEqual(["svc-a", "svc-b2", "svc-c"]);
    expect(x).toStrictEqual(parseTerraformDirectory(parser, head.filter((f) => f.path.startsWith("terraform/x/")) as { path: string; text: string }[]));

    cache.parsed = [];
    parseFiles(base, parser, cache);
    parseFiles(head, parser, cache);
    expect(cache.parsed).toEqual([]);
  });

  it("a change to a locals file re-parses that file and resolves its directory again", () => {
    const cache = new CountingCache();
    const before = parseFiles(base, parser, cache);
    cache.parsed = [];
    const head = base.map((f) => (f.path === "terraform/x/locals.tf" ? tf(f.path, locals("company-z")) : f));
    const after = parseFiles(head, parser, cache);
    expect(cache.parsed).toEqual(["terraform/x/locals.tf"]);
    const company = (parsed: typeof before, name: string) => {
      const found = parsed.terraform.map((t) => value(t, name, "service_company")).find((v) => v !== undefined);
      return found?.kind === "string" ? found.value : found;
    };
    expect(company(before, "svc-a")).toBe("company-x");
    for (const name of ["svc-a", "svc-b", "svc-c"]) expect(company(after, name)).toBe("company-z");
    // The reference keeps its own place, and the other directory is the same object as before.
    expect(after.terraform.find((t) => value(t, "svc-a", "service_company"))!.modules[0]!.attributes.get("service_company")!.location).toEqual({
      file: "terraform/x/team-a.tf",
      line: 4,
      endLine: 4,
    });
    expect(after.terraform.find((t) => value(t, "svc-d", "service_company"))).toBe(before.terraform.find((t) => value(t, "svc-d", "service_company")));
  });

  it("removing the locals file leaves the references unresolvable without re-parsing the others", () => {
    const cache = new CountingCache();
    parseFiles(base, parser, cache);
    cache.parsed = [];
    const after = parseFiles(
      base.filter((f) => f.path !== "terraform/x/locals.tf"),
      parser,
      cache,
    );
    expect(cache.parsed).toEqual([]);
    const company = after.terraform.map((t) => value(t, "svc-b", "service_company")).find((v) => v !== undefined);
    expect(company).toMatchObject({ kind: "unresolvable", reason: "unknown local value `local.company`" });
  });
});

describe("ParseCache.fit", () => {
  const many = Array.from({ length: 12 }, (_, i) => tf(`terraform/d${i}/main.tf`, module(`svc-${i}`, '"company-x"')));

  it("below a judgement's size, the first results are dropped before the last are in, and parsed again", () => {
    const cache = new CountingCache(4);
    parseFiles(many, parser, cache);
    cache.parsed = [];
    parseFiles(many, parser, cache);
    expect(cache.parsed.length).toBe(many.length);
  });

  it("fitted to a judgement, keeps every result of it (and never lowers its bound)", () => {
    const cache = new CountingCache(4);
    cache.fit(many.length);
    cache.fit(2);
    parseFiles(many, parser, cache);
    cache.parsed = [];
    parseFiles(many, parser, cache);
    expect(cache.parsed).toEqual([]);
  });
});

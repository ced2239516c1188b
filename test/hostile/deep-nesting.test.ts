import { describe, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile, starterKit } from "./hostile-helpers.js";

const DEPTH = 10_000;
const YAML_FILE = "kubernetes/services/service-1/deep.yaml";
const TF_FILE = "terraform/services/company-x/deep.tf";

describe("hostile: 10,000-deep nesting", () => {
  it.each([
    ["flow sequences", `${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}`],
    ["JSON objects", `${'{"a":'.repeat(DEPTH)}1${"}".repeat(DEPTH)}`],
    // 10,000 levels of indentation: a 50 MB file, only possible in memory (the readers stop at 1 MiB).
    ["block mappings", `${Array.from({ length: DEPTH }, (_, depth) => `${" ".repeat(depth)}a:`).join("\n")} 1`],
  ])("YAML %s: a parse error at the document's first line (its `---`)", async (label, deep) => {
    const run = await judgeHostile(hostileHead({ [YAML_FILE]: `# ${DEPTH} levels\n---\n${deep}\n` }));
    expectHostileOutcome(`deep YAML ${label}`, run, { rule: "parse-error", file: YAML_FILE, line: 2, message: /nested too deeply|could not be read/ });
  });

  it("HCL: a 10,000-deep list as a starter-kit entry is unresolvable at its line", async () => {
    const deep = `${"[".repeat(DEPTH)}"service-4"${"]".repeat(DEPTH)}`;
    const text = starterKit("service-9", "service-9", "team-a", "company-x", ["service-1"]).replace('"service-1",', `${deep},`);
    const run = await judgeHostile(hostileHead({ [TF_FILE]: text }));
    expectHostileOutcome("deep HCL list", run, { rule: "unresolvable", file: TF_FILE, line: 10, message: /namespaces entry .*any namespace/ });
  });

  it("HCL: a 10,000-deep local used as the namespace list is unresolvable at the reference", async () => {
    const text = `locals {\n  deep = ${"{ a = ".repeat(DEPTH)}1${" }".repeat(DEPTH)}\n}\n\n` + starterKit("service-9", "service-9", "team-a", "company-x", []);
    const run = await judgeHostile(hostileHead({ [TF_FILE]: text.replace("namespaces = [\n      ]", "namespaces = local.deep") }));
    expectHostileOutcome("deep HCL local", run, { rule: "unresolvable", file: TF_FILE, line: 13, message: /namespaces is an object/ });
  });
});

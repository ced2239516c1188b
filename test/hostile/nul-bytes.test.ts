import { describe, it } from "vitest";
import { egressPolicy, expectHostileOutcome, hostileHead, judgeHostile, judgeThroughGit, starterKit } from "./hostile-helpers.js";

describe("hostile: NUL bytes", () => {
  it("a manifest with a NUL byte is binary (local git reader): parse error at line 1", async () => {
    const file = "kubernetes/services/service-1/nul.yaml";
    const run = await judgeThroughGit({ [file]: Buffer.concat([Buffer.from(egressPolicy("p", "service-1", "service-4")), Buffer.from([0x00, 0x0a])]) });
    expectHostileOutcome("NUL in manifest (git)", run, { rule: "parse-error", file, line: 1, message: /binary/ });
  });

  it("a Terraform file with a NUL byte is binary too", async () => {
    const file = "terraform/services/company-x/nul.tf";
    const text = starterKit("service-9", "service-9", "team-a", "company-x", ["service-4"]).replace('"service-9"', '"service-9\u0000"');
    const run = await judgeThroughGit({ [file]: Buffer.from(text) });
    expectHostileOutcome("NUL in Terraform (git)", run, { rule: "parse-error", file, line: 1, message: /binary/ });
  });

  it("text handed over with a NUL (another reader) is refused by the parsers, at the NUL's line for YAML", async () => {
    const yaml = "kubernetes/services/service-1/nul.yaml";
    const tf = "terraform/services/company-x/nul.tf";
    const run = await judgeHostile(
      hostileHead({
        [yaml]: egressPolicy("p", "service-1", "service-4").replace("name: p", "name: p\u0000"),
        [tf]: starterKit("service-9", "service-9", "team-a", "company-x", ["service-4"]).replace('"service-9"', '"service-9\u0000"'),
      }),
    );
    expectHostileOutcome("NUL in text", run, [
      { rule: "parse-error", file: yaml, line: 4, message: /binary/ },
      { rule: "parse-error", file: tf, line: 1, message: /NUL/ },
    ]);
  });
});

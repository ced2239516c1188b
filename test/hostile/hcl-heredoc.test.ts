import { describe, expect, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile, starterKit } from "./hostile-helpers.js";

const FILE = "terraform/services/company-x/heredoc.tf";
const KIT = starterKit("service-9", "service-9", "team-a", "company-x", ["service-1"]);

describe("hostile: HCL heredocs", () => {
  it("a module written inside a heredoc is text, not a module; a crossing after the heredoc is still found", async () => {
    const text = KIT.replace(
      "  network = {",
      `  description = <<EOT
module "service-8" {
  source          = "microservice-service-kit/v1.4.0.tar.gz"
  service_name    = "service-8"
  service_team    = "team-c"
  service_company = "company-y"
}
EOT
  network = {`,
    ).replace('"service-1",', '"service-1",\n        "service-4",');
    const run = await judgeHostile(hostileHead({ [FILE]: text }));
    expectHostileOutcome("heredoc hiding a module", run, { rule: "cross-vc-access", file: FILE, line: 19, namespace: "service-9" });
    expect(run.change.head.model.services.map((s) => s.name)).not.toContain("service-8");
  });

  it("a namespace entry written as a heredoc keeps its newline: it is not a namespace name", async () => {
    const text = KIT.replace('"service-1",', "<<-EOT\n          service-4\n        EOT\n        ,");
    const run = await judgeHostile(hostileHead({ [FILE]: text }));
    const [finding] = expectHostileOutcome("heredoc entry", run, { rule: "invalid-policy", file: FILE, line: 10 });
    expect(finding?.message).toContain('"service-4\\u000a" is not a valid namespace name');
  });

  it("a heredoc with an interpolation is unresolvable at its line", async () => {
    const text = KIT.replace('"service-1",', "<<EOT\n${local.target}\nEOT\n        ,");
    const run = await judgeHostile(hostileHead({ [FILE]: text }));
    expectHostileOutcome("heredoc interpolation", run, { rule: "unresolvable", file: FILE, line: 10, message: /string interpolation/ });
  });

  it("a heredoc that is never closed is a parse error, and the other files are judged", async () => {
    const text = KIT.replace('"service-1",', "<<EOT\nservice-4\n");
    const run = await judgeHostile(hostileHead({ [FILE]: text }));
    expectHostileOutcome("unterminated heredoc", run, { rule: "parse-error", file: FILE, line: 6 });
  });
});

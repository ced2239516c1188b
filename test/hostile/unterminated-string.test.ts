import { describe, expect, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile, starterKit } from "./hostile-helpers.js";

describe("hostile: an unterminated string", () => {
  it("HCL: reported at the line the string opens; the next module of the file is still read", async () => {
    const file = "terraform/services/company-x/team-a.tf";
    const text =
      starterKit("service-1", "service-1", "team-a", "company-x", ["service-2"]).replace('"service-2",', '"service-2,') +
      "\n" +
      starterKit("service-2", "service-2", "team-a", "company-x", ["service-1", "service-4"]);
    const run = await judgeHostile(hostileHead({ [file]: text }));
    expectHostileOutcome("unterminated HCL string", run, [
      { rule: "parse-error", file, line: 10, message: "unterminated string near `\"service-2,`" },
      // service-2's crossing entry, after the broken module, is still found.
      { rule: "cross-vc-access", file, line: 26, namespace: "service-2" },
    ]);
  });

  it("HCL: a string left open at the end of the file", async () => {
    const file = "terraform/services/company-x/eof.tf";
    const run = await judgeHostile(hostileHead({ [file]: `module "service-9" {\n  source = "microservice-service-kit/v1.4.0.tar.gz\n` }));
    expectHostileOutcome("HCL string open at EOF", run, { rule: "parse-error", file, line: 2, message: /unterminated string/ });
  });

  it("YAML: a quoted scalar that never closes is a parse error at its line, with the policy's namespace", async () => {
    const file = "kubernetes/services/service-1/open-quote.yaml";
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: open-quote
  namespace: service-1
spec:
  podSelector:
    matchLabels:
      app: "web
  policyTypes: [Egress]
`;
    const run = await judgeHostile(hostileHead({ [file]: text }));
    const [finding] = expectHostileOutcome("unterminated YAML string", run, { rule: "parse-error", file, line: 9, namespace: "service-1" });
    expect(finding?.message).toMatch(/quote/i);
  });

  it("YAML: a single-quoted scalar with escaped quotes that never closes, at its line", async () => {
    const file = "kubernetes/services/service-1/open-single-quote.yaml";
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: open-single-quote
  namespace: service-1
  annotations:
    note: 'it''s fine'
    other: '''quoted'' and open
spec:
  podSelector: {}
`;
    const run = await judgeHostile(hostileHead({ [file]: text }));
    expectHostileOutcome("unterminated YAML single quote", run, { rule: "parse-error", file, line: 8, message: /quote/ });
  });

  it("HCL: quotes in comments and heredocs are not taken for an unterminated string", async () => {
    const file = "terraform/services/company-x/comments.tf";
    const text = `# a "quote in a comment
module "service-9" {
  // another " in a comment
  description = <<EOT
an odd " in a heredoc
EOT
  namespaces = ["a" "b"]
}
`;
    const run = await judgeHostile(hostileHead({ [file]: text }));
    const [finding] = expectHostileOutcome("HCL error near quotes", run, { rule: "parse-error", file, line: 7 });
    expect(finding?.message).not.toMatch(/unterminated/);
  });
});

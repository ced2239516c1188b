import { describe, it } from "vitest";
import { egressPolicy, expectHostileOutcome, hostileHead, judgeHostile, judgeThroughGit, starterKit } from "./hostile-helpers.js";

const INVALID: [string, number[]][] = [
  ["a stray continuation byte", [0x80]],
  ["a truncated sequence", [0xc3, 0x28]],
  ["an overlong encoding of '/'", [0xc0, 0xaf]],
  ["an encoded UTF-16 surrogate", [0xed, 0xa0, 0x80]],
  ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
];

describe("hostile: invalid UTF-8", () => {
  it.each(INVALID)("a manifest with %s is not read (local git reader): parse error at line 1", async (label, bytes) => {
    const file = "kubernetes/services/service-1/latin1.yaml";
    const text = Buffer.concat([Buffer.from(egressPolicy("p", "service-1", "service-4")), Buffer.from("# "), Buffer.from(bytes), Buffer.from("\n")]);
    const run = await judgeThroughGit({ [file]: text });
    expectHostileOutcome(`invalid UTF-8 (${label})`, run, { rule: "parse-error", file, line: 1, message: /not valid UTF-8/ });
  });

  it("a Terraform file with invalid UTF-8 is not read either", async () => {
    const file = "terraform/services/company-x/latin1.tf";
    const text = Buffer.concat([Buffer.from(starterKit("service-9", "service-9", "team-a", "company-x", ["service-4"])), Buffer.from([0x23, 0x20, 0xe9, 0x0a])]);
    const run = await judgeThroughGit({ [file]: text });
    expectHostileOutcome("invalid UTF-8 (Terraform)", run, { rule: "parse-error", file, line: 1, message: /not valid UTF-8/ });
  });

  it("text decoded elsewhere with replacement characters is refused at the line where they are", async () => {
    const file = "kubernetes/services/service-1/replaced.yaml";
    const text = egressPolicy("p", "service-1", "service-4").replace("name: p", "name: caf\uFFFD");
    const run = await judgeHostile(hostileHead({ [file]: text }));
    expectHostileOutcome("U+FFFD in text", run, { rule: "parse-error", file, line: 4, message: /non-UTF-8/ });
  });
});

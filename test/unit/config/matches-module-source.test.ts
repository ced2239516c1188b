import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, matchesModuleSource } from "../../../src/config/parse-config.js";
import { moduleSourceCandidates } from "../../../src/config/matches-module-source.js";

const starter = DEFAULT_CONFIG.starterKit.source;
const team = DEFAULT_CONFIG.teamKit.source;

describe("matchesModuleSource with the default starterKit.source", () => {
  it.each([
    "microservice-service-kit/vX.Y.Z.tar.gz",
    "microservice-service-kit/v1.4.0.tar.gz",
    "microservice-starter-kit/v1.2.3.tar.gz",
    "git::https://github.com/acme/microservice-starter-kit.git?ref=v1.2.3",
    "git::https://github.com/acme/microservice-service-kit.git?ref=release/v1.2",
    "git::ssh://git@github.com/acme/microservice-service-kit.git",
    "github.com/acme/microservice-service-kit",
    "git::https://github.com/acme/infra-modules.git//microservice-service-kit?ref=v3",
    "../modules/microservice-starter-kit",
    "./modules/microservice-service-kit",
    "../../microservice-service-kit",
    "microservice-service-kit",
    "app.terraform.io/acme/microservice-service-kit/aws",
    "s3::https://s3.eu-west-1.amazonaws.com/acme-modules/microservice-service-kit.zip",
    "https://artifacts.acme.io/modules/microservice-service-kit.tgz",
    "Microservice-Service-Kit/v1.0.0.tar.gz",
    "  microservice-service-kit/v1.0.0.tar.gz  ",
  ])("recognises %s", (source) => {
    expect(matchesModuleSource(starter, source)).toBe(true);
  });

  it.each([
    "microservice-team-kit/v1.tar.gz",
    "terraform-aws-modules/vpc/aws",
    "../modules/microservice-team-kit",
    "microservice-service-kit-legacy/v1.tar.gz",
    "my-microservice-service-kit/v1.tar.gz",
    "git::https://github.com/acme/other.git?ref=microservice-service-kit",
    "hashicorp/consul/aws",
    "",
  ])("does not take %j for a starter kit", (source) => {
    expect(matchesModuleSource(starter, source)).toBe(false);
  });
});

describe("matchesModuleSource with the default teamKit.source", () => {
  it.each([
    "microservice-team-kit/v2.1.0.tar.gz",
    "git::https://github.com/acme/microservice-team-kit.git?ref=v2.1.0",
    "../modules/microservice-team-kit",
    "./modules/microservice-team-kit",
    "app.terraform.io/acme/microservice-team-kit/aws",
  ])("recognises %s", (source) => {
    expect(matchesModuleSource(team, source)).toBe(true);
  });

  it.each([
    "microservice-service-kit/v1.4.0.tar.gz",
    "microservice-starter-kit/v1.2.3.tar.gz",
    "terraform-aws-modules/vpc/aws",
  ])("does not take %s for a team kit", (source) => {
    expect(matchesModuleSource(team, source)).toBe(false);
  });
});

describe("matchesModuleSource with patterns written by users", () => {
  it.each<[pattern: string, source: string, expected: boolean]>([
    ["**/acme-service-kit*", "../modules/acme-service-kit", true],
    ["**/acme-service-kit*", "acme-service-kit-v1.2.tar.gz", true],
    ["**/acme-service-kit*", "git::https://github.com/acme/acme-service-kit.git?ref=v1", true],
    ["**/acme-service-kit*", "registry.acme.io/acme/acme-service-kit/aws", true],
    ["**/acme-service-kit*", "../modules/acme-team-kit", false],
    ["registry.acme.io/*/service-kit/**", "registry.acme.io/acme/service-kit/aws", true],
    ["registry.acme.io/*/service-kit/**", "registry.acme.io/platform/service-kit/kubernetes", true],
    ["registry.acme.io/*/service-kit/**", "registry.acme.io/acme/team-kit/aws", false],
    ["registry.acme.io/*/service-kit/**", "registry.example.com/acme/service-kit/aws", false],
    ["git::https://github.com/acme/*-kit.git?ref=*", "git::https://github.com/acme/service-kit.git?ref=v1", true],
    ["git::https://github.com/acme/*-kit.git*", "git::https://github.com/acme/service-kit.git?ref=v1", true],
    ["git::https://github.com/acme/*-kit.git*", "git::https://github.com/other/service-kit.git?ref=v1", false],
    ["*.git//service-kit", "git::https://github.com/acme/modules.git//service-kit?ref=v1", true],
    ["modules/service-kit", "../../modules/service-kit", true],
    ["modules/service-kit", "../../modules/service-kit-2", false],
    ["{service,starter}-kit", "./modules/starter-kit", true],
    ["@(svc|service)-kit", "./modules/svc-kit", true],
    // A pattern that does not pass validation matches nothing rather than throwing.
    ["", "microservice-service-kit", false],
    ["service-kit{", "service-kit{", false],
    ["!service-kit", "other-kit", false],
    ["x".repeat(2000), "x".repeat(2000), false],
  ])("%j against %j: %s", (pattern, source, expected) => {
    expect(matchesModuleSource(pattern, source)).toBe(expected);
  });

  // Backtracking on these would take far longer than the test's timeout: no duration is asserted (the
  // machine's load is not the code's).
  it("copes with a hostile source quickly", () => {
    const source = `${"a/".repeat(5000)}microservice-service-kit?${"x/".repeat(10_000)}`;
    expect(matchesModuleSource(starter, source)).toBe(true);
    expect(matchesModuleSource(starter, "/".repeat(10_000))).toBe(false);
    expect(matchesModuleSource("**/kit", `${"a/".repeat(20)}${"b".repeat(5000)}/kit`)).toBe(true);
  });
});

describe("moduleSourceCandidates", () => {
  it("tries the source and every run of consecutive parts, with and without the query", () => {
    expect(moduleSourceCandidates("git::https://h.io/kit.git?ref=a/b")).toEqual([
      "git::https://h.io/kit.git?ref=a/b",
      "git::https:",
      "git::https://h.io",
      "git::https://h.io/kit.git?ref=a",
      "h.io",
      "h.io/kit.git?ref=a",
      "h.io/kit.git?ref=a/b",
      "kit.git?ref=a",
      "kit.git?ref=a/b",
      "b",
      "git::https://h.io/kit.git",
      "h.io/kit.git",
      "kit.git",
    ]);
  });

  it("only tries the whole source and the suffixes in its last 32 parts when it has very many parts", () => {
    const candidates = moduleSourceCandidates(`${"a/".repeat(100)}kit`);
    expect(candidates).toHaveLength(1 + 32);
    expect(candidates).toContain("kit");
    expect(candidates).toContain("a/kit");
    expect(candidates).not.toContain("a");
  });

  it("does the same for a very long source", () => {
    const candidates = moduleSourceCandidates(`${"x".repeat(3000)}/modules/kit`);
    expect(candidates).toEqual([`${"x".repeat(3000)}/modules/kit`, "modules/kit", "kit"]);
  });
});

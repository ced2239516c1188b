import { readdirSync, readFileSync, type Dirent } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createPathFilter, DEFAULT_CONFIG, parseConfig } from "../../../src/config/parse-config.js";

describe("createPathFilter with the defaults", () => {
  const filter = createPathFilter(DEFAULT_CONFIG);

  it.each<[path: string, kind: "kubernetes" | "terraform" | null]>([
    ["kubernetes/policies/company-x/default-deny.yaml", "kubernetes"],
    ["deploy.yml", "kubernetes"],
    [".github/netpol-guard.yml", "kubernetes"],
    ["a/.hidden/policy.yaml", "kubernetes"],
    ["./kubernetes/ns.yaml", "kubernetes"],
    ["terraform/services/company-x/service-1.tf", "terraform"],
    ["main.tf", "terraform"],
    ["terraform/services/company-x/service-1.tf.json", "terraform"],
    ["kubernetes/policies/np.json", "kubernetes"],
    ["kubernetes/list.json", "kubernetes"],
    ["terraform/terraform.tfvars", null],
    ["README.md", null],
    ["kubernetes/policy.YAML", null],
    ["node_modules/pkg/deploy.yaml", null],
    ["tools/node_modules/pkg/main.tf", null],
    [".git/config.yaml", null],
    ["vendor/.git/x.yaml", null],
    ["", null],
    ["kubernetes/", null],
  ])("%j is %s", (path, kind) => {
    expect(filter.kind(path)).toBe(kind);
  });
});

describe("createPathFilter with configured globs", () => {
  const { config, problems } = parseConfig(`
kubernetes: ["kubernetes/**/*.{yaml,yml}", "./charts/*/templates/*.yaml", "terraform/x.tf"]
terraform: ["/terraform/**/*.tf", "**/*.yaml"]
ignore: ["kubernetes/vendor", "**/testdata/**", "**/*.generated.yaml"]
`);

  it("reads the config without problems", () => {
    expect(problems).toEqual([]);
  });

  const filter = createPathFilter(config);

  it.each<[path: string, kind: "kubernetes" | "terraform" | null]>([
    ["kubernetes/policies/a.yaml", "kubernetes"],
    ["kubernetes/policies/a.yml", "kubernetes"],
    ["charts/app/templates/np.yaml", "kubernetes"],
    ["terraform/services/service-1.tf", "terraform"],
    ["modules/main.tf", null],
    // Matches both lists: Kubernetes first.
    ["kubernetes/x.yaml", "kubernetes"],
    ["other/x.yaml", "terraform"],
    // Unless it is named like a Terraform file.
    ["terraform/x.tf", "terraform"],
    // ignore wins, a directory pattern ignores what is under it.
    ["kubernetes/vendor/np.yaml", null],
    ["kubernetes/vendor/deep/np.yaml", null],
    ["kubernetes/vendored/np.yaml", "kubernetes"],
    ["kubernetes/testdata/np.yaml", null],
    ["kubernetes/policies/np.generated.yaml", null],
    ["terraform/testdata/main.tf", null],
  ])("%j is %s", (path, kind) => {
    expect(filter.kind(path)).toBe(kind);
  });

  it("watches nothing when the lists are empty", () => {
    const none = createPathFilter({ kubernetes: [], terraform: [], ignore: [] });
    expect(none.kind("a.yaml")).toBeNull();
    expect(none.kind("main.tf")).toBeNull();
  });

  it("ignores everything with ignore: ['**']", () => {
    const all = createPathFilter({ ...DEFAULT_CONFIG, ignore: ["**"] });
    expect(all.kind("a.yaml")).toBeNull();
    expect(all.kind("terraform/main.tf")).toBeNull();
  });

  it("never throws on a pattern that skipped validation", () => {
    const odd = createPathFilter({ kubernetes: ["", "a{b", "[", "!x"], terraform: ["**/*.tf"], ignore: [] });
    expect(odd.kind("main.tf")).toBe("terraform");
    expect(odd.kind("a{b")).toBe("kubernetes");
  });
});

describe("the bundled example's config", () => {
  const root = new URL("../../../examples/infra-repo/", import.meta.url);
  const { config, problems } = parseConfig(readFileSync(new URL(".github/netpol-guard.yml", root), "utf8"));

  it("is valid", () => {
    expect(problems).toEqual([]);
    expect(config.platform).toEqual({ team: "platform", approvals: 1 });
  });

  it("watches the example's manifests and Terraform, nothing else", () => {
    const filter = createPathFilter(config);
    const files = (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => relative(fileURLToPath(root), join(entry.parentPath, entry.name)).split(sep).join("/"))
      .sort();
    expect(Object.fromEntries(files.map((file) => [file, filter.kind(file)]))).toEqual({
      ".github/netpol-guard.yml": null,
      "observability/flows.json": null,
      "kubernetes/hnc/company-x.yaml": "kubernetes",
      "kubernetes/hnc/company-y.yaml": "kubernetes",
      "kubernetes/hnc/hnc-config.yaml": "kubernetes",
      "kubernetes/policies/company-x/allow-dns.yaml": "kubernetes",
      "kubernetes/policies/company-x/default-deny.yaml": "kubernetes",
      "kubernetes/policies/company-y/allow-dns.yaml": "kubernetes",
      "kubernetes/policies/company-y/allow-from-company-x.yaml": "kubernetes",
      "kubernetes/policies/company-y/default-deny.yaml": "kubernetes",
      "kubernetes/services/service-3/README.md": null,
      "kubernetes/services/service-3/netpol.yaml": "kubernetes",
      "terraform/services/company-x/locals.tf": "terraform",
      "terraform/services/company-x/team-a.tf": "terraform",
      "terraform/services/company-x/team-b.tf": "terraform",
      "terraform/services/company-y/team-c.tf": "terraform",
      "terraform/teams/main.tf": "terraform",
    });
  });
});

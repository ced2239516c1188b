import { describe, expect, it } from "vitest";
import { setHas } from "../../../src/model/namespace-set.js";
import type { Requirement } from "../../../src/model/types.js";
import { refFromFiles, starterKit, teamKit } from "../../helpers/model-from-files.js";

const files = {
  "tf/teams.tf": teamKit("team-a", "company-x") + teamKit("team-c", "company-y"),
  "tf/services.tf": starterKit("service-1", "team-a", "company-x", []) + starterKit("service-4", "team-c", "company-y", []),
  "k8s/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: service-4\n  labels:\n    tier: db\n",
};

async function matches(requirements: Requirement[]): Promise<string[]> {
  const { model } = await refFromFiles(files);
  const set = model.index.resolve({ requirements });
  const universe = [...model.hierarchy.nodes.keys(), ...model.index.phantoms];
  return universe.filter((n) => setHas(set, n)).sort();
}

describe("NamespaceIndex", () => {
  it("gives every namespace the labels Kubernetes and HNC set, HNC's only where HNC manages it", async () => {
    const { model } = await refFromFiles(files);
    expect(model.hierarchy.get("service-1")!.labels).toEqual({
      "kubernetes.io/metadata.name": "service-1",
      "hnc.x-k8s.io/included-namespace": "true",
      "service-1.tree.hnc.x-k8s.io/depth": "0",
      "team-a.tree.hnc.x-k8s.io/depth": "1",
      "company-x.tree.hnc.x-k8s.io/depth": "2",
    });
    expect(model.hierarchy.get("kube-system")!.labels).toEqual({ "kubernetes.io/metadata.name": "kube-system" });
  });

  it("lets no manifest override what the system sets, except HNC's labels where HNC does not manage", async () => {
    const namespace = (name: string, labels: string) =>
      `---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n${labels}`;
    const { model } = await refFromFiles({
      ...files,
      "k8s/ns.yaml":
        namespace("service-4", '    hnc.x-k8s.io/included-namespace: "false"\n    company-x.tree.hnc.x-k8s.io/depth: "1"\n    kubernetes.io/metadata.name: service-1\n    tier: db\n') +
        namespace("kube-system", '    company-x.tree.hnc.x-k8s.io/depth: "1"\n    kubernetes.io/metadata.name: other\n'),
    });
    expect(model.hierarchy.get("service-4")!.labels).toEqual({
      "kubernetes.io/metadata.name": "service-4",
      "hnc.x-k8s.io/included-namespace": "true",
      "service-4.tree.hnc.x-k8s.io/depth": "0",
      "team-c.tree.hnc.x-k8s.io/depth": "1",
      "company-y.tree.hnc.x-k8s.io/depth": "2",
      tier: "db",
    });
    expect(model.hierarchy.get("kube-system")!.labels).toEqual({
      "kubernetes.io/metadata.name": "kube-system",
      "company-x.tree.hnc.x-k8s.io/depth": "1",
    });
  });

  it("gives HNC's managed labels to the namespace, its descendants and the namespaces created under them", async () => {
    const { model } = await refFromFiles({
      ...files,
      "k8s/hierarchy.yaml":
        "apiVersion: hnc.x-k8s.io/v1alpha2\nkind: HierarchyConfiguration\nmetadata:\n  name: hierarchy\n  namespace: team-c\nspec:\n  labels:\n    - key: env\n      value: prod\n",
    });
    expect(model.hierarchy.get("service-4")!.labels.env).toBe("prod");
    expect(model.hierarchy.get("company-y")!.labels.env).toBeUndefined();
    const universe = [...model.hierarchy.nodes.keys(), ...model.index.phantoms];
    const resolve = (requirements: Requirement[]) => {
      const set = model.index.resolve({ requirements });
      return universe.filter((n) => setHas(set, n)).sort();
    };
    const prod: Requirement = { key: "env", operator: "In", values: ["prod"] };
    expect(resolve([prod])).toEqual(["company-y/*", "service-4", "team-c"]);
    // Outside team-c, no namespace of company-y, now or later, inherits it.
    expect(resolve([prod, { key: "team-c.tree.hnc.x-k8s.io/depth", operator: "DoesNotExist", values: [] }])).toEqual([]);
  });

  it("takes the namespaces HNC excludes from the config", async () => {
    const { model } = await refFromFiles(files, { hncExcludedNamespaces: [] });
    expect(model.hierarchy.get("kube-system")!.labels).toEqual({
      "kubernetes.io/metadata.name": "kube-system",
      "kube-system.tree.hnc.x-k8s.io/depth": "0",
      "hnc.x-k8s.io/included-namespace": "true",
    });
    const set = model.index.resolve({ requirements: [{ key: "hnc.x-k8s.io/included-namespace", operator: "DoesNotExist", values: [] }] });
    expect([...model.hierarchy.nodes.keys(), ...model.index.phantoms].filter((n) => setHas(set, n))).toEqual([]);
  });

  it.each<[string, Requirement[], string[]]>([
    ["an empty selector: everything, future namespaces too", [], ["*", "company-x", "company-x/*", "company-y", "company-y/*", "kube-system", "service-1", "service-4", "team-a", "team-c"]],
    ["a name", [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["service-4"] }], ["service-4"]],
    ["NotIn a name: everything else, future namespaces too", [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["service-4"] }], ["*", "company-x", "company-x/*", "company-y", "company-y/*", "kube-system", "service-1", "team-a", "team-c"]],
    ["a company's tree: its namespaces and its future ones", [{ key: "company-y.tree.hnc.x-k8s.io/depth", operator: "Exists", values: [] }], ["company-y", "company-y/*", "service-4", "team-c"]],
    ["a company's tree without the root", [{ key: "company-y.tree.hnc.x-k8s.io/depth", operator: "NotIn", values: ["0"] }], ["*", "company-x", "company-x/*", "company-y/*", "kube-system", "service-1", "service-4", "team-a", "team-c"]],
    ["a team's tree: the company's future namespaces may be in it", [{ key: "team-a.tree.hnc.x-k8s.io/depth", operator: "Exists", values: [] }], ["company-x/*", "service-1", "team-a"]],
    ["outside a company's tree", [{ key: "company-x.tree.hnc.x-k8s.io/depth", operator: "DoesNotExist", values: [] }], ["*", "company-y", "company-y/*", "kube-system", "service-4", "team-c"]],
    ["a label people set: no future namespace has it", [{ key: "tier", operator: "In", values: ["db"] }], ["service-4"]],
    ["DoesNotExist on a label people set: future namespaces lack it", [{ key: "tier", operator: "DoesNotExist", values: [] }], ["*", "company-x", "company-x/*", "company-y", "company-y/*", "kube-system", "service-1", "team-a", "team-c"]],
    [
      "HNC's included label: every namespace HNC manages, future ones too",
      [{ key: "hnc.x-k8s.io/included-namespace", operator: "In", values: ["true"] }],
      ["*", "company-x", "company-x/*", "company-y", "company-y/*", "service-1", "service-4", "team-a", "team-c"],
    ],
    [
      "without HNC's included label: the excluded namespaces only, no company's",
      [{ key: "hnc.x-k8s.io/included-namespace", operator: "DoesNotExist", values: [] }],
      ["kube-system"],
    ],
    ["no namespace lacks its name label", [{ key: "kubernetes.io/metadata.name", operator: "DoesNotExist", values: [] }], []],
    [
      "a label required and absent at once matches nothing, no future namespace either",
      [
        { key: "team-a.tree.hnc.x-k8s.io/depth", operator: "Exists", values: [] },
        { key: "team-a.tree.hnc.x-k8s.io/depth", operator: "DoesNotExist", values: [] },
      ],
      [],
    ],
    [
      "depths no place in the tree gives together, now or later",
      [
        { key: "team-a.tree.hnc.x-k8s.io/depth", operator: "In", values: ["1"] },
        { key: "company-x.tree.hnc.x-k8s.io/depth", operator: "In", values: ["1"] },
      ],
      [],
    ],
    [
      "a new team of the company: under the company root, outside team-a",
      [
        { key: "company-x.tree.hnc.x-k8s.io/depth", operator: "In", values: ["1"] },
        { key: "team-a.tree.hnc.x-k8s.io/depth", operator: "DoesNotExist", values: [] },
      ],
      ["company-x/*"],
    ],
    [
      "a depth only a future namespace can have",
      [{ key: "team-a.tree.hnc.x-k8s.io/depth", operator: "In", values: ["2"] }],
      ["company-x/*"],
    ],
    [
      "NotIn ANDed with the own company's tree stays in the company",
      [
        { key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["service-1"] },
        { key: "company-x.tree.hnc.x-k8s.io/depth", operator: "Exists", values: [] },
      ],
      ["company-x", "company-x/*", "team-a"],
    ],
  ])("%s", async (_title, requirements, expected) => {
    expect(await matches(requirements)).toEqual(expected);
  });
});

describe("NamespaceIndex, selectors sharing a requirement", () => {
  it("answers each selector alone, whatever the same index resolved before", async () => {
    // The known namespaces of one requirement are worked out once per index and shared by every selector
    // naming it (the same key, operator and values): each selector still gets its own answer, its own
    // phantoms, in whatever order they are asked.
    const { model } = await refFromFiles(files);
    const universe = [...model.hierarchy.nodes.keys(), ...model.index.phantoms];
    const tree = { key: "company-x.tree.hnc.x-k8s.io/depth", operator: "Exists" as const, values: [] };
    const resolved = (requirements: Requirement[]): string[] => {
      const set = model.index.resolve({ requirements });
      return universe.filter((n) => setHas(set, n)).sort();
    };
    const byName = [tree, { key: "kubernetes.io/metadata.name", operator: "In" as const, values: ["service-1"] }];
    const notByName = [tree, { key: "kubernetes.io/metadata.name", operator: "NotIn" as const, values: ["service-1"] }];
    for (let round = 0; round < 2; round++) {
      expect(resolved([tree])).toEqual(["company-x", "company-x/*", "service-1", "team-a"]);
      expect(resolved(byName)).toEqual(["service-1"]);
      expect(resolved(notByName)).toEqual(["company-x", "company-x/*", "team-a"]);
      expect(resolved([{ ...tree, operator: "DoesNotExist" }])).toEqual(["*", "company-y", "company-y/*", "kube-system", "service-4", "team-c"]);
    }
  });

  it("says which one company a resolved set lies in only when each of its names does", async () => {
    const namespace = (name: string, labels: string) => `---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n${labels}`;
    // kube-system (HNC leaves it alone) carries company-x's tree label from a manifest: shared, no company.
    const { model } = await refFromFiles({ ...files, "k8s/ns.yaml": namespace("kube-system", '    company-x.tree.hnc.x-k8s.io/depth: "1"\n') + namespace("service-4", "    tier: db\n") });
    const sole = (requirements: Requirement[]) => model.index.soleCompany(model.index.resolve({ requirements }));
    const tree = (name: string): Requirement => ({ key: `${name}.tree.hnc.x-k8s.io/depth`, operator: "Exists", values: [] });
    const notNamed = (name: string): Requirement => ({ key: "kubernetes.io/metadata.name", operator: "NotIn", values: [name] });
    expect(sole([tree("company-x")])).toBe("company-x");
    expect(sole([tree("company-x"), notNamed("service-1")])).toBe("company-x");
    expect(sole([tree("team-c")])).toBe("company-y");
    // service-4 is in company-y; the phantoms outside every tree and of every company may be created with it.
    expect(sole([{ key: "tier", operator: "In", values: ["db"] }])).toBe("company-y");
    expect(sole([{ key: "tier", operator: "DoesNotExist", values: [] }])).toBeUndefined();
    expect(sole([{ key: "kubernetes.io/metadata.name", operator: "In", values: ["kube-system"] }])).toBeNull();
    expect(sole([{ key: "kubernetes.io/metadata.name", operator: "In", values: ["service-1", "service-4"] }])).toBeUndefined();
    expect(model.index.soleCompany({ kind: "finite", names: new Set(["service-1"]) })).toBeUndefined();
  });
});

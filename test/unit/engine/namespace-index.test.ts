import { describe, expect, it } from "vitest";
import { setHas } from "../../../src/engine/namespace-set.js";
import type { Requirement } from "../../../src/engine/types.js";
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
  it("gives every namespace its name label and HNC tree labels", async () => {
    const { model } = await refFromFiles(files);
    expect(model.hierarchy.get("service-1")!.labels).toEqual({
      "kubernetes.io/metadata.name": "service-1",
      "service-1.tree.hnc.x-k8s.io/depth": "0",
      "team-a.tree.hnc.x-k8s.io/depth": "1",
      "company-x.tree.hnc.x-k8s.io/depth": "2",
    });
    expect(model.hierarchy.get("kube-system")!.labels).toEqual({ "kubernetes.io/metadata.name": "kube-system" });
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

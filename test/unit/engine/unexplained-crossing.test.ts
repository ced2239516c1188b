import { parseConfigFile } from "../../../src/config/parse-config-file.js";
import { describe, expect, it } from "vitest";
import { judgeChange } from "../../../src/engine/judge-change.js";
import { refFromFiles, teamKit } from "../../helpers/model-from-files.js";

const NO_CONFIG = { base: parseConfigFile(null), head: parseConfigFile(null) };

/** A deny of every pod, both directions, in `namespace` (a product team's own, in a team namespace). */
function denyAll(namespace: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
}

/** An egress policy of a product team in `namespace` towards every namespace labelled `open=yes`. */
function egressToLabel(namespace: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: to-open
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              open: "yes"
`;
}

describe("unexplained-crossing", () => {
  it("reports at most 50 unexplained paths, the last one counting the rest", async () => {
    const teams = Array.from({ length: 30 }, (_, i) => teamKit(`team-${i}`, "company-x")).join("") + teamKit("team-c", "company-y");
    const base = await refFromFiles({ "terraform/teams.tf": teams, "kubernetes/team-c/deny.yaml": denyAll("team-c") });
    const head = await refFromFiles({ "terraform/teams.tf": teams });
    const j = judgeChange(base, head, NO_CONFIG);
    const crossings = j.connectivity.added.filter((e) => e.crossesVC);
    expect(crossings.length).toBeGreaterThan(50);
    const unexplained = j.findings.filter((f) => f.rule === "unexplained-crossing");
    expect(unexplained).toHaveLength(50);
    expect(unexplained.filter((f) => / more new paths between companies are unexplained too/.test(f.message))).toHaveLength(1);
    expect(unexplained.every((f) => f.file === "kubernetes/team-c/deny.yaml" && f.severity === "error")).toBe(true);
    expect(j.conclusion).toBe("failure");
  });

  it("a crossing rule that names the path explains it: no unexplained-crossing besides", async () => {
    const teams = teamKit("team-a", "company-x") + teamKit("team-c", "company-y");
    const namespace = `apiVersion: v1
kind: Namespace
metadata:
  name: team-c
  labels:
    open: "yes"
`;
    // team-c is open (no policy) at both refs; team-a's new egress policy reaches it only through a label that
    // matched nothing foreign on the base: the crossing finding is cross-vc-access, which explains the path.
    const base = await refFromFiles({ "terraform/teams.tf": teams, "kubernetes/team-a/deny.yaml": denyAll("team-a") });
    const head = await refFromFiles({
      "terraform/teams.tf": teams,
      "kubernetes/team-a/deny.yaml": denyAll("team-a"),
      "kubernetes/team-a/to-open.yaml": egressToLabel("team-a"),
      "kubernetes/team-c/namespace.yaml": namespace,
    });
    const j = judgeChange(base, head, NO_CONFIG);
    expect(j.connectivity.added.filter((e) => e.crossesVC).map((e) => `${e.from} -> ${e.to}`)).toEqual(["team-a -> team-c"]);
    expect(j.findings.map((f) => f.rule)).toEqual(["cross-vc-access"]);
  });
});

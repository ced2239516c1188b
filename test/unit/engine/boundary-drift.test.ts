import { describe, expect, it } from "vitest";
import { generateBoundary } from "../../../src/engine/generate-boundary.js";
import { findBoundaryDrift } from "../../../src/engine/rules/boundary-drift.js";
import { renderBoundaryYaml } from "../../../src/report/render-boundary.js";
import { refFromFiles, teamKit } from "../../helpers/model-from-files.js";

const teams = teamKit("team-a", "company-x") + teamKit("team-c", "company-y");

async function boundaryOf(files: Record<string, string>): Promise<string> {
  return renderBoundaryYaml(generateBoundary((await refFromFiles(files)).model));
}

describe("boundary-drift", () => {
  it("says nothing without a generated boundary in the repository, nor when it is up to date", async () => {
    expect(findBoundaryDrift((await refFromFiles({ "t/teams.tf": teams })).model)).toEqual([]);
    const boundary = await boundaryOf({ "t/teams.tf": teams });
    // Comments, key order and quoting do not matter: what the objects mean does.
    const reformatted = boundary.replace("tier: Admin", '"tier": "Admin"');
    expect(findBoundaryDrift((await refFromFiles({ "t/teams.tf": teams, "k/b.yaml": reformatted })).model)).toEqual([]);
  });

  it("reports an object for a company that is gone, at its place", async () => {
    const boundary = await boundaryOf({ "t/teams.tf": teams });
    const drift = findBoundaryDrift((await refFromFiles({ "t/teams.tf": teamKit("team-a", "company-x"), "k/b.yaml": boundary })).model);
    expect(drift.map((f) => [f.rule, f.file, f.platformReview, f.namespace])).toEqual([["boundary-drift", "k/b.yaml", true, null]]);
    expect(drift[0]!.message).toContain("netpol-guard-boundary-company-y");
    expect(drift[0]!.line).toBeGreaterThan(4);
  });

  it("reports a changed object with the regenerated one as a suggestion over its lines", async () => {
    const boundary = await boundaryOf({ "t/teams.tf": teams });
    const edited = boundary.replace(/priority: (\d+)/, "priority: 7");
    const drift = findBoundaryDrift((await refFromFiles({ "t/teams.tf": teams, "k/b.yaml": edited })).model);
    expect(drift).toHaveLength(1);
    expect(drift[0]!.namespace).toBe("company-x");
    expect(drift[0]!.suggestion?.line).toBe(4);
    expect(drift[0]!.suggestion?.replacement).toContain("name: netpol-guard-boundary-company-x");
    expect(drift[0]!.suggestion?.replacement).not.toContain("priority: 7");
  });
});

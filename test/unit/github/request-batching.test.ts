import { describe, expect, it } from "vitest";
import { GitHubSnapshotCache, nodeIdKey, type TreeListing } from "../../../src/github/github-snapshot-cache.js";
import { CROSS_VC_LABEL } from "../../../src/github/labels.js";
import { changedBlobs, completionRides, contextLookup, lookupForWrites, lookupOnQuery, NO_LOOKUP, writesWithNodeIds } from "../../../src/github/request-batching.js";

const repo = { owner: "acme", repo: "infra" };
const sha = (n: number): string => n.toString(16).padStart(40, "0");
const tree = (blobs: [path: string, sha: string, size?: number][]): TreeListing => ({ truncated: false, blobs: blobs.map(([path, s, size = 10]) => ({ path, sha: s, size, mode: "100644" })) });
const outcome = { conclusion: "success" as const, title: "t", summary: "s", annotations: [] };

describe("what rides on whose request", () => {
  it("the blobs a change touches, on both sides, ride on the context query; cached ones and huge ones do not", () => {
    const cache = new GitHubSnapshotCache();
    cache.blobs.set(sha(3), { text: "cached" });
    const base = tree([["a.yaml", sha(1)], ["same.yaml", sha(9)], ["gone.yaml", sha(2)]]);
    const head = tree([["a.yaml", sha(4)], ["same.yaml", sha(9)], ["cached.yaml", sha(3)], ["huge.yaml", sha(5), 2 * 1024 * 1024]]);
    expect(changedBlobs(base, head, cache).sort()).toEqual([sha(1), sha(2), sha(4)]);
  });

  it("at most 100 blobs ride along, whatever the change", () => {
    const head = tree(Array.from({ length: 150 }, (_, i): [string, string] => [`f${i}.yaml`, sha(1000 + i)]));
    expect(changedBlobs(tree([]), head, new GitHubSnapshotCache())).toHaveLength(100);
  });

  it("the context query looks up the label, and the team only when something rides on it; never a cached id", () => {
    const cache = new GitHubSnapshotCache();
    expect(contextLookup(repo, cache, CROSS_VC_LABEL, undefined, true)).toEqual({ team: "platform", label: CROSS_VC_LABEL });
    expect(contextLookup(repo, cache, null, undefined, false)).toEqual(NO_LOOKUP);
    // The team the base's cached config names, not the default one.
    expect(contextLookup(repo, cache, null, { text: "platform:\n  team: net-admins\n" }, true).team).toBe("net-admins");
    cache.nodeIds.set(nodeIdKey(repo, "label", CROSS_VC_LABEL), "L_1");
    expect(contextLookup(repo, cache, CROSS_VC_LABEL, undefined, true).label).toBeNull();
  });

  it("the node ids ride on the first blob query only", () => {
    const lookup = lookupForWrites("platform");
    expect(lookup).toEqual({ team: "platform", label: CROSS_VC_LABEL });
    expect(lookupOnQuery(0, lookup)).toBe(lookup);
    expect(lookupOnQuery(1, lookup)).toEqual(NO_LOOKUP);
    expect(lookupForWrites(undefined)).toEqual(NO_LOOKUP);
  });

  it("the writes carry the node ids known", () => {
    const cache = new GitHubSnapshotCache();
    cache.nodeIds.set(nodeIdKey(repo, "team", "platform"), "T_1");
    const writes = writesWithNodeIds(repo, cache, new Map([[7, "CR_7"]]), {
      pullNumber: 1,
      pullNodeId: "PR_1",
      headSha: sha(1),
      review: null,
      team: "platform",
      label: { name: CROSS_VC_LABEL, add: true },
      check: { checkRunId: 7, repositoryNodeId: "R_1", outcome: () => outcome },
    });
    expect(writes.team).toEqual({ slug: "platform", nodeId: "T_1" });
    expect(writes.label).toEqual({ name: CROSS_VC_LABEL, add: true, nodeId: null });
    // The team has a node id: it goes in the mutation, and the check run's completion does not ride.
    expect(writes.check).toBeNull();
    const overRest = writesWithNodeIds(repo, cache, new Map([[7, "CR_7"]]), { ...writes, team: "net-admins", label: null, check: { checkRunId: 7, repositoryNodeId: "R_1", outcome: () => outcome } });
    expect(overRest.check).toEqual({ checkRunId: 7, repositoryNodeId: "R_1", nodeId: "CR_7", outcome });
  });

  it("the check run's completion rides on the mutation only when the team request goes over REST", () => {
    const check = { checkRunId: 7, nodeId: "CR_7", repositoryNodeId: "R_1", outcome };
    expect(completionRides(check, true, false, 1)).toBe(true);
    expect(completionRides(check, true, true, 2)).toBe(false);
    expect(completionRides(check, false, false, 1)).toBe(false);
    expect(completionRides(check, true, false, 0)).toBe(false);
    expect(completionRides({ ...check, nodeId: null }, true, false, 1)).toBe(false);
  });
});

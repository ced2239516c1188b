import { describe, expect, it } from "vitest";
import { createPathFilter, parseConfig } from "../../../src/config/parse-config.js";
import type { GitHubClient } from "../../../src/github/github-client.js";
import { GitHubSnapshotCache, WeightedLru, type TreeListing } from "../../../src/github/github-snapshot-cache.js";
import { DEFAULT_READ_LIMITS, readWatchedFiles } from "../../../src/github/read-github-snapshot.js";

const repo = { owner: "acme", repo: "infra" };
const filter = createPathFilter(parseConfig(null).config);

type Blob = { byteSize: number; isBinary: boolean; isTruncated: boolean; text: string | null };

/** An in-memory stand-in for the two calls the reader makes, counting them. */
function fakeOctokit(blobs: Record<string, Blob>, bytes: Record<string, Buffer> = {}) {
  const calls = { graphql: 0, getBlob: 0, oids: [] as string[] };
  const octokit = {
    graphql: async (_query: string, variables: Record<string, string>) => {
      calls.graphql++;
      const repository: Record<string, Blob | null> = {};
      for (const [name, oid] of Object.entries(variables)) {
        if (!/^o\d+$/.test(name)) continue;
        calls.oids.push(oid);
        repository[`b${name.slice(1)}`] = blobs[oid] ?? null;
      }
      return { repository };
    },
    rest: {
      git: {
        getBlob: async ({ file_sha }: { file_sha: string }) => {
          calls.getBlob++;
          return { data: { encoding: "base64", content: bytes[file_sha]!.toString("base64") } };
        },
      },
    },
  };
  return { octokit: octokit as unknown as GitHubClient, calls };
}

function text(s: string): Blob {
  return { byteSize: Buffer.byteLength(s), isBinary: false, isTruncated: false, text: s };
}

function tree(entries: [string, string, number][]): TreeListing {
  return { truncated: false, blobs: entries.map(([path, sha, size]) => ({ path, mode: "100644", sha, size })) };
}

const sha = (n: number): string => n.toString(16).padStart(40, "0");

describe("readWatchedFiles", () => {
  it("fetches each blob once for both commits, and nothing on the second call", async () => {
    const { octokit, calls } = fakeOctokit({ [sha(1)]: text("a: 1\n"), [sha(2)]: text("b: 2\n"), [sha(3)]: text("b: 3\n") });
    const cache = new GitHubSnapshotCache();
    const commits = [
      { sha: sha(100), tree: tree([["a.yaml", sha(1), 5], ["b.yaml", sha(2), 5], ["README.md", sha(9), 5]]) },
      { sha: sha(101), tree: tree([["a.yaml", sha(1), 5], ["b.yaml", sha(3), 5]]) },
    ];
    const [base, head] = await readWatchedFiles(octokit, repo, commits, filter, cache);
    expect(base!.files.map((f) => [f.path, f.text])).toEqual([["a.yaml", "a: 1\n"], ["b.yaml", "b: 2\n"]]);
    expect(head!.files.map((f) => [f.path, f.text])).toEqual([["a.yaml", "a: 1\n"], ["b.yaml", "b: 3\n"]]);
    expect(calls).toMatchObject({ graphql: 1, oids: [sha(1), sha(2), sha(3)] });

    await readWatchedFiles(octokit, repo, commits, filter, cache);
    expect(calls.graphql).toBe(1);
  });

  it("reads over REST only what GraphQL cannot return faithfully, within the limit", async () => {
    const latin1 = Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]); // "a: é" in Latin-1: not UTF-8
    const { octokit, calls } = fakeOctokit(
      {
        [sha(1)]: { byteSize: 5, isBinary: false, isTruncated: false, text: "a: \uFFFD\n" },
        [sha(2)]: { byteSize: 900_000, isBinary: false, isTruncated: true, text: "x: 1\n" },
        [sha(3)]: { byteSize: 8, isBinary: true, isTruncated: false, text: null },
      },
      { [sha(1)]: latin1, [sha(2)]: Buffer.from("x: 1\n") },
    );
    const commits = [{ sha: sha(100), tree: tree([["a.yaml", sha(1), 5], ["big.yaml", sha(2), 900_000], ["bin.yaml", sha(3), 8]]) }];
    const [only] = await readWatchedFiles(octokit, repo, commits, filter, new GitHubSnapshotCache());
    expect(only!.files.map((f) => [f.path, f.text, f.unreadable])).toEqual([
      ["a.yaml", null, "it is not valid UTF-8"],
      ["big.yaml", "x: 1\n", undefined],
      ["bin.yaml", null, "it is binary"],
    ]);
    expect(calls.getBlob).toBe(2);
  });

  it("makes files over 1 MiB, links and everything past the limits unreadable without fetching them", async () => {
    const { octokit, calls } = fakeOctokit({ [sha(1)]: text("a: 1\n") });
    const listing = tree([["a.yaml", sha(1), 5], ["b.yaml", sha(2), 2 * 1024 * 1024], ["c.yaml", sha(3), 5], ["d.yaml", sha(4), 5]]);
    listing.blobs[2]!.mode = "120000";
    const [only] = await readWatchedFiles(octokit, repo, [{ sha: sha(100), tree: listing }], filter, new GitHubSnapshotCache(), {
      ...DEFAULT_READ_LIMITS,
      watchedFiles: 3,
    });
    expect(only!.files.map((f) => [f.path, f.unreadable ?? "read"])).toEqual([
      ["a.yaml", "read"],
      ["b.yaml", "it is 2.0 MiB, over the 1 MiB limit"],
      ["c.yaml", "it is a symbolic link, which netpol-guard does not follow"],
    ]);
    expect(only!.problems).toHaveLength(1);
    expect(only!.problems[0]).toContain("4 watched files, more than the 3");
    expect(calls.oids).toEqual([sha(1)]);
  });

  it("splits the blobs into several queries past the per-query limits", async () => {
    const blobs: Record<string, Blob> = {};
    const entries: [string, string, number][] = [];
    for (let i = 1; i <= 5; i++) {
      blobs[sha(i)] = text(`n: ${i}\n`);
      entries.push([`f${i}.yaml`, sha(i), 5]);
    }
    const { octokit, calls } = fakeOctokit(blobs);
    await readWatchedFiles(octokit, repo, [{ sha: sha(100), tree: tree(entries) }], filter, new GitHubSnapshotCache(), { ...DEFAULT_READ_LIMITS, blobsPerQuery: 2 });
    expect(calls.graphql).toBe(3);
  });
});

describe("WeightedLru", () => {
  it("evicts the least recently used entries past its weight", () => {
    const lru = new WeightedLru<string>(10, (v) => v.length);
    lru.set("a", "aaaa");
    lru.set("b", "bbbb");
    lru.get("a");
    lru.set("c", "cccc");
    expect([lru.has("a"), lru.has("b"), lru.has("c")]).toEqual([true, false, true]);
    lru.set("huge", "x".repeat(11));
    expect(lru.has("huge")).toBe(false);
    expect(lru.weight).toBe(8);
  });
});

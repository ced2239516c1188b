/**
 * What rides on whose request: every decision to carry one thing on a request sent for another, so that a
 * judgement costs no more requests than it must (the counts are in docs/github-app.md). The readers and
 * the writers of this folder send what this module tells them to, and nothing outside src/github knows.
 *
 * - The blobs a change touches ride on the context query (sent for the configs), within a small bound, so
 *   that a base already read, or a head read from its tarball, needs no file query.
 * - The label's node id rides on the context query, and so does the platform team's (the team the base's
 *   cached config names, else the default one).
 * - Node ids still unknown ride on the first blob query of the watched files, when one is sent anyway.
 * - The writes after judging go in one mutation with the node ids found; the check run's completion rides
 *   on that mutation when the team request has to go over REST (its node id unknown), so that the REST
 *   request costs no extra completion request.
 */
import { defaultConfig, parseConfig } from "../config/parse-config.js";
import { MAX_FILE_BYTES } from "../snapshot/snapshot.js";
import { nodeIdKey, type ConfigContent, type GitHubSnapshotCache, type TreeBlob, type TreeListing } from "./github-snapshot-cache.js";
import type { RepoCoordinates } from "./github-client.js";
import { CROSS_VC_LABEL } from "./labels.js";
import type { CheckCompletion, PullRequestWrites } from "./publish-pull-request.js";

/** The label whose node id the writes after judging need. */
const WRITE_LABEL = CROSS_VC_LABEL;

const DEFAULT_TEAM = defaultConfig().platform.team;

/** Blobs fetched along with the configs at most (see `changedBlobs`), and their bytes. */
const CHANGED_BLOBS = { count: 100, bytes: 4 * 1024 * 1024 };

/**
 * Node ids to look up along with a query sent anyway, for the writes after judging (see
 * publish-pull-request.ts): the platform team (by slug, in the repository's organization) and the label.
 */
export interface NodeIdLookup {
  team: string | null;
  label: string | null;
}

export const NO_LOOKUP: NodeIdLookup = { team: null, label: null };

/**
 * The blobs that differ between two trees (both sides; every path, watched or not: the globs are not known
 * before the config is read) and are not cached, within a small bound: what a pull request changes, read
 * with the configs.
 */
export function changedBlobs(base: TreeListing, head: TreeListing, cache: GitHubSnapshotCache): string[] {
  const before = new Map(base.blobs.map((blob) => [blob.path, blob]));
  const after = new Map(head.blobs.map((blob) => [blob.path, blob]));
  const picked = new Set<string>();
  let bytes = 0;
  const consider = (blob: TreeBlob, other: TreeBlob | undefined): void => {
    if (other?.sha === blob.sha || blob.mode === "120000" || blob.size > MAX_FILE_BYTES || cache.blobs.has(blob.sha) || picked.has(blob.sha)) return;
    if (picked.size >= CHANGED_BLOBS.count || bytes + blob.size > CHANGED_BLOBS.bytes) return;
    picked.add(blob.sha);
    bytes += blob.size;
  };
  for (const blob of head.blobs) consider(blob, before.get(blob.path));
  for (const blob of base.blobs) consider(blob, after.get(blob.path));
  return [...picked];
}

/** What rides on the context query of a change whose trees are listed: its blobs, and the label to look up. */
export function alongTheContext(trees: { base: TreeListing; head: TreeListing }, cache: GitHubSnapshotCache): { blobs: string[]; label: string } {
  return { blobs: changedBlobs(trees.base, trees.head, cache), label: WRITE_LABEL };
}

/**
 * The node ids the context query asks for: the label's, and the platform team's when anything rides on
 * it, each unless cached. The team is the one the base's config names when it is cached (a process that
 * judged this base), else the default team, which most configs keep (a guess: a config naming another
 * team has its id looked up by the file query, or is asked over REST).
 */
export function contextLookup(repo: RepoCoordinates, cache: GitHubSnapshotCache, label: string | null, cachedBase: ConfigContent | undefined, along: boolean): NodeIdLookup {
  const knownTeam = cachedBase !== undefined && "text" in cachedBase ? parseConfig(cachedBase.text).config.platform.team : DEFAULT_TEAM;
  return pendingLookups(repo, { team: along ? knownTeam : null, label }, cache);
}

/** What the blob queries of the watched files look up, for the writes after judging of a config's team. */
export function lookupForWrites(team: string | undefined): NodeIdLookup {
  return team === undefined ? NO_LOOKUP : { team, label: WRITE_LABEL };
}

/** The lookups whose node id is not cached yet. */
export function pendingLookups(repo: RepoCoordinates, lookup: NodeIdLookup, cache: GitHubSnapshotCache): NodeIdLookup {
  return {
    team: lookup.team !== null && !cache.nodeIds.has(nodeIdKey(repo, "team", lookup.team)) ? lookup.team : null,
    label: lookup.label !== null && !cache.nodeIds.has(nodeIdKey(repo, "label", lookup.label)) ? lookup.label : null,
  };
}

/** The node ids ride on the first of the blob queries: no request of their own. */
export function lookupOnQuery(index: number, lookup: NodeIdLookup): NodeIdLookup {
  return index === 0 ? lookup : NO_LOOKUP;
}

/** Keeps the node ids an answer carried (a label the repository does not have yet is looked up again next time). */
export function rememberNodeIds(repo: RepoCoordinates, cache: GitHubSnapshotCache, asked: NodeIdLookup, found: { team?: string; label?: string }): void {
  if (asked.team !== null && found.team) cache.nodeIds.set(nodeIdKey(repo, "team", asked.team), found.team);
  if (asked.label !== null && found.label) cache.nodeIds.set(nodeIdKey(repo, "label", asked.label), found.label);
}

/** The writes after judging, as the pipeline asks for them: by team slug, label name and check run id. */
export type WritesByName = Omit<PullRequestWrites, "team" | "label" | "check"> & {
  team: string | null;
  label: { name: string; add: boolean } | null;
  /**
   * The check run's completion as the summary stands (rendered only if it rides on the mutation, where
   * that saves a request).
   */
  check: Omit<CheckCompletion, "nodeId" | "outcome"> & { outcome: () => CheckCompletion["outcome"] };
};

/**
 * The writes with the node ids known (looked up earlier, or the check run's from its creation), and the
 * check run's completion when the team request has to go over REST (see `completionRides`).
 */
export function writesWithNodeIds(repo: RepoCoordinates, cache: GitHubSnapshotCache, checkRunNodeIds: ReadonlyMap<number, string>, writes: WritesByName): PullRequestWrites {
  const team = writes.team === null ? null : { slug: writes.team, nodeId: cache.nodeIds.get(nodeIdKey(repo, "team", writes.team)) ?? null };
  const { outcome, ...check } = writes.check;
  return {
    ...writes,
    team,
    label: writes.label === null ? null : { ...writes.label, nodeId: cache.nodeIds.get(nodeIdKey(repo, "label", writes.label.name)) ?? null },
    check: team !== null && team.nodeId === null ? { ...check, outcome: outcome(), nodeId: checkRunNodeIds.get(check.checkRunId) ?? null } : null,
  };
}

/**
 * Whether the check run's completion rides on the publishing mutation: only when the team request goes
 * over REST (the one case where the mutation would otherwise be followed by two requests), the mutation
 * carries something, and the check run's node ids are known.
 */
export function completionRides(check: CheckCompletion | null, teamAsked: boolean, teamInMutation: boolean, partsInMutation: number): check is CheckCompletion & { nodeId: string; repositoryNodeId: string } {
  return check !== null && check.nodeId !== null && check.repositoryNodeId !== null && teamAsked && !teamInMutation && partsInMutation > 0;
}

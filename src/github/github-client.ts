import type { ProbotOctokit } from "probot";

/** The authenticated client of one installation, as Probot hands it to a handler. */
export type GitHubClient = ProbotOctokit;

/** A repository, in the shape Octokit's endpoint methods take it. */
export interface RepoCoordinates {
  owner: string;
  repo: string;
}

/** The HTTP status of a failed request, when the error is one. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

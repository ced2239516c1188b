/** This app's own identity, to tell its check runs and comments from look-alikes. */
import type { GitHubClient } from "./github-client.js";

/**
 * The app's id, from the app authentication of the installation client: Octokit signs a JWT locally, no
 * request is sent.
 */
export async function getAppId(octokit: GitHubClient): Promise<number> {
  const auth = (await octokit.auth({ type: "app" })) as { appId?: unknown };
  if (typeof auth.appId !== "number") throw new Error("the app's id is unknown: the client is not authenticated as a GitHub App");
  return auth.appId;
}

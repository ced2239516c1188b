/** The config file as it is now on a branch (the default branch: the one whose config no pull request controls). */
import { CONFIG_PATH, MAX_CONFIG_LENGTH } from "../config/parse-config.js";
import type { ConfigContent } from "./github-snapshot-cache.js";
import { httpStatus, type GitHubClient, type RepoCoordinates } from "./github-client.js";

/** The text of `.github/netpol-guard.yml` at the tip of `branch`: `{ text: null }` when absent. One request. */
export async function readBranchConfig(octokit: GitHubClient, repo: RepoCoordinates, branch: string): Promise<ConfigContent> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path: CONFIG_PATH, ref: `refs/heads/${branch}` });
    if (Array.isArray(data) || data.type !== "file") return { text: null };
    if (data.size > MAX_CONFIG_LENGTH || data.encoding !== "base64") return { unreadable: `it is ${data.size} bytes, more than can be read` };
    return { text: Buffer.from(data.content, "base64").toString("utf8") };
  } catch (error) {
    if (httpStatus(error) === 404) return { text: null };
    throw error;
  }
}

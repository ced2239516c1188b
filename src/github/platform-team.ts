/** Who counts for the platform team, and who may do what on the repository. */
import { httpStatus, type GitHubClient, type RepoCoordinates } from "./github-client.js";

/**
 * Whether `login` is an active member of the organization's team `team` (members of its child teams
 * included, as GitHub counts them). A pending invitation is not membership; 404 means not a member.
 */
export async function isTeamMember(octokit: GitHubClient, org: string, team: string, login: string): Promise<boolean> {
  try {
    const { data } = await octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: team, username: login });
    return data.state === "active";
  } catch (error) {
    if (httpStatus(error) === 404) return false;
    throw error;
  }
}

/** The legacy base role of `login` on the repository: admin, write (maintain included), read (triage included) or none. */
export async function getRepositoryPermission(octokit: GitHubClient, repo: RepoCoordinates, login: string): Promise<string> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
    return data.permission;
  } catch (error) {
    if (httpStatus(error) === 404) return "none";
    throw error;
  }
}

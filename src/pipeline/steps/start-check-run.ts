/**
 * Part of reading a change, once its config is known and before its files are read: the check's name and
 * whether the base is protected (from the default branch's config), then the check run, in progress from
 * here on.
 */
import { parseConfig, type NetpolGuardConfig } from "../../config/parse-config.js";
import type { GitHubPort } from "../../github/github-port.js";
import { isProtectedBranch } from "../is-protected-branch.js";
import { step } from "../step.js";
import type { Target } from "./resolve-target.js";

/** Whether the base is protected, and by which patterns (the default branch's config, the trusted one). */
export interface Protection {
  protected: boolean;
  patterns: readonly string[];
}

/**
 * The check run of a judgement as far as it is known, for the failure to be reported on: its name (the
 * request's until the config names it), its external id (the request's until the pull request is known),
 * and its id once created.
 */
export interface CheckInProgress {
  name: string;
  externalId: string;
  id: number | null;
}

/** Names the check and creates its run (recorded in `check`); returns whether the base is protected. */
export async function startCheckRun(target: Target, config: NetpolGuardConfig, check: CheckInProgress, github: GitHubPort): Promise<Protection> {
  const named = await nameCheck(target, config, github);
  check.name = named.checkName;
  check.id = await step("create the check run", () => github.startCheckRun({ name: check.name, headSha: target.headSha, externalId: check.externalId }));
  return named.protection;
}

/**
 * The name of the check for this change, and whether its base is protected. Both come from the config
 * no pull request controls: the default branch's. A base that is the default branch has it already (the
 * base's config); any other base, such as a branch the author pushed themselves to open a decoy pull
 * request into, gets it read from the default branch (one request), never from its own config. Throws
 * when that config cannot be read: then nothing is known to be unprotected.
 */
async function nameCheck(target: Target, config: NetpolGuardConfig, github: GitHubPort): Promise<{ checkName: string; protection: Protection }> {
  const defaultBranch = github.defaultBranch;
  const baseRef = target.binding?.baseRef ?? "";
  if (target.pull === null || defaultBranch === null || baseRef === "" || baseRef === defaultBranch) {
    return { checkName: config.checkName, protection: { protected: true, patterns: config.protectedBranches } };
  }
  return step(`read the configuration of the default branch ${defaultBranch}`, async () => {
    const content = await github.readBranchConfig(defaultBranch);
    if ("unreadable" in content) throw new Error(`the config file on ${defaultBranch} could not be read (${content.unreadable})`);
    const trusted = parseConfig(content.text).config;
    const patterns = trusted.protectedBranches;
    const isProtected = isProtectedBranch(baseRef, patterns, defaultBranch);
    return { checkName: isProtected ? trusted.checkName : `${trusted.checkName} (into ${baseRef})`, protection: { protected: isProtected, patterns } };
  });
}

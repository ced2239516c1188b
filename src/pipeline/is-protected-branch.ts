import { Minimatch } from "minimatch";
import { GLOB_OPTIONS } from "../config/value-checks.js";

/**
 * Whether a pull request into `branch` publishes under the required check name: the default branch always
 * does, and so does every branch `protectedBranches` names (a name or a glob, `release/*`). When the
 * default branch or the base is unknown, every branch counts as protected: its verdict then weighs on the
 * required check, which can only make it stricter.
 */
export function isProtectedBranch(branch: string, protectedBranches: readonly string[], defaultBranch: string | null): boolean {
  if (defaultBranch === null || branch === "" || branch === defaultBranch) return true;
  return protectedBranches.some((pattern) => new Minimatch(pattern, GLOB_OPTIONS).match(branch));
}

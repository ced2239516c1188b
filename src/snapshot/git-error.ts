/** A git failure the CLI reports as a usage error (exit 2), with git's own words. */
export class GitError extends Error {}

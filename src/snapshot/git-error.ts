/** A git failure the CLI reports as a usage error (exit 2), with git's own words. */
export class GitError extends Error {}

/** An object `git cat-file --batch` was asked for and does not have (a path absent at a commit). */
export class MissingObjectError extends GitError {}

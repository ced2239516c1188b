/**
 * Decides which repository files netpol-guard reads, from the `kubernetes`, `terraform` and `ignore` globs.
 * Paths are repository-relative with forward slashes. `ignore` wins over everything; anything under a
 * `node_modules` or `.git` directory is never read.
 */
import { Minimatch } from "minimatch";
import type { NetpolGuardConfig } from "./schema.js";
import { GLOB_OPTIONS } from "./value-checks.js";

export type WatchedKind = "kubernetes" | "terraform";

export interface PathFilter {
  /**
   * The kind of file at `path`, or null when it is not watched. A path matching both lists is Kubernetes,
   * unless it is named like a Terraform file (`.tf`, `.tf.json`): a glob for every `.json` file also matches those.
   */
  kind(path: string): WatchedKind | null;
}

const NEVER_WATCHED_DIRECTORIES = new Set(["node_modules", ".git"]);

/** `./x` and `/x` mean the same repository path as `x`. */
function normalise(path: string): string {
  return path.replace(/^(\.\/|\/)+/, "");
}

function compileAll(patterns: readonly string[]): Minimatch[] {
  const matchers: Minimatch[] = [];
  for (const pattern of patterns) {
    const normalised = normalise(pattern);
    if (normalised === "") continue;
    try {
      matchers.push(new Minimatch(normalised, GLOB_OPTIONS));
    } catch {
      // A pattern the config validation let through but minimatch refuses matches nothing.
    }
  }
  return matchers;
}

export function createPathFilter(config: Pick<NetpolGuardConfig, "kubernetes" | "terraform" | "ignore">): PathFilter {
  const kubernetes = compileAll(config.kubernetes);
  const terraform = compileAll(config.terraform);
  const ignore = compileAll(config.ignore);

  const isIgnored = (segments: string[]): boolean => {
    if (segments.some((segment) => NEVER_WATCHED_DIRECTORIES.has(segment))) return true;
    // No `ignore` globs (the usual config): no prefix of a path's directories to build, 33,000 times.
    if (ignore.length === 0) return false;
    // The path itself and each of its directories: `ignore: [vendor]` ignores everything under vendor/.
    for (let end = segments.length; end > 0; end--) {
      const prefix = segments.slice(0, end).join("/");
      if (ignore.some((matcher) => matcher.match(prefix))) return true;
    }
    return false;
  };

  return {
    kind(path) {
      const normalised = normalise(path);
      if (normalised === "" || normalised.endsWith("/")) return null;
      if (isIgnored(normalised.split("/"))) return null;
      const isTerraform = terraform.some((matcher) => matcher.match(normalised));
      if (isTerraform && /\.tf(\.json)?$/.test(normalised)) return "terraform";
      if (kubernetes.some((matcher) => matcher.match(normalised))) return "kubernetes";
      return isTerraform ? "terraform" : null;
    },
  };
}

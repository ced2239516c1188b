/**
 * Recognises a starter-kit or team-kit module by its `source`. Sources come in many shapes
 * (`microservice-service-kit/v1.4.0.tar.gz`, `../modules/microservice-service-kit`,
 * `git::https://github.com/acme/microservice-service-kit.git?ref=v1.4.0`, registry addresses, `//subdir`),
 * so a pattern is tried against the source, the source without its `?query`, and every run of consecutive
 * `/`-separated parts of each (see {@link moduleSourceCandidates}). Matching is case-insensitive: registries are, and a kit must not go
 * unrecognised (and unchecked) because of its spelling.
 */
import { Minimatch } from "minimatch";
import { checkGlob, GLOB_OPTIONS } from "./value-checks.js";

const MODULE_SOURCE_OPTIONS = { ...GLOB_OPTIONS, nocase: true };
const MAX_CACHED_PATTERNS = 64;
const compiled = new Map<string, Minimatch | null>();

function compile(pattern: string): Minimatch | null {
  const cached = compiled.get(pattern);
  if (cached !== undefined) return cached;
  let matcher: Minimatch | null = null;
  if (checkGlob(pattern) === null) {
    try {
      matcher = new Minimatch(pattern, MODULE_SOURCE_OPTIONS);
    } catch {
      matcher = null;
    }
  }
  if (compiled.size >= MAX_CACHED_PATTERNS) compiled.clear();
  compiled.set(pattern, matcher);
  return matcher;
}

/**
 * Bounds on the work for one source: real ones have a handful of parts and a few hundred characters. A
 * source with more parts, or longer, is matched whole and by the suffixes starting in its last parts only.
 */
const MAX_SEGMENTS_FOR_SUBPATHS = 32;
const MAX_LENGTH_FOR_SUBPATHS = 2048;

/**
 * The strings a module source is matched as: for the source and for the source without its query, the
 * whole string and every run of consecutive `/`-separated parts (`a/b/c`: `a/b/c`, `a/b`, `a`, `b/c`, `b`,
 * `c`), so that a pattern naming the module finds it in the middle of a registry address
 * (`registry.acme.io/acme/acme-service-kit/aws`). Runs that start or end at an empty part (`//`) are skipped.
 */
export function moduleSourceCandidates(source: string): string[] {
  const trimmed = source.trim();
  const queryAt = trimmed.indexOf("?");
  const forms = queryAt >= 0 ? [trimmed, trimmed.slice(0, queryAt)] : [trimmed];
  const candidates = new Set<string>();
  for (const form of forms) {
    candidates.add(form);
    const segments = form.split("/");
    const n = segments.length;
    const bounded = n > MAX_SEGMENTS_FOR_SUBPATHS || form.length > MAX_LENGTH_FOR_SUBPATHS;
    for (let start = bounded ? Math.max(0, n - MAX_SEGMENTS_FOR_SUBPATHS) : 0; start < n; start++) {
      if (segments[start] === "") continue;
      if (bounded) {
        candidates.add(segments.slice(start).join("/"));
        continue;
      }
      for (let end = start + 1; end <= n; end++) {
        if (segments[end - 1] !== "") candidates.add(segments.slice(start, end).join("/"));
      }
    }
  }
  candidates.delete("");
  return [...candidates];
}

/** Does the module `source` match the config pattern (`starterKit.source`, `teamKit.source`)? Never throws. */
export function matchesModuleSource(pattern: string, source: string): boolean {
  const matcher = compile(pattern);
  if (matcher === null) return false;
  return moduleSourceCandidates(source).some((candidate) => matcher.match(candidate));
}

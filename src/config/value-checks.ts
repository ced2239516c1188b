/**
 * Checks of single config values. Each returns null when the value is fine, or a sentence saying what is
 * wrong (and, where it can, what to write instead). Used by the schema; pure.
 */
import { braceExpand, Minimatch, type MinimatchOptions } from "minimatch";

/** Longest glob pattern accepted; longer ones are almost certainly a mistake (or an attack on the matcher). */
export const MAX_GLOB_LENGTH = 1024;
/** Most patterns one glob may expand to through `{a,b}` braces. */
export const MAX_BRACE_EXPANSIONS = 1000;

/**
 * Options for every glob of the config. `nonegate`/`nocomment`: a leading `!` or `#` is refused by
 * {@link checkGlob} instead of silently changing the meaning of the pattern.
 */
export const GLOB_OPTIONS: MinimatchOptions = {
  dot: true,
  nocomment: true,
  nonegate: true,
  braceExpandMax: MAX_BRACE_EXPANSIONS,
};

export function checkGlob(pattern: string): string | null {
  if (pattern.length === 0) return "is an empty glob pattern";
  if (pattern.trim().length === 0) return "is a glob pattern made only of spaces";
  if (pattern.length > MAX_GLOB_LENGTH) {
    return `is a glob pattern of ${pattern.length} characters, more than the ${MAX_GLOB_LENGTH} allowed`;
  }
  if (pattern.startsWith("!")) {
    return `starts with "!": negated patterns are not supported; list what to leave out under "ignore"`;
  }
  const unbalanced = findUnbalanced(pattern);
  if (unbalanced !== null) return `is not a valid glob pattern: ${unbalanced}`;
  try {
    if (braceExpand(pattern, { braceExpandMax: MAX_BRACE_EXPANSIONS + 1 }).length > MAX_BRACE_EXPANSIONS) {
      return `is not a valid glob pattern: its braces expand to more than ${MAX_BRACE_EXPANSIONS} patterns`;
    }
    new Minimatch(pattern, GLOB_OPTIONS);
  } catch (error) {
    return `is not a valid glob pattern: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

/**
 * Finds braces, brackets or extglob parentheses that do not pair up. minimatch takes such characters
 * literally, so `**\/*.{yaml,yml` silently matches nothing: better to say so.
 */
function findUnbalanced(pattern: string): string | null {
  let braces = 0;
  let parens = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      if (i === pattern.length - 1) return "it ends with a lone backslash";
      i++;
      continue;
    }
    if (c === "[") {
      // A class runs to the next `]`; a `]` right after `[` or `[!`/`[^` is part of the class.
      let j = i + 1;
      if (pattern[j] === "!" || pattern[j] === "^") j++;
      if (pattern[j] === "]") j++;
      while (j < pattern.length && pattern[j] !== "]") {
        if (pattern[j] === "\\") j++;
        j++;
      }
      if (j >= pattern.length) return `the "[" at position ${i + 1} is never closed`;
      i = j;
      continue;
    }
    if (c === "]") return `the "]" at position ${i + 1} closes no "["`;
    if (c === "{") braces++;
    if (c === "}" && --braces < 0) return `the "}" at position ${i + 1} closes no "{"`;
    if (c === "(") parens++;
    if (c === ")" && --parens < 0) return `the ")" at position ${i + 1} closes no "("`;
  }
  if (braces > 0) return `${braces} "{" never closed`;
  if (parens > 0) return `${parens} "(" never closed`;
  return null;
}

/** A glob of the config's lists: a negation (`!`) is not one (the `ignore` list says what is left out). */
export const GLOB_PATTERN = "^[^!]";

/** The shape of a CIDR in the JSON Schema (checkCidr says what exactly is valid). */
export const CIDR_PATTERN = "^[0-9A-Fa-f.:]+/[0-9]{1,3}$";

/** A value with something other than white space in it. */
export const NOT_BLANK_PATTERN = "\\S";

/** A Kubernetes namespace name: an RFC 1123 label. */
export const NAMESPACE_NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
const NAMESPACE_NAME = new RegExp(NAMESPACE_NAME_PATTERN);

export function checkNamespaceName(name: string): string | null {
  if (name.length === 0) return "is an empty namespace name";
  if (name.length > 63) return `is not a namespace name: ${name.length} characters, at most 63 allowed`;
  if (!NAMESPACE_NAME.test(name)) {
    const hint = NAMESPACE_NAME.test(name.toLowerCase()) ? ` (did you mean "${name.toLowerCase()}"?)` : "";
    return `is not a namespace name: lowercase letters, digits and "-" only, starting and ending with a letter or digit${hint}`;
  }
  return null;
}

/** A GitHub team slug, as in `/orgs/{org}/teams/{team_slug}`, without the organisation. */
export const TEAM_SLUG_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]*$";
const TEAM_SLUG = new RegExp(TEAM_SLUG_PATTERN);

export function checkTeamSlug(slug: string): string | null {
  if (slug.length === 0) return "is an empty team slug";
  if (slug.length > 100) return "is not a team slug: longer than 100 characters";
  if (TEAM_SLUG.test(slug)) return null;
  const bare = slug.replace(/^@/, "").split("/").pop() ?? "";
  const hint = bare !== slug && TEAM_SLUG.test(bare) ? ` (write the slug alone: "${bare}")` : "";
  return `is not a GitHub team slug: letters, digits, "-", "_" and "." only${hint}`;
}

export function checkCheckName(name: string): string | null {
  if (name.trim().length === 0) return "is empty; the check run needs a name";
  if (name.length > 100) return "is longer than 100 characters";
  if (/[\r\n]/.test(name)) return "spans several lines; a check run name is one line";
  return null;
}

/** A parsed address: 4 bytes (IPv4) or 16 (IPv6). */
interface ParsedCidr {
  bytes: number[];
  prefix: number;
}

export function checkCidr(text: string): string | null {
  const parsed = parseCidrLoosely(text);
  if (typeof parsed === "string") return parsed;
  const { bytes, prefix } = parsed;
  const network = bytes.map((b, i) => {
    const bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - bitsHere)) & 0xff);
  });
  if (network.some((b, i) => b !== bytes[i])) {
    return `has host bits set: the network is ${formatAddress(network)}/${prefix}`;
  }
  return null;
}

function parseCidrLoosely(text: string): ParsedCidr | string {
  const parts = text.split("/");
  if (parts.length !== 2) return `is not a CIDR: write an address and a prefix length, like "10.0.0.0/8"`;
  const [address = "", prefixText = ""] = parts;
  const bytes = address.includes(":") ? parseIPv6(address) : parseIPv4(address);
  if (bytes === null) return `is not a CIDR: "${address}" is not an IP address`;
  const max = bytes.length * 8;
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > max) {
    return `is not a CIDR: the prefix length must be a number from 0 to ${max}`;
  }
  return { bytes, prefix: Number(prefixText) };
}

function parseIPv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return null;
    bytes.push(Number(part));
  }
  return bytes;
}

function parseIPv6(text: string): number[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (half: string): number[] | null => {
    if (half === "") return [];
    const groups: number[] = [];
    const pieces = half.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? "";
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIPv4(piece);
        if (v4 === null) return null;
        groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
      groups.push(parseInt(piece, 16));
    }
    return groups;
  };
  const head = groupsOf(halves[0] ?? "");
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? "") : [];
  if (head === null || tail === null) return null;
  // An embedded IPv4 address may only end the address.
  if (halves.length === 2 && (halves[0] ?? "").includes(".")) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

function formatAddress(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  // Compress the longest run of two or more zero groups (RFC 5952).
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

/** A file of the repository, relative to its root (empty: none). */
export const REPOSITORY_PATH_PATTERN = "^$|^(?!/)(?!.*(^|/)\\.\\.?(/|$))(?!.*//)[^\\u0000*?\\[\\]{}]*[^\\u0000*?\\[\\]{}/]$";

export function checkRepositoryPath(path: string): string | null {
  if (path === "") return null;
  if (path.length > 1024) return `is a path of ${path.length} characters, more than the 1024 allowed`;
  if (path.startsWith("/")) return "must be relative to the repository root, without a leading /";
  if (path.endsWith("/")) return "must name a file, not a directory";
  if (path.split("/").some((segment) => segment === "." || segment === ".." || segment === "")) return "must not contain ., .. or empty path segments";
  if (/[\u0000*?[\]{}]/.test(path)) return "must be one file's path, not a glob pattern";
  return null;
}

/**
 * GitHub's limits on the text fields the app sends, counted as GitHub counts them: in UTF-8 bytes. A check
 * run's summary and text (65,535), an annotation's message (64 KB) and title (255), the body of a comment,
 * a review or a review comment (65,536), over REST and in GraphQL inputs alike. OpenAPI's `maxLength`
 * (what ajv checks) counts characters, so a body of accented text three times over would pass it.
 */
import { Buffer } from "node:buffer";

const LIMITS: { field: RegExp; bytes: number }[] = [
  { field: /(^|\.)output\.(summary|text)$/, bytes: 65_535 },
  { field: /(^|\.)annotations\.\d+\.(message|raw_details)$/, bytes: 64_000 },
  { field: /(^|\.)annotations\.\d+\.title$/, bytes: 255 },
  { field: /(^|\.)body$/, bytes: 65_536 },
];

/** What in `value` (a request body or GraphQL variables) is over one of GitHub's byte limits, as sentences. */
export function checkTextLimits(where: string, value: unknown, path = ""): string[] {
  if (typeof value === "string") {
    const limit = LIMITS.find((l) => l.field.test(path));
    const bytes = Buffer.byteLength(value, "utf8");
    return limit && bytes > limit.bytes ? [`${where}: ${path} is ${bytes} bytes, over GitHub's ${limit.bytes}`] : [];
  }
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => checkTextLimits(where, inner, path === "" ? key : `${path}.${key}`));
}

import { utf8CharLength } from "./utf8-char-length.js";

/**
 * The longest start of `text` whose UTF-8 encoding fits in `maxBytes`, cut between two characters (code
 * points), never inside one. GitHub limits its text fields in bytes: a field cut in UTF-16 units can be up
 * to three times over, and refused. `text` itself when it fits.
 */
export function fitUtf8(text: string, maxBytes: number): string {
  // Fast path: a UTF-16 unit is at most 3 bytes (a pair, two units, is 4).
  if (text.length * 3 <= maxBytes) return text;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const size = utf8CharLength(text, i);
    if (bytes + size > Math.max(0, maxBytes)) return text.slice(0, i);
    bytes += size;
    if (size === 4) i++;
  }
  return text;
}

/**
 * The UTF-8 size of the character that starts at UTF-16 unit `i` of `text`: 1 to 3 bytes for one unit, 4 for
 * a surrogate pair (two units). A lone surrogate counts as the 3 bytes of the replacement character it is
 * sent as.
 */
export function utf8CharLength(text: string, i: number): 1 | 2 | 3 | 4 {
  const code = text.charCodeAt(i);
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 4;
  }
  return 3;
}

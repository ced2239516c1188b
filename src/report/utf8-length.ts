import { utf8CharLength } from "./utf8-char-length.js";

/** The length of `text` in UTF-8 bytes, the unit GitHub limits its text fields in. Pure: no Buffer. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const size = utf8CharLength(text, i);
    bytes += size;
    if (size === 4) i++;
  }
  return bytes;
}

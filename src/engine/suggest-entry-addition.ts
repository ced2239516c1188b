/**
 * The text of the line holding a starter-kit list's last entry, with `entry` added after it: on a line of
 * its own when the list has one entry per line, inside the brackets when the list is on one line. Null
 * when the line is neither (a comment after the entry, a value split oddly): no suggestion then.
 */
export function suggestEntryAddition(lineText: string, entry: string): string | null {
  const quoted = JSON.stringify(entry);
  const own = lineText.match(/^(\s*)"(?:[^"\\]|\\.)*"\s*(,?)\s*$/);
  if (own) return `${lineText.replace(/\s*,?\s*$/, "")},\n${own[1]}${quoted},`;
  const inline = lineText.match(/^(.*\[)(.*?)(\]\s*,?\s*)$/);
  if (inline && !inline[2]!.includes("[") && !inline[2]!.includes("]")) {
    const items = inline[2]!.replace(/\s*,?\s*$/, "");
    return `${inline[1]}${items === "" ? "" : `${items}, `}${quoted}${inline[3]}`.replace(/\s+$/, "");
  }
  return null;
}

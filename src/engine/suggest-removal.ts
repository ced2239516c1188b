/**
 * The text of `line` with the list entry `"entry"` taken out, commas mended; an empty string when the
 * line held only that entry (the suggestion then deletes the line); null when the line does not hold it.
 * With `json` (no trailing comma allowed), null also when the entry is the last of its list alone on its
 * line: the comma to mend is on another line.
 */
export function suggestEntryRemoval(lineText: string, entry: string, json = false): string | null {
  const quoted = JSON.stringify(entry);
  const at = lineText.indexOf(quoted);
  if (at < 0) return null;
  let start = at;
  let end = at + quoted.length;
  const after = lineText.slice(end);
  const trailingComma = after.match(/^\s*,\s*/);
  if (trailingComma) end += trailingComma[0].length;
  else {
    const before = lineText.slice(0, start);
    const leadingComma = before.match(/,\s*$/);
    if (leadingComma) start -= leadingComma[0].length;
  }
  const result = lineText.slice(0, start) + lineText.slice(end);
  if (result.trim() === "") return json && !trailingComma ? null : "";
  return result.replace(/\s+$/, "");
}

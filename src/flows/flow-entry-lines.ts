/**
 * The line each element of a summary's top-level `flows` array starts on, found by scanning the text (JSON
 * has no locations): findings about an entry point at its line.
 */
export function flowEntryLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let stringStart = 0;
  let lastKeyAtTop = "";
  let flowsDepth = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 92) escaped = true;
      else if (c === 34) {
        inString = false;
        if (depth === 1) lastKeyAtTop = text.slice(stringStart, i);
      }
      continue;
    }
    if (c === 34) {
      inString = true;
      stringStart = i + 1;
      if (depth === flowsDepth) lines.push(line);
    } else if (c === 123 || c === 91) {
      if (depth === flowsDepth) lines.push(line);
      if (c === 91 && depth === 1 && lastKeyAtTop === "flows") flowsDepth = 2;
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth < flowsDepth) flowsDepth = -1;
    } else if (depth === flowsDepth && c > 32 && c !== 44) {
      // A number, true, false or null as an element: its first character starts it.
      lines.push(line);
      while (i + 1 < text.length && /[^\s,\]]/.test(text[i + 1]!)) i++;
    }
  }
  return lines;
}

/**
 * How GitHub (GFM) reads markdown the app publishes, for tests that must prove nothing from a pull request is
 * live in it: lines end at LF, CRLF or a lone CR; fenced code blocks are opaque; a table row is cut into cells
 * at every `|` not escaped as `\\|` (even inside a code span); then code spans are opaque. `renderedParts`
 * returns whatever is left: what GitHub renders as markdown.
 */
/** The parts of `markdown` GitHub renders as markdown (outside code blocks and intact code spans). */
export function renderedParts(markdown: string): string[] {
  const parts: string[] = [];
  let fence: { char: string; length: number } | null = null;
  for (const line of markdown.split(/\r\n|\r|\n/)) {
    const marker = fenceMarker(line);
    if (fence !== null) {
      if (marker && marker[1]![0] === fence.char && marker[1]!.length >= fence.length && line.trim() === marker[1]) fence = null;
      continue;
    }
    if (marker) {
      fence = { char: marker[1]![0]!, length: marker[1]!.length };
      continue;
    }
    const cells = line.trimStart().startsWith("|") ? line.split(/(?<!\\)\|/) : [line];
    for (const cell of cells) parts.push(withoutCodeSpans(cell));
  }
  return parts;
}

function withoutCodeSpans(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "`") {
      out += text[i++];
      continue;
    }
    let n = 0;
    while (text[i + n] === "`") n++;
    const run = "`".repeat(n);
    let close = -1;
    for (let j = text.indexOf(run, i + n); j >= 0; j = text.indexOf(run, j + 1)) {
      if (text[j - 1] !== "`" && text[j + n] !== "`") {
        close = j;
        break;
      }
    }
    if (close < 0) {
      out += run;
      i += n;
    } else {
      out += " ";
      i = close + n;
    }
  }
  return out;
}


/**
 * The info string of every code block opened in `markdown` (outside other blocks): a fence that a pull request
 * smuggled in opens a block of its own, which hides what follows from `renderedParts`.
 */
export function fenceOpeners(markdown: string): string[] {
  const openers: string[] = [];
  let fence: { char: string; length: number } | null = null;
  for (const line of markdown.split(/\r\n|\r|\n/)) {
    const marker = fenceMarker(line);
    if (!marker) continue;
    if (fence === null) {
      fence = { char: marker[1]![0]!, length: marker[1]!.length };
      openers.push(marker[2]!);
    } else if (marker[1]![0] === fence.char && marker[1]!.length >= fence.length && marker[2]!.trim() === "") fence = null;
  }
  return openers;
}

/** A fence line: its run of backticks or tildes, and its info string. A backtick in a backtick fence's info string makes it no fence (CommonMark). */
function fenceMarker(line: string): [string, string, string] | null {
  const marker = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
  if (!marker || (marker[1]![0] === "`" && marker[2]!.includes("`"))) return null;
  return [marker[0], marker[1]!, marker[2]!];
}

/** The info strings of the code blocks the app itself writes. */
const OWN_FENCES = new Set(["text", "mermaid", "suggestion"]);
/** The HTML the app writes itself: its hidden markers, and collapsible blocks. */
const OWN_HTML = /<!-- netpol-guard[:-][a-z-]+[ =][^<>\n]*? -->|<\/?(details|summary)>/g;

/** What is live in `markdown`: a mention, an HTML tag, a link, a fence of the pull request's own. */
export function liveParts(markdown: string): string[] {
  const live: string[] = [];
  for (const part of renderedParts(markdown).map((p) => p.replace(OWN_HTML, ""))) {
    if (/@[A-Za-z0-9]/.test(part)) live.push(`a mention: ${part}`);
    if (/<[A-Za-z/!?]/.test(part)) live.push(`an HTML tag: ${part}`);
    // A markdown link, or what GFM turns into one: `www.` or a URL after a space, `*`, `_`, `~` or `(`.
    if (/\]\(|(^|[\s*_~(])(www\.|https?:\/\/)/i.test(part)) live.push(`a link: ${part}`);
  }
  for (const info of fenceOpeners(markdown)) if (!OWN_FENCES.has(info)) live.push(`a code block the app did not open: ${JSON.stringify(info)}`);
  // GitHub draws Mermaid from its own markup: the graph may hold only names, quoted.
  for (const graph of markdown.split(/^`{3,}mermaid$/m).slice(1)) {
    const body = graph.split(/^`{3,}$/m)[0]!;
    for (const label of body.matchAll(/\["([^"]*)"\]/g)) if (!/^[a-z0-9.\-/*? ()]*$/.test(label[1]!)) live.push(`a graph label: ${label[1]}`);
    if (/[<>@`&%#]|\r/.test(body.replace(/-\.?->|\|[a-z, ]+\|/g, ""))) live.push(`markup in the graph: ${body}`);
  }
  return live;
}


/**
 * Makes text from a pull request safe inside GitHub markdown: no HTML, no markdown syntax, no mention that
 * pings a user or team, no reference that links an issue, no bare URL that GitHub would make a link (a zero
 * width space inside `://` and after `www`). Names and paths are written by PR authors. The one escaping function for
 * free text: names that keep to the naming rules need none, and others are quoted where they are read.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+!|~<>&]/g, (ch) => (ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : ch === "&" ? "&amp;" : `\\${ch}`))
    .replace(/@/g, "@\u200b")
    .replace(/:\/\//g, ":\u200b//")
    .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\u200b.`)
    .replace(/\r\n?|\n/g, " ");
}

/** Inline code that cannot be broken out of: backticks in the text widen the fence. */
export function inlineCode(text: string): string {
  const clean = text.replace(/\r\n?|\n/g, " ");
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = clean.startsWith("`") || clean.endsWith("`") ? " " : "";
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function codeBlock(text: string, language = ""): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/**
 * Inline code inside a table cell: GitHub splits cells on `|` even inside code spans, so it is escaped;
 * a mention cannot ping from inside code, so nothing else is needed.
 */
export function tableCode(text: string): string {
  return inlineCode(text).replace(/\|/g, "\\|");
}

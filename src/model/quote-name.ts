/** Characters shown as they are; anything else in a name is written as a `\uXXXX` escape. */
const PLAIN = /[^A-Za-z0-9 ._/-]/g;

/**
 * A name that breaks the naming rules, quoted for a message: at most 80 characters, and every character that
 * could mean something to a reader of the message (a line break, a backtick, `@`, `<`, `[`, `:`...) written as
 * an escape. Such a name comes from the pull request and is shown wherever the finding is (annotations are
 * plain text, summaries markdown): quoted so, it is inert in all of them, and still tells the author what to fix.
 */
export function quoteName(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return `"${shown.replace(PLAIN, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`;
}

/**
 * Decoding of HCL string literals: the escapes of quoted strings and the body of heredocs.
 * Pure string functions; the tree-sitter grammar already rejects invalid escapes (they become ERROR nodes).
 */

/** Decodes the text between the quotes of a quoted string without interpolation. */
export function decodeHclString(raw: string): string {
  if (raw.indexOf("\\") < 0) return unescapeTemplateMarkers(raw);
  let out = "";
  let i = 0;
  const n = raw.length;
  while (i < n) {
    const ch = raw.charCodeAt(i);
    if (ch !== 92 /* \ */ || i + 1 >= n) {
      // `$${` and `%%{` are the literal forms of `${` and `%{`.
      if ((ch === 36 || ch === 37) && raw.charCodeAt(i + 1) === ch && raw.charCodeAt(i + 2) === 123) {
        out += raw[i] + "{";
        i += 3;
        continue;
      }
      out += raw[i];
      i++;
      continue;
    }
    const next = raw[i + 1];
    switch (next) {
      case "n":
        out += "\n";
        i += 2;
        break;
      case "r":
        out += "\r";
        i += 2;
        break;
      case "t":
        out += "\t";
        i += 2;
        break;
      case '"':
        out += '"';
        i += 2;
        break;
      case "\\":
        out += "\\";
        i += 2;
        break;
      case "u":
      case "U": {
        const len = next === "u" ? 4 : 8;
        const hex = raw.slice(i + 2, i + 2 + len);
        const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === len ? parseInt(hex, 16) : NaN;
        if (Number.isFinite(code) && code <= 0x10ffff) {
          out += String.fromCodePoint(code);
          i += 2 + len;
        } else {
          out += "\\";
          i++;
        }
        break;
      }
      default:
        out += "\\";
        i++;
    }
  }
  return out;
}

/**
 * Decodes the body of a heredoc: `content` is everything between the line of the opening marker and the
 * line of the closing marker (each content line with its newline). `<<-` (flush) heredocs lose the
 * smallest indentation of their non-blank lines.
 */
export function decodeHeredoc(content: string, flush: boolean): string {
  let text = content.indexOf("\r") >= 0 ? content.replace(/\r\n/g, "\n") : content;
  if (flush && text.length > 0) {
    const lines = text.split("\n");
    let min = Infinity;
    for (const line of lines) {
      let k = 0;
      while (k < line.length && (line[k] === " " || line[k] === "\t")) k++;
      if (k < line.length && k < min) min = k;
    }
    if (min !== Infinity && min > 0) {
      text = lines
        .map((line) => {
          let k = 0;
          while (k < min && k < line.length && (line[k] === " " || line[k] === "\t")) k++;
          return line.slice(k);
        })
        .join("\n");
    }
  }
  return unescapeTemplateMarkers(text);
}

function unescapeTemplateMarkers(s: string): string {
  if (s.indexOf("${") < 0 && s.indexOf("%{") < 0) return s;
  return s.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/** Every relative link in README.md and docs/ names a file that exists and, with `#anchor`, one of its headings. */
const ROOT = join(import.meta.dirname, "..", "..", "..");
const FILES = ["README.md", "examples/README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function linksOf(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((href) => !/^[a-z]+:/i.test(href));
}

describe("the documentation's links", () => {
  for (const file of FILES) {
    it(`resolve in ${file}`, () => {
      const text = readFileSync(join(ROOT, file), "utf8");
      const broken: string[] = [];
      for (const href of linksOf(text)) {
        const [path, anchor] = href.split("#") as [string, string | undefined];
        const target = path === "" ? join(ROOT, file) : join(ROOT, dirname(file), decodeURIComponent(path));
        if (!existsSync(target)) {
          broken.push(`${href}: no ${relative(ROOT, target)}`);
          continue;
        }
        if (anchor !== undefined && target.endsWith(".md") && !anchorsOf(readFileSync(target, "utf8")).has(anchor)) {
          broken.push(`${href}: no heading #${anchor} in ${relative(ROOT, target)}`);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});

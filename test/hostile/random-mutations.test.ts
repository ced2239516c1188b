/**
 * Random mutations of the real manifests and HCL of examples/infra-repo never throw out of the engine: lines
 * deleted, duplicated, swapped, re-indented; random characters and bytes inserted; files truncated; scalars
 * replaced by hostile ones. Whatever the head looks like, `judgeSnapshots` returns a conclusion, and the
 * summary renders.
 */
import { parseConfigFile } from "../../src/config/parse-config-file.js";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPathFilter, parseConfig } from "../../src/config/parse-config.js";
import { judgeSnapshots, type SnapshotInput } from "../../src/engine/judge-snapshots.js";
import { ParseCache } from "../../src/engine/parse-files.js";
import type { SnapshotFile } from "../../src/model/snapshot-file.js";
import { renderSummary } from "../../src/report/render-summary.js";
import { expectNoHang } from "./hostile-helpers.js";
import { viewOfChange } from "../../src/report/view-of-change.js";

const ROOT = join(import.meta.dirname, "..", "..", "examples", "infra-repo");
const CONFIG_TEXT = readFileSync(join(ROOT, ".github", "netpol-guard.yml"), "utf8");

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

const filter = createPathFilter(parseConfig(CONFIG_TEXT).config);
const BASE_FILES: SnapshotFile[] = listFiles(ROOT).flatMap((full) => {
  const path = relative(ROOT, full).split(sep).join("/");
  const kind = filter.kind(path);
  return kind === null ? [] : [{ path, kind, text: readFileSync(full, "utf8"), digest: `base:${path}` }];
});

/** Scalars that mean something to YAML, HCL or the engine. */
const HOSTILE_SCALARS = [
  "", "null", "~", "{}", "[]", "[{}]", "- {}", "*", "&a", "*a", "<<", "!!binary", "!!js/function", "'", '"', "\\", "#", ":", "|", ">",
  "true", "yes", "0x1F", "1e400", "-1", "65536", "NaN", ".inf", "10.0.0.0/33", "::/0", "0.0.0.0/0", "NotIn", "DoesNotExist", "Exists",
  "company-y", "service-4", "kube-system", "company-x.tree.hnc.x-k8s.io/depth", "kubernetes.io/metadata.name", "${var.x}", "local.company",
  "<<EOT", "EOT", "module", "locals {", "}", "]", "{", "[", "---", "...", "\u0000", "\uFFFD", "\uFEFF", "\r", "\t", "@acme/platform",
  "<img src=x>", "x".repeat(300),
];

type Mutation =
  | { op: "delete" | "duplicate" | "truncate"; at: number }
  | { op: "swap"; at: number; to: number }
  | { op: "insert"; at: number; text: string }
  | { op: "indent"; at: number; by: number; tab: boolean }
  | { op: "scalar"; at: number; value: string };

const randomText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.uint8Array({ maxLength: 12 }).map((bytes) => String.fromCharCode(...bytes)),
  fc.constantFrom(...HOSTILE_SCALARS),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom("delete" as const, "duplicate" as const, "truncate" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("swap" as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), text: randomText }),
  fc.record({ op: fc.constant("indent" as const), at: fc.nat(), by: fc.integer({ min: -4, max: 6 }), tab: fc.boolean() }),
  fc.record({ op: fc.constant("scalar" as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(...HOSTILE_SCALARS), randomText) }),
);

const SCALAR = /"(?:[^"\\\n]|\\.)*"|[A-Za-z0-9_./:*-]+/g;

export function mutate(text: string, m: Mutation): string {
  const lines = text.split("\n");
  const i = lines.length === 0 ? 0 : m.at % lines.length;
  switch (m.op) {
    case "delete":
      lines.splice(i, 1);
      return lines.join("\n");
    case "duplicate":
      lines.splice(i, 0, lines[i] ?? "");
      return lines.join("\n");
    case "swap": {
      const j = m.to % lines.length;
      [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
      return lines.join("\n");
    }
    case "truncate":
      return text.slice(0, m.at % (text.length + 1));
    case "insert": {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case "indent": {
      const line = lines[i] ?? "";
      lines[i] = m.by >= 0 ? (m.tab ? "\t" : " ").repeat(m.by) + line : line.replace(new RegExp(`^[ \\t]{0,${-m.by}}`), "");
      return lines.join("\n");
    }
    case "scalar": {
      const matches = [...text.matchAll(SCALAR)];
      if (matches.length === 0) return text;
      const hit = matches[m.at % matches.length]!;
      return text.slice(0, hit.index) + m.value + text.slice(hit.index + hit[0].length);
    }
  }
}

const change = fc.array(fc.record({ file: fc.nat(), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 3 });


describe("hostile: random mutations of real manifests and HCL", () => {
  it("never throw out of the engine, and always conclude", async () => {
    expect(BASE_FILES.filter((f) => f.kind === "kubernetes").length).toBeGreaterThan(3);
    expect(BASE_FILES.filter((f) => f.kind === "terraform").length).toBeGreaterThan(3);
    const base: SnapshotInput = { files: BASE_FILES, config: parseConfigFile(CONFIG_TEXT) };
    // The base and every unchanged file are parsed once: each run only parses what it mutated.
    const cache = new ParseCache();
    let runs = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(change, async (edits) => {
        const files = BASE_FILES.map((f) => ({ ...f }));
        for (const edit of edits) {
          const file = files[edit.file % files.length]!;
          let text = file.text!;
          for (const m of edit.mutations) text = mutate(text, m);
          file.text = text;
          file.digest = `head:${runs}:${file.path}`;
        }
        runs++;
        const judged = await judgeSnapshots(base, { files, config: base.config }, cache);
        expect(["success", "failure", "action_required"]).toContain(judged.judgement.conclusion);
        for (const f of judged.judgement.findings) {
          expect(typeof f.message).toBe("string");
          expect(Number.isInteger(f.line)).toBe(true);
        }
        expect(typeof renderSummary(viewOfChange(judged))).toBe("string");
      }),
      { numRuns: 300 },
    );
    expectNoHang(`${runs} mutated heads`, performance.now() - started);
  });
});

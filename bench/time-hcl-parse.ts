/**
 * Parsing speed of the Terraform files of a generated repository, in MiB/s of UTF-8, on one thread:
 * tree-sitter alone (`parseTerraformFileWithTreeSitter`) against `parseTerraformFile` (the fast path for
 * plain HCL, tree-sitter for the files it refuses). Each is timed over every file, best of `--runs`.
 * `npx tsx bench/time-hcl-parse.ts [--services 3000] [--seed 1] [--runs 3] [--shape company-roots|service-roots]`
 */
import { parseArgs } from "node:util";
import { fastParseHcl } from "../src/parsers/terraform/fast-parse-hcl.js";
import { loadTerraformParser } from "../src/parsers/terraform/load-terraform-parser.js";
import { parseTerraformFile, parseTerraformFileWithTreeSitter } from "../src/parsers/terraform/parse-terraform.js";
import { generateRepoFiles, REPO_SHAPES, type RepoShape } from "./generate-repo.js";

const { values } = parseArgs({ options: { services: { type: "string", default: "3000" }, seed: { type: "string", default: "1" }, runs: { type: "string", default: "3" }, shape: { type: "string", default: "company-roots" } } });
if (!REPO_SHAPES.includes(values.shape as RepoShape)) throw new Error(`--shape must be one of ${REPO_SHAPES.join(", ")}`);
const files = [...generateRepoFiles(Number(values.seed), Number(values.services), values.shape as RepoShape)].filter(([path]) => path.endsWith(".tf"));
const mib = files.reduce((sum, [, text]) => sum + Buffer.byteLength(text, "utf8"), 0) / 2 ** 20;
const accepted = files.filter(([path, text]) => fastParseHcl(path, text) !== null).length;

/** The best wall time of `runs` passes of `parse` over every file, in seconds. */
function best(parse: (path: string, text: string) => unknown): number {
  let fastest = Infinity;
  for (let run = 0; run < Number(values.runs); run++) {
    const start = performance.now();
    for (const [path, text] of files) parse(path, text);
    fastest = Math.min(fastest, (performance.now() - start) / 1000);
  }
  return fastest;
}

const parser = await loadTerraformParser();
const treeSitter = best((path, text) => parseTerraformFileWithTreeSitter(parser, path, text));
const withFastPath = best((path, text) => parseTerraformFile(parser, path, text));
console.log(
  JSON.stringify({
    shape: values.shape,
    services: Number(values.services),
    files: files.length,
    acceptedByFastPath: accepted,
    mib: Number(mib.toPrecision(3)),
    treeSitterMiBps: Number((mib / treeSitter).toPrecision(3)),
    withFastPathMiBps: Number((mib / withFastPath).toPrecision(3)),
    speedup: Number((treeSitter / withFastPath).toPrecision(3)),
  }),
);

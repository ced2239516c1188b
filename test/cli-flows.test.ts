import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, type CliIo } from "../src/cli/run-cli.js";
import { createExampleRepo } from "./helpers/example-repo.js";

const FIXTURE = join(import.meta.dirname, "fixtures", "flows", "hubble-observe.jsonl");

async function cli(argv: string[], extra: Partial<CliIo> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), ...extra });
  return { code, out, err };
}

async function* bytes(...chunks: Buffer[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

describe("netpol-guard flows summarize", () => {
  const dir = mkdtempSync(join(tmpdir(), "netpol-guard-flows-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("summarizes raw lines, says on stderr what it skipped and which lines are garbage", async () => {
    const { code, out, err } = await cli(["flows", "summarize", FIXTURE]);
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(summary.version).toBe(1);
    expect(summary.flows).toHaveLength(5);
    expect(err).toBe(
      [
        `netpol-guard: ${FIXTURE}:10: not a Hubble flow (not JSON); skipped`,
        `netpol-guard: ${FIXTURE}:11: not a Hubble flow (not JSON); skipped`,
        "netpol-guard: read 12 lines: 6 flows counted, skipped 1 replies, 1 L7 or other non-L3/L4 flows, 1 other Hubble events; 2 lines are not a Hubble flow and skipped",
        "",
      ].join("\n"),
    );
    // Lines are numbered in each file, whatever came before.
    const twice = await cli(["flows", "summarize", FIXTURE, FIXTURE]);
    expect(twice.err.split("\n").slice(0, 4)).toEqual([
      `netpol-guard: ${FIXTURE}:10: not a Hubble flow (not JSON); skipped`,
      `netpol-guard: ${FIXTURE}:11: not a Hubble flow (not JSON); skipped`,
      `netpol-guard: ${FIXTURE}:10: not a Hubble flow (not JSON); skipped`,
      `netpol-guard: ${FIXTURE}:11: not a Hubble flow (not JSON); skipped`,
    ]);
    expect(JSON.parse(twice.out).flows[1].count).toBe(4);
  });

  it("reads gzip, from a file or from stdin, and writes --out", async () => {
    const gz = join(dir, "flows.jsonl.gz");
    writeFileSync(gz, gzipSync(readFileSync(FIXTURE)));
    const plain = await cli(["flows", "summarize", FIXTURE]);
    const fromFile = await cli(["flows", "summarize", gz]);
    expect(fromFile.out).toBe(plain.out);
    const gzipped = gzipSync(readFileSync(FIXTURE));
    const fromStdin = await cli(["flows", "summarize", "-"], { stdin: bytes(gzipped.subarray(0, 100), gzipped.subarray(100)) });
    expect(fromStdin.out).toBe(plain.out);
    const out = join(dir, "summary.json");
    const written = await cli(["flows", "summarize", FIXTURE, "--out", out]);
    expect(written.out).toBe("");
    expect(readFileSync(out, "utf8")).toBe(plain.out);
  });

  it("keeps the flows of the last --since, by the clock it is given", async () => {
    const { code, out } = await cli(["flows", "summarize", FIXTURE, "--since", "3m"], { now: () => Date.parse("2026-11-30T10:05:30Z") });
    expect(code).toBe(0);
    expect(JSON.parse(out).flows.map((f: { from: string; to: string }) => `${f.from}>${f.to}`)).toEqual(["service-1>service-2", "service-2>service-1"]);
  });

  it("exits 2 with a message on input with no flow, a missing file, a bad duration, a summary", async () => {
    const cases: [string[], Partial<CliIo>, string][] = [
      [["flows", "summarize", "-"], { stdin: bytes(Buffer.from("hello\n")) }, "no line of - is a Hubble flow (line 1: not JSON)"],
      [["flows", "summarize", join(dir, "absent.jsonl")], {}, "cannot read"],
      [["flows", "summarize", FIXTURE, "--since", "yesterday"], {}, "--since must be a duration"],
      [["flows", "summarize", "-"], { stdin: bytes(Buffer.from('{"version": 1, "flows": []}\n')) }, "already a flow summary"],
      [["flows", "summarize"], {}, "needs at least one FILE"],
      [["flows", "count"], {}, "flows has one subcommand"],
    ];
    for (const [argv, io, message] of cases) {
      const { code, err } = await cli(argv, io);
      expect(code, argv.join(" ")).toBe(2);
      expect(err).toContain(message);
    }
  });
});

describe("check and explain with --flows on the bundled example", () => {
  const repo = createExampleRepo();
  afterAll(() => repo.cleanup());

  it("check --flows takes raw flows over the configured file", async () => {
    const raw = `${JSON.stringify({ flow: { time: "2026-11-30T10:00:00Z", verdict: "FORWARDED", Type: "L3_L4", is_reply: false, source: { namespace: "service-5" }, destination: { namespace: "service-4" }, l4: { TCP: { destination_port: 9000 } } } })}\nnot a flow\n`;
    const { code, out, err } = await cli(["check", "--repo", repo.dir, "--base", "main", "--head", "pull-request", "--format", "json", "--flows", "-"], { stdin: bytes(Buffer.from(raw)) });
    expect(code).toBe(1);
    expect(err).toBe("netpol-guard: -:2: line 2 is not a Hubble flow (not JSON); it is skipped\n");
    const json = JSON.parse(out);
    expect(json.observed.broken).toEqual([{ from: "service-5", to: "service-4", port: "TCP/9000", count: 1, lastSeen: "2026-11-30T10:00:00.000Z" }]);
    expect(json.findings.filter((f: { rule: string }) => f.rule === "breaks-observed-flow").map((f: { namespace: string; peer: string }) => `${f.namespace}>${f.peer}`)).toEqual(["service-5>service-4"]);
  });

  it("check --flows with a file that holds no flow exits 2: it never judges as if it had read it", async () => {
    const { code, out, err } = await cli(["check", "--repo", repo.dir, "--base", "main", "--head", "pull-request", "--flows", "-"], { stdin: bytes(Buffer.from("garbage\n")) });
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain("no line of - is a Hubble flow");
  });

  it("explain --flows says what was observed, whether it is allowed, and which allowed peers were quiet", async () => {
    const { code, out } = await cli(["explain", "service-1", "--repo", repo.dir, "--ref", "main", "--flows", join(repo.dir, "observability", "flows.json")]);
    expect(code).toBe(0);
    const observed = out.slice(out.indexOf("Observed traffic"));
    expect(observed).toContain("Sent to 3 peers (forwarded):\n    kube-system  UDP/53  5120 flows  (allowed)\n    service-2  TCP/8080  48211 flows  (allowed)\n    service-3  TCP/8080  913 flows  (allowed)");
    expect(observed).toContain("Received from 1 peer (forwarded):\n    service-2  TCP/8080  1877 flows  (allowed)");
    expect(observed).toContain("Allowed from, with no traffic in the window (candidates to remove): service-3");
  });
});

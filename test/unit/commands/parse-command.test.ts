import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../../src/model/command-table.js";
import { renderHelp } from "../../../src/report/render-help.js";
import { parseCommand, type Command } from "../../../src/commands/parse-command.js";

describe("parseCommand", () => {
  it.each<[string, Command]>([
    ["/netpol help", { name: "help" }],
    ["/netpol recheck", { name: "recheck" }],
    ["/netpol explain service-1", { name: "explain", namespace: "service-1" }],
    ["/netpol tree", { name: "tree", company: null }],
    ["/netpol tree company-x", { name: "tree", company: "company-x" }],
    ["/netpol diff", { name: "diff" }],
    ["/netpol override Reason: outage INC-42, approved on the bridge", { name: "override", reason: "outage INC-42, approved on the bridge" }],
    ["/NETPOL Recheck", { name: "recheck" }],
    ["/netpol override reason:   spaced  ", { name: "override", reason: "spaced" }],
    ["   /netpol diff   ", { name: "diff" }],
    ["\t/netpol diff".replace("\t", "  "), { name: "diff" }],
    ["/netpol explain service-1\nand some more words\n/netpol recheck", { name: "explain", namespace: "service-1" }],
    ["/netpol   explain    service-1", { name: "explain", namespace: "service-1" }],
    ["/netpol diff\r\nthanks", { name: "diff" }],
  ])("%j is a command", (body, command) => {
    expect(parseCommand(body)).toEqual({ kind: "command", command });
  });

  it.each([
    "please /netpol recheck",
    "> /netpol recheck",
    "```\n/netpol recheck\n```",
    "    /netpol recheck",
    "\t/netpol recheck",
    "`/netpol recheck`",
    "LGTM\n/netpol recheck",
    "/netpolrecheck",
    "/netpol-recheck",
    "",
    "/ netpol recheck",
  ])("%j is ignored", (body) => {
    expect(parseCommand(body)).toEqual({ kind: "ignore" });
  });

  it.each([
    ["/netpol", /needs a command/],
    ["/netpol frobnicate", /Unknown command `frobnicate`/],
    ["/netpol explain", /needs exactly one namespace[\s\S]*Usage: `\/netpol explain NAMESPACE`/],
    ["/netpol explain a b", /needs exactly one namespace/],
    ["/netpol explain Service_1", /not a namespace name/],
    ["/netpol tree a b", /at most one company/],
    ["/netpol recheck now", /takes no arguments/],
    ["/netpol override", /needs a reason/],
    ["/netpol override because", /needs a reason/],
    ["/netpol override Reason:", /needs a reason/],
  ])("%j gets a reply with the usage", (body, pattern) => {
    const parsed = parseCommand(body);
    expect(parsed.kind).toBe("reply");
    expect(parsed.kind === "reply" && parsed.message).toMatch(pattern);
  });

  it("an unknown command's reply lists every command, from the one table", () => {
    const parsed = parseCommand("/netpol nope");
    for (const c of COMMANDS) expect(parsed.kind === "reply" && parsed.message).toContain(`/netpol ${c.name}`);
    expect(renderHelp().split("\n").filter((l) => l.startsWith("| `/netpol"))).toHaveLength(COMMANDS.length);
  });

  it("does not echo backticks of an unknown command into the reply", () => {
    const parsed = parseCommand("/netpol `rm");
    expect(parsed.kind === "reply" && parsed.message.split("\n")[0]).toBe("Unknown command `'rm`.");
  });
});

import { COMMANDS, PREFIX, usageLine, type CommandSpec } from "../model/command-table.js";
import type { Command } from "../model/command.js";
import { renderHelp } from "../report/render-help.js";

export type { Command };

/** What a comment means to netpol-guard: a command, a reply (the usage), or nothing at all. */
export type ParsedComment = { kind: "command"; command: Command } | { kind: "reply"; message: string } | { kind: "ignore" };

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function usage(problem: string, spec?: CommandSpec): ParsedComment {
  const body = spec ? `Usage: \`${usageLine(spec)}\`\n\n${spec.summary}` : renderHelp();
  return { kind: "reply", message: `${problem}\n\n${body}` };
}

/**
 * Reads the first line of a comment. A command starts that line with `/netpol` (case-insensitive, up to
 * three leading spaces); a line inside a quote (`>`) or a code block (a fence or four spaces of indentation)
 * is text, not a command. Everything after the first line is ignored.
 */
export function parseCommand(body: string): ParsedComment {
  const firstLine = body.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  if (/^( {4,}|\t)/.test(firstLine)) return { kind: "ignore" };
  const line = firstLine.trim();
  if (line.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return { kind: "ignore" };
  const rest = line.slice(PREFIX.length);
  if (rest !== "" && !/^\s/.test(rest)) return { kind: "ignore" };
  const words = rest.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return usage("`/netpol` needs a command.");
  const name = words[0]!.toLowerCase();
  const args = words.slice(1);
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) return usage(`Unknown command \`${name.replace(/`/g, "'").slice(0, 40)}\`.`);
  switch (spec.name) {
    case "help":
    case "recheck":
    case "diff":
      if (args.length > 0) return usage(`\`${spec.name}\` takes no arguments.`, spec);
      return { kind: "command", command: { name: spec.name } };
    case "explain": {
      if (args.length !== 1) return usage("`explain` needs exactly one namespace.", spec);
      if (!NAME.test(args[0]!)) return usage("That is not a namespace name.", spec);
      return { kind: "command", command: { name: "explain", namespace: args[0]! } };
    }
    case "tree": {
      if (args.length > 1) return usage("`tree` takes at most one company.", spec);
      if (args.length === 1 && !NAME.test(args[0]!)) return usage("That is not a namespace name.", spec);
      return { kind: "command", command: { name: "tree", company: args[0] ?? null } };
    }
    case "override": {
      const match = rest.trim().match(/^override\s+reason:\s*(\S.*)$/i);
      if (!match) return usage("`override` needs a reason: `/netpol override Reason: why this must merge now`.", spec);
      return { kind: "command", command: { name: "override", reason: match[1]!.trim() } };
    }
  }
}

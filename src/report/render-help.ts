import { COMMANDS, usageLine, type Permission } from "../model/command-table.js";

/** The help text: a markdown table made from `COMMANDS`. */
export function renderHelp(): string {
  const who: Record<Permission, string> = { anyone: "anyone", write: "users with write access", platform: "platform team members" };
  const rows = COMMANDS.map((c) => `| \`${usageLine(c)}\` | ${c.summary} | ${who[c.permission]} |`);
  return ["**netpol-guard commands** (the first line of a comment):", "", "| Command | What it does | Who |", "| --- | --- | --- |", ...rows].join("\n");
}

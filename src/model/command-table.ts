/** Who may run a command. */
export type Permission = "anyone" | "write" | "platform";

export interface CommandSpec {
  name: "help" | "recheck" | "explain" | "tree" | "diff" | "override";
  /** Arguments as shown in the usage line. */
  args: string;
  /** One sentence, for the help table. */
  summary: string;
  permission: Permission;
}

/** The one table the parser, the permission checks and the help text are generated from. */
export const COMMANDS: readonly CommandSpec[] = [
  { name: "help", args: "", summary: "Show this list of commands.", permission: "anyone" },
  { name: "recheck", args: "", summary: "Judge the pull request again now.", permission: "write" },
  { name: "explain", args: "NAMESPACE", summary: "Every policy that applies to NAMESPACE at the head commit, where it comes from, and what it allows.", permission: "anyone" },
  { name: "tree", args: "[COMPANY]", summary: "The namespace hierarchy at the head commit, drawn like `kubectl hns tree`.", permission: "anyone" },
  { name: "diff", args: "", summary: "The connectivity this pull request adds and removes, with company names, as a table and a Mermaid graph.", permission: "anyone" },
  {
    name: "override",
    args: "Reason: TEXT",
    summary: "Break-glass: turn a failing or pending check green until the next push, recording who, when and why.",
    permission: "platform",
  },
];

export const PREFIX = "/netpol";

export function usageLine(spec: CommandSpec): string {
  return `${PREFIX} ${spec.name}${spec.args ? ` ${spec.args}` : ""}`;
}

/** A command read from a comment, with its arguments (see parse-command.ts). */
export type Command =
  | { name: "help" }
  | { name: "recheck" }
  | { name: "explain"; namespace: string }
  | { name: "tree"; company: string | null }
  | { name: "diff" }
  | { name: "override"; reason: string };

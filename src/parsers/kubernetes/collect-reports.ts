import type { Problem } from "../../model/types.js";
import { formatPath, type ObjectContext, type Path, type Report } from "./object-context.js";

/**
 * A `Report` that keeps what it is told, and turns it into `invalid-policy` problems once the object's kind and
 * name are known: each at its value (or key), its message prefixed with the object and the field's path.
 */
export function collectReports(ctx: ObjectContext): { report: Report; problems: (what: string, namespace?: string) => Problem[] } {
  const reports: { path: Path; message: string; on: "value" | "key" }[] = [];
  const report: Report = (path, message, on = "value") => {
    reports.push({ path, message, on });
  };
  const problems = (what: string, namespace?: string): Problem[] =>
    reports.map(({ path, message, on }) => {
      const where = formatPath(path);
      const problem: Problem = {
        rule: "invalid-policy",
        severity: "error",
        location: on === "key" ? ctx.locateKey(path) : ctx.locate(path),
        message: `${what}: ${where === "" ? "" : `${where}: `}${message}`,
      };
      if (namespace !== undefined) problem.namespace = namespace;
      return problem;
    });
  return { report, problems };
}

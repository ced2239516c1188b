import type { NamespaceManifest, Problem } from "../../model/types.js";
import { isDns1123Label } from "../../model/kubernetes-names.js";
import { formatPath, type ObjectContext, type Path, type Report } from "./object-context.js";
import { readObjectMetadata } from "./read-object-metadata.js";
import { quoteName } from "../../model/quote-name.js";

export interface NormalizedNamespace {
  /** Null when the API server would refuse the object. */
  namespace: NamespaceManifest | null;
  problems: Problem[];
}

/**
 * A `Namespace`. Its labels are what the API server stores: `kubernetes.io/metadata.name` is always set to
 * the name (the API server overwrites whatever was written).
 */
export function normalizeNamespace(object: Record<string, unknown>, ctx: ObjectContext): NormalizedNamespace {
  const reports: { path: Path; message: string; on: "value" | "key" }[] = [];
  const report: Report = (path, message, on = "value") => {
    reports.push({ path, message, on });
  };
  const metadata = readObjectMetadata(object, report);
  const name = metadata.name;
  if (name === null) report(["metadata"], "metadata.name is required", "key");
  else if (!isDns1123Label(name)) {
    report(["metadata", "name"], `${quoteName(name)} is not a valid namespace name (DNS-1123 label: lowercase letters, digits and '-', at most 63 characters)`);
  }
  const problems: Problem[] = reports.map(({ path, message, on }) => {
    const problem: Problem = {
      rule: "invalid-policy",
      severity: "error",
      location: on === "key" ? ctx.locateKey(path) : ctx.locate(path),
      message: `Namespace${name === null ? "" : ` ${quoteName(name)}`}: ${formatPath(path)}: ${message}`,
    };
    if (name !== null) problem.namespace = name;
    return problem;
  });
  if (problems.length > 0 || name === null) return { namespace: null, problems };
  const labels = { ...metadata.labels, "kubernetes.io/metadata.name": name };
  return { namespace: { name, labels, location: ctx.location }, problems };
}

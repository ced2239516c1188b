import type { PathFilter } from "../config/parse-config.js";

/**
 * The filter with the observed-flows file (`observedFlows.path`) read along with the watched files, so
 * that it costs no request of its own and is cached by blob SHA like them (`include`), or never read
 * (`!include`). Either way `takeFlowsFile` keeps it away from the manifests: `**\/*.json` matches it.
 */
export function watchFlowsFile(filter: PathFilter, path: string, include: boolean): PathFilter {
  if (path === "") return filter;
  const target = path.replace(/^(\.\/|\/)+/, "");
  return { kind: (p) => (p.replace(/^(\.\/|\/)+/, "") === target ? (include ? "kubernetes" : null) : filter.kind(p)) };
}

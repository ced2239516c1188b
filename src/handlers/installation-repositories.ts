/** `installation_repositories`: logged, nothing else. */
import type { Context } from "probot";

export async function onInstallationRepositories(context: Context<"installation_repositories">): Promise<void> {
  const { action, installation, repositories_added, repositories_removed } = context.payload;
  const names = (list: { full_name?: string }[]): string => list.map((r) => r.full_name ?? "?").join(", ") || "none";
  context.log.info(`Installation ${installation.id}: repositories ${action}: added ${names(repositories_added)}; removed ${names(repositories_removed)}`);
}

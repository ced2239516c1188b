/** `installation`: logged, nothing else; pull requests are judged as their events arrive. */
import type { Context } from "probot";

export async function onInstallation(context: Context<"installation">): Promise<void> {
  const { action, installation, repositories } = context.payload;
  const account = installation.account && "login" in installation.account ? installation.account.login : "an account";
  context.log.info(`Installation ${installation.id} on ${account}: ${action} (${repositories?.length ?? "all"} repositories)`);
}

/**
 * The frame of an end-to-end test file: a real git repository with the given commits, the fake GitHub
 * serving it over HTTP, and the app running against it as production runs it.
 */
import type { Logger } from "pino";
import { expect } from "vitest";
import { GitRepo } from "./e2e-git.js";
import { E2E_APP_ID, FakeGitHub, warmUpFakeGitHub } from "./fake-github.js";
import { deliver, serveStandIn, startApp, waitFor, type Listening, type RunningApp } from "./e2e-server.js";

export interface E2eWorld {
  git: GitRepo;
  gh: FakeGitHub;
  standIn: Listening;
  app: RunningApp;
  /** Commit name -> SHA. */
  commits: Record<string, string>;
  /**
   * Delivers (signed with the world's secret) and waits until the app is done: the webhook answer (200),
   * or `settled` on the fake's state when Probot answered 202 after 9 s.
   */
  deliverAndSettle(d: Parameters<typeof deliver>[2], settled: () => boolean, what: string): Promise<void>;
  close(): Promise<void>;
}

export async function startE2eWorld(options: {
  commits: Parameters<GitRepo["commitAll"]>[0];
  key: { privateKey: string; publicKey: string };
  secret: string;
  log: Logger;
}): Promise<E2eWorld> {
  warmUpFakeGitHub();
  const git = new GitRepo();
  const commits = git.commitAll(options.commits);
  const gh = new FakeGitHub(git, { publicKey: options.key.publicKey, appId: E2E_APP_ID });
  const standIn = await serveStandIn(gh);
  const app = await startApp({ githubPort: standIn.port, appId: E2E_APP_ID, privateKey: options.key.privateKey, secret: options.secret, log: options.log });
  return {
    git,
    gh,
    standIn,
    app,
    commits,
    deliverAndSettle: async (d, settled, what) => {
      const answer = await deliver(app.webhookUrl, options.secret, d);
      expect([200, 202], answer.body).toContain(answer.status);
      await waitFor(gh, settled, what);
    },
    close: async () => {
      await app.close();
      await standIn.close();
      git.dispose();
    },
  };
}

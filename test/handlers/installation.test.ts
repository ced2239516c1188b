import { describe, expect, it } from "vitest";
import { useHandlerTest } from "../helpers/handler-test.js";
import { installationEvent, installationRepositoriesEvent } from "../helpers/payloads.js";

const t = useHandlerTest();

describe("installation and installation_repositories", () => {
  it.each(["created", "deleted", "suspend"])("logs installation.%s and sends nothing", async (action) => {
    await t.probot.receive(installationEvent(action));
    expect(t.gh.requests).toEqual([]);
  });

  it.each(["added", "removed"])("logs installation_repositories.%s and sends nothing", async (action) => {
    await t.probot.receive(installationRepositoriesEvent(action));
    expect(t.gh.requests).toEqual([]);
  });
});

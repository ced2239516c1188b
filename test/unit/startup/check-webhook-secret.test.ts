import { describe, expect, it } from "vitest";
import { checkWebhookSecret } from "../../../src/startup/check-webhook-secret.js";

const GOOD = "5f0c8e2a9d7b41c3a6e0f9b2d4c7a1e8";

describe("checkWebhookSecret", () => {
  it.each([
    ["unset", undefined, /WEBHOOK_SECRET is empty/],
    ["empty", "", /WEBHOOK_SECRET is empty/],
    ["blank", "   ", /WEBHOOK_SECRET is empty/],
    ["Probot's default", "development", /WEBHOOK_SECRET is `development`/],
    ["19 characters", "a".repeat(19), /WEBHOOK_SECRET has 19 characters, fewer than 20/],
  ])("refuses a secret that is %s in production, in one line", (_, secret, reason) => {
    const problem = checkWebhookSecret({ NODE_ENV: "production", WEBHOOK_SECRET: secret });
    expect(problem?.fatal).toBe(true);
    expect(problem?.message).toMatch(/^netpol-guard: refusing to start with NODE_ENV=production: /);
    expect(problem?.message).toMatch(reason);
    expect(problem?.message).not.toContain("\n");
  });

  it("accepts a secret of 20 characters or more in production", () => {
    expect(checkWebhookSecret({ NODE_ENV: "production", WEBHOOK_SECRET: "a".repeat(20) })).toBeNull();
    expect(checkWebhookSecret({ NODE_ENV: "production", WEBHOOK_SECRET: GOOD })).toBeNull();
  });

  it("only warns outside production, where the manifest flow starts with no secret", () => {
    for (const env of [{}, { NODE_ENV: "development" }, { NODE_ENV: "test", WEBHOOK_SECRET: "development" }]) {
      const problem = checkWebhookSecret(env);
      expect(problem?.fatal).toBe(false);
      expect(problem?.message).toMatch(/^netpol-guard: warning: .*local development only/);
    }
    expect(checkWebhookSecret({ NODE_ENV: "development", WEBHOOK_SECRET: GOOD })).toBeNull();
  });
});

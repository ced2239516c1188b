/**
 * An installation token that stops working mid-run (expired early, or revoked): GitHub answers 401.
 * @octokit/auth-app only retries a 401 with the same token (in case it has not replicated yet) and never
 * asks for a new one; the app does, once, and sends the request again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pullRequestEvent } from "../helpers/payloads.js";
import { useFaultTest } from "./fault-test.js";

const t = useFaultTest();

beforeEach(() => {
  // Only the clock is faked, and it runs: the token has to look older than auth-app's 5-second replication
  // window when GitHub refuses it, as a token that expires mid-run is.
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("installation token expiring mid-run", () => {
  it("gets a new token on a 401 and finishes the judgement with it", async () => {
    const { base, cross } = t.commits;
    t.gh.openPull(7, base, cross);
    // Once the check run exists, ten minutes pass and GitHub stops taking the token (still in the app's
    // cache, which keeps tokens 59 minutes).
    t.gh.on("request", (call: { method: string; path: string; status: number }) => {
      if (call.method === "POST" && call.path.endsWith("/check-runs") && call.status === 201) {
        vi.setSystemTime(Date.now() + 10 * 60 * 1000);
        t.gh.expireTokens();
      }
    });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: cross }));

    expect(t.gh.summary().filter((line) => line.includes("access_tokens"))).toHaveLength(2);
    const refused = t.gh.requests.filter((r) => r.status === 401);
    expect(refused.map((r) => `${r.method} ${r.operation ?? r.path}`)).toEqual(["POST netpolGuardBlobs"]);
    expect(t.gh.issuedTokens).toHaveLength(2);
    const [run, ...others] = t.gh.checksOn(cross);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "Crosses the company-x / company-y boundary: 1 error to fix" } });
    expect(t.gh.reviews.filter((r) => r.byApp)).toHaveLength(1);
    expect(t.log.join("")).toContain("GitHub refused the installation token on POST /graphql (401): asking for a new one");
  });
});

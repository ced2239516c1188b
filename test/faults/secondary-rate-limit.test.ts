/**
 * A secondary rate limit (403 with `retry-after`), under production's client as Probot 14 configures it:
 * throttling on with Probot's handlers, whose `onSecondaryRateLimit` only logs. The app waits what GitHub
 * asked for and sends the request once more; a wait longer than it honours fails the check instead of
 * holding the delivery for an hour.
 */
import { describe, expect, it } from "vitest";
import { pullRequestEvent } from "../helpers/payloads.js";
import { useFaultTest } from "./fault-test.js";

const t = useFaultTest({ throttle: "production" });

const SECONDARY = { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" };

describe("secondary rate limit", () => {
  it("waits the retry-after GitHub sent, then creates the check run once", async () => {
    const { base, clean } = t.commits;
    t.gh.fail({ method: "POST", path: /\/check-runs$/, status: 403, headers: { "retry-after": "1" }, body: SECONDARY });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: clean }));

    const creates = t.gh.requests.filter((r) => r.method === "POST" && r.path.endsWith("/check-runs"));
    expect(creates.map((r) => r.status)).toEqual([403, 201]);
    expect(t.clock.waits).toEqual([1000]);
    const [run, ...others] = t.gh.checksOn(clean);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "success" });
    expect(t.log.join("")).toContain("Secondary rate limit on POST /repos/{owner}/{repo}/check-runs: retrying in 1 s");
  });

  it("does not wait an hour: a longer retry-after completes the check as a failure that says so", async () => {
    const { base, clean } = t.commits;
    t.gh.fail({ operation: "netpolGuardBlobs", status: 403, headers: { "retry-after": "3600" }, body: SECONDARY });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: clean }));

    const [run, ...others] = t.gh.checksOn(clean);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "netpol-guard could not read the watched files" } });
    expect(run!.output.summary).toContain("secondary rate limit");
    expect(t.clock.waits).toEqual([]);
  });
});

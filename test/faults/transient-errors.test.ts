/**
 * Server errors and timeouts: retried by production's client (plugin-retry, and the app's per-attempt
 * timeout), and when they persist, the check run is still completed, as a failure that says what failed.
 */
import { describe, expect, it } from "vitest";
import { pullRequestEvent } from "../helpers/payloads.js";
import { REQUEST_TIMEOUT_MS, useFaultTest } from "./fault-test.js";

const t = useFaultTest();

describe("5xx", () => {
  it("retries a 500, a 502 and a 503, and judges as if nothing happened", async () => {
    const { base, cross } = t.commits;
    t.gh.openPull(7, base, cross);
    t.gh
      .fail({ method: "GET", path: new RegExp(`/git/trees/${cross}$`), status: 500 })
      .fail({ operation: "netpolGuardContext", status: 502 })
      .fail({ method: "POST", path: /\/check-runs$/, status: 503 })
      .fail({ operation: "netpolGuardBlobs", status: 500 })
      .fail({ operation: "netpolGuardPublish", status: 502 })
      .fail({ method: "PATCH", path: /\/check-runs\/\d+$/, status: 503 });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: cross }));

    const faults = t.gh.summary().filter((line) => line.includes("(fault)"));
    expect(faults).toHaveLength(6);
    // Each failed request was sent again, and answered.
    for (const fault of faults) {
      const [method, path] = fault.split(" ");
      expect(t.gh.summary().filter((line) => line.startsWith(`${method} ${path}`) && !line.includes("(fault)")).length, fault).toBeGreaterThanOrEqual(1);
    }
    const [run, ...others] = t.gh.checksOn(cross);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "Crosses the company-x / company-y boundary: 1 error to fix" } });
    expect(run!.output.summary).not.toContain("could not");
    expect(t.gh.reviews.filter((r) => r.byApp)).toHaveLength(1);
    expect(t.gh.reviews[0]!.comments).toHaveLength(1);
  });

  it("completes the check as a failure, naming the step, when a 502 outlasts the retries", async () => {
    const { base, clean } = t.commits;
    t.gh.fail({ operation: "netpolGuardBlobs", status: 502, times: 4 });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: clean, deliveryId: "d-502" }));

    expect(t.gh.summary().filter((line) => line.includes("netpolGuardBlobs"))).toEqual(Array(4).fill("POST /graphql netpolGuardBlobs -> 502 (fault)"));
    const [run, ...others] = t.gh.checksOn(clean);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "netpol-guard could not read the watched files" } });
    expect(run!.output.summary).toContain("Server Error \\(HTTP 502\\)");
    expect(run!.output.summary).toContain("webhook delivery `d-502`");
  });

  it("creates the check completed as a failure when even creating it keeps failing", async () => {
    const { base, clean } = t.commits;
    t.gh.fail({ method: "POST", path: /\/check-runs$/, status: 503, times: 4 });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: clean }));

    const [run, ...others] = t.gh.checksOn(clean);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "netpol-guard could not create the check run" } });
  });
});

describe("a check run created although GitHub answered with an error", () => {
  it("closes the copy the retried request made, and completes the one it judges with", async () => {
    const { base, clean } = t.commits;
    t.gh.fail({ method: "POST", path: /\/check-runs$/, status: 502, acted: true });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: clean }));

    // Two runs exist, oldest first: the one whose answer was lost is closed, failing.
    const [lost, judged, ...others] = t.gh.checksOn(clean);
    expect(others).toEqual([]);
    expect([lost!.status, lost!.conclusion, judged!.status, judged!.conclusion]).toEqual(["completed", "cancelled", "completed", "success"]);
    expect(lost!.output.summary).toContain(`Check run ${judged!.id} is the one that judges this commit`);
    expect(t.gh.summary().filter((line) => line.includes("check-runs"))).toEqual([
      "POST {repo}/check-runs -> 502 (fault)",
      "POST {repo}/check-runs",
      `GET {repo}/commits/${clean}/check-runs?check_name=netpol-guard&filter=all&per_page=100`,
      `PATCH {repo}/check-runs/${lost!.id}`,
      `PATCH {repo}/check-runs/${judged!.id}`,
    ]);
  });

  it("closes the runs of a creation that failed for good once the failure is reported", async () => {
    const { base, clean } = t.commits;
    t.gh.fail({ method: "POST", path: /\/check-runs$/, status: 503, times: 4, acted: true });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: clean }));

    const runs = t.gh.checksOn(clean);
    expect(runs.map((r) => [r.status, r.conclusion])).toEqual([...Array(4).fill(["completed", "cancelled"]), ["completed", "failure"]]);
    expect(runs[4]).toMatchObject({ output: { title: "netpol-guard could not create the check run" } });
  });

  it("lists nothing when the creation succeeded at once", async () => {
    const { base, clean } = t.commits;
    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: clean }));
    expect(t.gh.summary().filter((line) => line.includes("check-runs")).map((line) => line.split(" ")[0])).toEqual(["POST", "PATCH"]);
  });
});

describe("a review posted although GitHub answered with an error", () => {
  it("asks whether the review is there before sending the mutation again, and posts it once", async () => {
    const { base, cross } = t.commits;
    t.gh.openPull(7, base, cross);
    t.gh.fail({ operation: "netpolGuardPublish", status: 502, acted: true });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: cross }));

    // The review was the mutation's only part: once it is known to be there, nothing is left to send.
    expect(t.gh.summary().filter((line) => /netpolGuard(Publish|Reviewed)/.test(line))).toEqual([
      "POST /graphql netpolGuardPublish -> 502 (fault)",
      "POST /graphql netpolGuardReviewed",
    ]);
    expect(t.gh.reviews.filter((r) => r.byApp)).toHaveLength(1);
    expect(t.gh.checksOn(cross)[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(t.gh.checksOn(cross)[0]!.output.summary).not.toContain("could not");
  });

  it("sends the mutation again, review included, when the review is not there", async () => {
    const { base, cross } = t.commits;
    t.gh.openPull(7, base, cross);
    t.gh.fail({ operation: "netpolGuardPublish", status: 502, times: 2 });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: cross }));

    expect(t.gh.summary().filter((line) => /netpolGuard(Publish|Reviewed)/.test(line))).toEqual([
      "POST /graphql netpolGuardPublish -> 502 (fault)",
      "POST /graphql netpolGuardReviewed",
      "POST /graphql netpolGuardPublish -> 502 (fault)",
      "POST /graphql netpolGuardReviewed",
      "POST /graphql netpolGuardPublish",
    ]);
    expect(t.gh.reviews.filter((r) => r.byApp)).toHaveLength(1);
  });

  it("does not send it again when it cannot tell, and says the review may be missing", async () => {
    const { base, cross } = t.commits;
    t.gh.openPull(7, base, cross);
    t.gh.fail({ operation: "netpolGuardPublish", status: 502 }).fail({ operation: "netpolGuardReviewed", status: 502, times: 4 });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: cross }));

    expect(t.gh.summary().filter((line) => line.includes("netpolGuardPublish"))).toEqual(["POST /graphql netpolGuardPublish -> 502 (fault)"]);
    expect(t.gh.reviews.filter((r) => r.byApp)).toEqual([]);
    const [run] = t.gh.checksOn(cross);
    // The verdict stands; the summary says the review could not be posted.
    expect(run).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "Crosses the company-x / company-y boundary: 1 error to fix" } });
    expect(run!.output.summary).toContain("netpol-guard could not post the inline review");
  });
});

describe("timeouts", () => {
  it("gives up on a request GitHub does not answer, sends it again, and judges", async () => {
    const { base, clean } = t.commits;
    t.gh.fail({ method: "GET", path: new RegExp(`/git/trees/${clean}$`), hang: true });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: clean }));

    expect(t.clock.timeouts).toEqual([REQUEST_TIMEOUT_MS]);
    const trees = t.gh.summary().filter((line) => line.includes(`/git/trees/${clean}`));
    expect(trees).toEqual([`GET {repo}/git/trees/${clean}?recursive=1 -> no answer (fault)`, `GET {repo}/git/trees/${clean}?recursive=1`]);
    const [run, ...others] = t.gh.checksOn(clean);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("completes the check as a failure when every attempt times out", async () => {
    const { base, clean } = t.commits;
    t.gh.fail({ operation: "netpolGuardBlobs", hang: true, times: 4 });

    await t.probot.receive(pullRequestEvent("opened", { number: 7, base, head: clean }));

    expect(t.gh.summary().filter((line) => line.includes("netpolGuardBlobs"))).toHaveLength(4);
    expect(t.clock.timeouts).toEqual(Array(4).fill(REQUEST_TIMEOUT_MS));
    const [run, ...others] = t.gh.checksOn(clean);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "netpol-guard could not read the watched files" } });
    expect(run!.output.summary).toContain(`GitHub did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
  });
});

/**
 * Deliveries out of order: a pull request's `opened` arriving after its `synchronize` (GitHub does not
 * promise order). The late head still gets its check run, but the label and the team request follow the
 * pull request's latest head, told by the events' `updated_at`.
 */
import { describe, expect, it } from "vitest";
import { checkRunRerequestedEvent, pullRequestEvent, type WebhookEvent } from "../helpers/payloads.js";
import { useFaultTest } from "./fault-test.js";

const t = useFaultTest();

function at(event: WebhookEvent, updatedAt: string): WebhookEvent {
  (event.payload as { pull_request: { updated_at: string } }).pull_request.updated_at = updatedAt;
  return event;
}

describe("out-of-order deliveries", () => {
  for (const arrival of ["one after the other", "at the same time"] as const) {
    it(`judges a late head, but labels and asks for the latest one (${arrival})`, async () => {
      const { base, vcToVc, clean } = t.commits;
      // Opened with a VC-to-VC policy (label, platform team), then pushed clean.
      t.gh.openPull(8, base, clean);
      const opened = at(pullRequestEvent("opened", { number: 8, base, head: vcToVc }), "2024-05-01T09:00:00Z");
      const pushed = at(pullRequestEvent("synchronize", { number: 8, base, head: clean }), "2024-05-01T09:05:00Z");

      if (arrival === "one after the other") {
        await t.probot.receive(pushed);
        await t.probot.receive(opened);
      } else {
        await Promise.all([t.probot.receive(opened), t.probot.receive(pushed)]);
      }

      expect(t.gh.checksOn(clean).map((r) => [r.status, r.conclusion])).toEqual([["completed", "success"]]);
      expect(t.gh.checksOn(vcToVc).map((r) => [r.status, r.conclusion])).toEqual([["completed", "action_required"]]);
      expect(t.gh.pulls.get(8)!.labels).toEqual([]);
      expect(t.gh.requests.filter((r) => r.path.endsWith("/requested_reviewers"))).toEqual([]);
    });
  }

  it("labels the pull request when the late event is the latest after all", async () => {
    const { base, vcToVc, clean } = t.commits;
    t.gh.openPull(8, base, vcToVc);
    await t.probot.receive(at(pullRequestEvent("opened", { number: 8, base, head: clean }), "2024-05-01T09:00:00Z"));
    await t.probot.receive(at(pullRequestEvent("synchronize", { number: 8, base, head: vcToVc }), "2024-05-01T09:05:00Z"));

    expect(t.gh.pulls.get(8)!.labels).toEqual(["cross-vc-boundary"]);
    expect(t.gh.pulls.get(8)!.requestedTeams).toEqual(["platform"]);
  });

  it("re-runs the check of an older head without taking the pull request back to it", async () => {
    const { base, vcToVc, clean } = t.commits;
    // Opened with a VC-to-VC policy, then pushed clean: the label is gone.
    t.gh.openPull(8, base, vcToVc);
    await t.probot.receive(at(pullRequestEvent("opened", { number: 8, base, head: vcToVc }), "2024-05-01T09:00:00Z"));
    const pull = t.gh.pulls.get(8)!;
    Object.assign(pull, { head: clean, updatedAt: "2024-05-01T09:05:00Z" });
    await t.probot.receive(at(pullRequestEvent("synchronize", { number: 8, base, head: clean }), "2024-05-01T09:05:00Z"));
    expect(pull.labels).toEqual([]);

    // Someone re-runs the old head's check: it is judged again, and the pull request stays at its latest head.
    await t.probot.receive(checkRunRerequestedEvent({ headSha: vcToVc, externalId: "8", pullRequests: [8] }));
    expect(t.gh.checksOn(vcToVc).map((r) => [r.status, r.conclusion])).toEqual([
      ["completed", "action_required"],
      ["completed", "action_required"],
    ]);
    expect(pull.labels).toEqual([]);

    // The next re-run of the latest head still knows it is the latest.
    await t.probot.receive(checkRunRerequestedEvent({ headSha: clean, externalId: "8", pullRequests: [8] }));
    expect(t.gh.checksOn(clean).at(-1)).toMatchObject({ status: "completed", conclusion: "success" });
    expect(pull.labels).toEqual([]);
  });
});

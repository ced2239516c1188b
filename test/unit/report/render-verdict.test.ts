import { parseConfigFile } from "../../../src/config/parse-config-file.js";
import { beforeAll, describe, expect, it } from "vitest";
import { approvalFingerprint } from "../../../src/approval/approval-fingerprint.js";
import { parseConfig } from "../../../src/config/parse-config.js";
import { judgeSnapshots, type JudgedChange } from "../../../src/engine/judge-snapshots.js";
import type { PlatformReview } from "../../../src/approval/platform-review.js";
import { approvalItems, renderVerdict } from "../../../src/report/render-verdict.js";
import { BASE, CONFIG, VC_TO_VC_HEAD, withChanges } from "../../helpers/infra-repo.js";
import { snapshotFiles } from "../../helpers/model-from-files.js";

const HEAD = "h".repeat(40);
const OLD = "0".repeat(40);
let change: JudgedChange;

/** VC_TO_VC_HEAD, and company-y letting company-x in: a finding and a crossing edge to approve. */
const CROSSING = withChanges(VC_TO_VC_HEAD, {
  "kubernetes/policies/company-y/allow-from-company-x.yaml": `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-from-company-x
  namespace: company-y
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              acme.io/company: company-x
`,
});

beforeAll(async () => {
  const config = parseConfig(CONFIG).config;
  change = await judgeSnapshots({ files: snapshotFiles(BASE, config), config: parseConfigFile(CONFIG) }, { files: snapshotFiles(CROSSING, config), config: parseConfigFile(CONFIG) });
});

function review(partial: Partial<PlatformReview["result"]>, extra: Partial<PlatformReview> = {}): PlatformReview {
  return {
    result: { approved: false, approvers: [], stale: [], ignored: [], ...partial },
    team: "platform",
    required: 1,
    commitOf: new Map(),
    markersAt: new Map(),
    incomplete: false,
    ...extra,
  };
}

describe("approvalItems", () => {
  it("lists exactly what the fingerprint covers, with labels", () => {
    const j = change.judgement;
    expect(j.conclusion).toBe("action_required");
    expect(approvalFingerprint(j)).not.toBeNull();
    expect(approvalItems(j).map((i) => i.label)).toMatchInlineSnapshot(`
      [
        "vc-to-vc-policy at kubernetes/policies/company-x/allow-to-company-y.yaml:12 (company-x)",
        "vc-to-vc-policy at kubernetes/policies/company-y/allow-from-company-x.yaml:11 (company-y)",
        "company-x (company-x) → service-5 (company-y)",
      ]
    `);
    expect(new Set(approvalItems(j).map((i) => i.id)).size).toBe(3);
    expect(approvalItems({ ...j, platformReviewRequired: false })).toEqual([]);
  });
});

describe("renderVerdict", () => {
  it("leaves the engine's verdict alone when nothing was evaluated", () => {
    const { title, summary } = renderVerdict({ change, conclusion: "action_required", review: null, override: null, headSha: HEAD });
    expect(title).toBe("Crosses the company-x / company-y boundary: platform review requested");
    expect(summary).not.toContain("### Platform review");
  });

  it("an approval: success, who approved on which commit, and what they approved", () => {
    const r = review({ approved: true, approvers: ["alice", "bob"] }, { commitOf: new Map([["alice", OLD], ["bob", HEAD]]) });
    const { title, summary } = renderVerdict({ change, conclusion: "success", review: r, override: null, headSha: HEAD });
    expect(title).toBe("Crosses the company-x / company-y boundary: approved by alice and bob");
    const top = summary.split("### Introduced")[0]!;
    expect(top).toContain("Approved by alice (on `0000000`), bob, members of `platform` (1 approval required).");
    expect(top).toContain("- company-x \\(company-x\\) → service-5 \\(company-y\\)");
    expect(summary).not.toContain("must approve it");
    expect(summary).not.toContain("action required");
  });

  it("a stale approval: what is new since, and how much is gone", () => {
    const items = approvalItems(change.judgement);
    const approvedThen = [items[0]!.id, "ffffffffffff"];
    const r = review({ stale: ["alice"], ignored: [{ user: "dev", why: "the author of the pull request" }] }, {
      commitOf: new Map([["alice", OLD]]),
      markersAt: new Map([[OLD, { binding: null, fingerprint: "old", covers: approvedThen, override: null }]]),
    });
    const { title, summary } = renderVerdict({ change, conclusion: "action_required", review: r, override: null, headSha: HEAD });
    expect(title).toBe("Crosses the company-x / company-y boundary: platform review needed again");
    const section = summary.slice(summary.indexOf("### Platform review"), summary.indexOf("### Introduced"));
    expect(section).toMatchInlineSnapshot(`
      "### Platform review

      1 approval from members of \`platform\` needed; none counts yet.

      - alice approved \`0000000\`, but the cross-company edges and platform-owned changes are different now; it needs approval again. 1 item approved then is no longer in the change. New or changed since then:
        - vc-to-vc-policy at kubernetes/policies/company-y/allow-from-company-x.yaml:11 \\(company-y\\)
        - company-x \\(company-x\\) → service-5 \\(company-y\\)
      - dev's approval does not count: the author of the pull request.

      "
    `);
  });

  it("a stale approval on a commit with no record says so", () => {
    const r = review({ stale: ["alice"] }, { commitOf: new Map([["alice", OLD]]), markersAt: new Map([[OLD, null]]) });
    const { summary } = renderVerdict({ change, conclusion: "action_required", review: r, override: null, headSha: HEAD });
    expect(summary).toContain("- alice approved `0000000`, but netpol-guard has no record of what needed approval there that matches the head");
  });

  it("an override: success, who, when, why, and what the engine said; the review status kept below", () => {
    const override = { headSha: HEAD, by: "carol", at: "2024-05-02T12:00:00Z", reason: "INC-9 [link](javascript:x)", commentUrl: "javascript:alert(1)" };
    const { title, summary } = renderVerdict({ change, conclusion: "success", review: review({}), override, headSha: HEAD });
    expect(title).toBe("Overridden by carol: Crosses the company-x / company-y boundary: platform review requested");
    expect(summary).toContain("Without the override the conclusion is **action_required**.");
    expect(summary).toContain("Reason: INC-9 \\[link\\]\\(javascript:x\\)");
    expect(summary).not.toContain("javascript:alert");
    expect(summary.indexOf("### Override")).toBeLessThan(summary.indexOf("### Platform review"));
  });
});

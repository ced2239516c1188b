import { describe, expect, it } from "vitest";
import { MAX_COVERED_IDS, parseCheckMarkers, renderCheckMarkers, sameBinding, type CheckMarkers } from "../../../src/model/check-markers.js";

const override = { headSha: "a".repeat(40), baseSha: "b".repeat(40), by: "alice", at: "2024-05-02T12:00:00Z", reason: "INC-1", commentUrl: "https://github.com/acme/infra/pull/7#issuecomment-1" };

describe("check markers", () => {
  it("reads back what it writes", () => {
    const markers: CheckMarkers = { binding: { pull: 7, baseRef: "release/--> <b>", baseSha: "b".repeat(40) }, fingerprint: "0123456789abcdef01234567", covers: ["aaaaaaaaaaaa", "bbbbbbbbbbbb"], override };
    expect(parseCheckMarkers(renderCheckMarkers(markers))).toEqual(markers);
    expect(parseCheckMarkers(renderCheckMarkers({ binding: null, fingerprint: "none", covers: null, override: null }))).toEqual({ binding: null, fingerprint: "none", covers: null, override: null });
  });

  it("keeps a hostile reason inside its comment: it can neither close it nor forge another marker", () => {
    const reason = "x --> <!-- netpol-guard:fingerprint=evil --> <script>";
    const text = renderCheckMarkers({ binding: null, fingerprint: "none", covers: null, override: { ...override, reason } });
    expect(text.match(/-->/g)).toHaveLength(2);
    expect(text).not.toContain("<script>");
    expect(parseCheckMarkers(text)).toMatchObject({ fingerprint: "none", override: { reason } });
  });

  it("is null for a text that is not a judged run of this app, and ignores a broken override", () => {
    expect(parseCheckMarkers(null)).toBeNull();
    expect(parseCheckMarkers("netpol-guard:fingerprint=abc")).toBeNull();
    expect(parseCheckMarkers('<!-- netpol-guard:fingerprint=abc -->\n<!-- netpol-guard:override={"by":1} -->')).toEqual({ binding: null, fingerprint: "abc", covers: null, override: null });
  });

  it("binds a run to its pull request and base branch: another pull request, or another base, is not the same", () => {
    const bound = { pull: 7, baseRef: "main", baseSha: "b".repeat(40) };
    expect(sameBinding(bound, { ...bound, baseSha: "c".repeat(40) })).toBe(true);
    expect(sameBinding(bound, { ...bound, pull: 8 })).toBe(false);
    expect(sameBinding(bound, { ...bound, baseRef: "decoy" })).toBe(false);
    expect(sameBinding(bound, null)).toBe(false);
    expect(parseCheckMarkers('<!-- netpol-guard:fingerprint=abc -->\n<!-- netpol-guard:binding={"pull":"7"} -->')!.binding).toBeNull();
  });

  it("records at most MAX_COVERED_IDS ids", () => {
    const covers = Array.from({ length: MAX_COVERED_IDS + 10 }, (_, i) => i.toString(16).padStart(12, "0"));
    expect(parseCheckMarkers(renderCheckMarkers({ binding: null, fingerprint: "f", covers, override: null }))!.covers).toHaveLength(MAX_COVERED_IDS);
  });
});

import { describe, expect, it } from "vitest";
import { replyMarker } from "../../../src/report/reply-marker.js";
import { COMMENT_CUT_NOTE, MAX_COMMENT_BYTES } from "../../../src/report/render-check-output.js";
import { drawViews } from "../../../src/report/draw-views.js";
import { renderExplainAnswer, renderReply } from "../../../src/report/render-reply.js";
import { judgeScenario } from "../../helpers/scenario.js";
import { utf8Length } from "../../../src/report/utf8-length.js";

describe("renderReply", () => {
  it("puts the marker first and leaves a short answer alone", () => {
    expect(renderReply(12, "answer\n\n")).toBe(`${replyMarker(12)}\nanswer\n`);
  });

  it("cuts an answer over 65,536 bytes with a note, closing the code block and the details, keeping the marker", () => {
    const answer = `<details><summary>big</summary>\n\n\`\`\`text\n${"a line of a very long explanation\n".repeat(3000)}\`\`\`\n\n</details>`;
    const body = renderReply(12, answer);
    expect(utf8Length(body)).toBeLessThanOrEqual(MAX_COMMENT_BYTES);
    expect(body.startsWith(`${replyMarker(12)}\n<details>`)).toBe(true);
    expect(body.endsWith(`\n\`\`\`\n\n</details>\n\n---\n\n${COMMENT_CUT_NOTE}\n`)).toBe(true);
  });
});

describe("renderExplainAnswer", () => {
  it("adds what the base's observed flows say of the namespace, as explain --flows does", async () => {
    const change = await judgeScenario("observed-flow-broken-kit-entry");
    // The judge worker draws the text where the head's model is, with the change's observed flows.
    const explain = (flows: typeof change.flows): string | null => drawViews(change.head, { explain: "service-3" }, flows).explain ?? null;
    const answer = renderExplainAnswer(explain(change.flows), "service-3", "0123456789abcdef");
    expect(answer).toContain("Observed traffic (flows.json, from 2026-11-29T10:00:00.000Z to 2026-11-30T10:00:00.000Z):");
    expect(answer).toContain("Sent to 1 peer (forwarded):\n    service-2  TCP/5432  9 flows  (NOT allowed by the repository)");
    expect(renderExplainAnswer(explain(undefined), "service-3", "0123456789abcdef")).not.toContain("Observed traffic");
  });
});

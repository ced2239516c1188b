import { describe, expect, it } from "vitest";
import { replyMarker } from "../../../src/report/reply-marker.js";
import { COMMENT_CUT_NOTE, MAX_COMMENT_BYTES } from "../../../src/report/render-check-output.js";
import { renderReply } from "../../../src/report/render-reply.js";
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

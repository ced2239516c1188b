import { MAX_ANNOTATIONS } from "./render-check-output.js";

/** The line under the summary when the findings outnumber the annotations a check run may carry. */
export function renderAnnotationNote(findings: number): string {
  return findings > MAX_ANNOTATIONS ? `\n_${MAX_ANNOTATIONS} of the ${findings} findings are annotations on their lines; the table above lists the first ones._\n` : "";
}

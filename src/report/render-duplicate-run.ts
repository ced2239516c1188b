/** The output of a check run that a retried request created a second time, cancelled in favour of `keep`. */
export function renderDuplicateRun(keep: number): { title: string; summary: string } {
  return {
    title: "Created twice by a retried request",
    summary: `GitHub created this check run although it answered the request with an error, and the request was sent again. Check run ${keep} is the one that judges this commit.`,
  };
}

/** The output of a check run while its change is judged. */
export function renderInProgress(): { title: string; summary: string } {
  return { title: "Judging the change", summary: "netpol-guard is reading the base and the head of this change." };
}

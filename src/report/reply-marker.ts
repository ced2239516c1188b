/** The hidden text that ties a reply to the comment it answers. */
export function replyMarker(commentId: number): string {
  return `<!-- netpol-guard:reply-to=${commentId} -->`;
}

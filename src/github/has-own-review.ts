import { reviewMarker } from "../report/render-review.js";

/** The GraphQL selection of a pull request's latest reviews that `hasOwnReview` reads. */
export const RECENT_REVIEWS_FIELD = "reviews(last: 100) { nodes { viewerDidAuthor body } }";

/** Whether reviews (as `RECENT_REVIEWS_FIELD` selects them) hold this app's review of `headSha`. */
export function hasOwnReview(nodes: readonly ({ viewerDidAuthor: boolean; body: string } | null)[], headSha: string): boolean {
  const marker = reviewMarker(headSha);
  return nodes.some((review) => review !== null && review.viewerDidAuthor && review.body.includes(marker));
}

/** Milliseconds as seconds with one decimal, as the budget (`limits.judgeSeconds`) is given. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

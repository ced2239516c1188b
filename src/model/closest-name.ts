/** Edit distance, bounded: stops counting past `limit`. `rows` holds two rows of at least `b.length + 1`. */
function distance(a: string, b: string, limit: number, rows: [number[], number[]]): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let [previous, current] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/**
 * The known name closest to `name` (at most 2 edits away), for "did you mean" hints; `skip`, when given, is
 * never proposed. Of several equally close, the first in `known`'s order.
 */
export function closestName(name: string, known: Iterable<string>, skip?: string): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  // Two rows reused for every candidate: a company may hold thousands of names.
  const rows: [number[], number[]] = [[], []];
  for (const candidate of known) {
    if (candidate === skip) continue;
    const d = distance(name, candidate, bestDistance - 1, rows);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      if (d === 1) break;
    }
  }
  return best;
}

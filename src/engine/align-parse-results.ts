/** A stretch of changed files between two files both refs share: the base's ones and the head's ones. */
export interface Gap {
  base: [number, number];
  head: [number, number];
}

/**
 * Lines up two refs' parse results (one per manifest file or Terraform directory, shared by the parse cache
 * when unchanged). Null when the shared ones are not in the same order.
 */
export function alignParseResults<T>(base: readonly T[], head: readonly T[]): Gap[] | null {
  const inBase = new Set(base);
  const inHead = new Set(head);
  const gaps: Gap[] = [];
  let i = 0;
  let j = 0;
  let from = [0, 0] as [number, number];
  for (;;) {
    while (i < base.length && !inHead.has(base[i]!)) i++;
    while (j < head.length && !inBase.has(head[j]!)) j++;
    if (i > from[0] || j > from[1]) gaps.push({ base: [from[0], i], head: [from[1], j] });
    if (i >= base.length && j >= head.length) return gaps;
    if (i >= base.length || j >= head.length || base[i] !== head[j]) return null;
    i++;
    j++;
    from = [i, j];
  }
}

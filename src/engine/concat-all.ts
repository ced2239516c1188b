/** The items of every list, in order (faster than `flatMap` on many short lists). */
export function concatAll<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (const list of lists) for (const item of list) out.push(item);
  return out;
}

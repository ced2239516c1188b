import type { AddressRange } from "./cidr.js";

/** The fewest CIDR blocks that cover exactly the given ranges (one family each), in address order. */
export function rangesToCidrs(ranges: readonly AddressRange[]): string[] {
  const cidrs: string[] = [];
  for (const range of [...ranges].sort((a, b) => a.family - b.family || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))) {
    const bits = range.family === 4 ? 32n : 128n;
    let start = range.start;
    while (start <= range.end) {
      // The largest block aligned on `start` that stays inside the range.
      let size = 0n;
      while (size < bits && start % (1n << (size + 1n)) === 0n && start + (1n << (size + 1n)) - 1n <= range.end) size++;
      cidrs.push(`${formatAddress(start, range.family)}/${bits - size}`);
      start += 1n << size;
    }
  }
  return cidrs;
}

function formatAddress(value: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join(".");
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => ((value >> shift) & 0xffffn).toString(16));
  // The longest run of zero groups is written `::`, as every tool prints IPv6.
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > best.length && j - i > 1) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.at < 0) return groups.join(":");
  return `${groups.slice(0, best.at).join(":")}::${groups.slice(best.at + best.length).join(":")}`;
}

/**
 * Address-range arithmetic for ipBlocks: does `cidr` minus its `except` ranges overlap any cluster range?
 * Ranges are inclusive [start, end] pairs of BigInts; IPv4 and IPv6 never overlap each other.
 */

export interface AddressRange {
  family: 4 | 6;
  start: bigint;
  end: bigint;
}

function parseIPv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIPv6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const toGroups = (part: string): number[] | null => {
    if (part === "") return [];
    const groups: number[] = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIPv4(piece);
        if (v4 === null) return null;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
      groups.push(parseInt(piece, 16));
    }
    return groups;
  };
  const head = toGroups(halves[0]!);
  const tail = halves.length === 2 ? toGroups(halves[1]!) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR into its address range; null when it is not a valid CIDR. */
export function parseCidr(cidr: string): AddressRange | null {
  const slash = cidr.indexOf("/");
  if (slash < 0) return null;
  const address = cidr.slice(0, slash);
  const prefixText = cidr.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  const family: 4 | 6 = address.includes(":") ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  if (prefix > bits) return null;
  const value = family === 4 ? parseIPv4(address) : parseIPv6(address);
  if (value === null) return null;
  const hostBits = BigInt(bits - prefix);
  const start = (value >> hostBits) << hostBits;
  const end = start + (1n << hostBits) - 1n;
  return { family, start, end };
}

/** `range` minus every range of `holes`, as a list of disjoint ranges. */
export function subtractRanges(range: AddressRange, holes: AddressRange[]): AddressRange[] {
  let pieces: AddressRange[] = [range];
  for (const hole of holes) {
    if (hole.family !== range.family) continue;
    const next: AddressRange[] = [];
    for (const piece of pieces) {
      if (hole.end < piece.start || hole.start > piece.end) {
        next.push(piece);
        continue;
      }
      if (hole.start > piece.start) next.push({ family: piece.family, start: piece.start, end: hole.start - 1n });
      if (hole.end < piece.end) next.push({ family: piece.family, start: hole.end + 1n, end: piece.end });
    }
    pieces = next;
  }
  return pieces;
}

/**
 * Whether an ipBlock may match pod IPs: its CIDR, minus its `except` ranges, overlaps one of the cluster
 * ranges. An unparseable CIDR counts as overlapping: what cannot be read is never a pass.
 */
export function ipBlockMayReachPods(cidr: string, except: string[], clusterCidrs: string[]): boolean {
  const range = parseCidr(cidr);
  if (range === null) return true;
  const holes: AddressRange[] = [];
  for (const e of except) {
    const hole = parseCidr(e);
    if (hole !== null) holes.push(hole);
  }
  const remaining = subtractRanges(range, holes);
  for (const clusterText of clusterCidrs) {
    const cluster = parseCidr(clusterText);
    if (cluster === null) continue;
    for (const piece of remaining) {
      if (piece.family === cluster.family && piece.start <= cluster.end && cluster.start <= piece.end) return true;
    }
  }
  return false;
}

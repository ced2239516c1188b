/**
 * Address-range arithmetic for ipBlocks: does `cidr` minus its `except` ranges overlap any cluster range?
 * Ranges are inclusive [start, end] pairs of BigInts; IPv4 and IPv6 never overlap each other.
 */

import { parseCidr as parseKubernetesCidr } from "./validate-cidr.js";

export interface AddressRange {
  family: 4 | 6;
  start: bigint;
  end: bigint;
}

/** Parses a CIDR as the API server does (host bits masked off) into its address range; null when invalid. */
export function parseCidr(cidr: string): AddressRange | null {
  const parsed = parseKubernetesCidr(cidr);
  if (!parsed.ok) return null;
  const { family, bytes, prefix } = parsed.cidr;
  let start = 0n;
  for (const byte of bytes) start = (start << 8n) | BigInt(byte);
  const hostBits = BigInt(bytes.length * 8 - prefix);
  return { family, start, end: start + (1n << hostBits) - 1n };
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

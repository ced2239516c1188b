/**
 * CIDR parsing as the Kubernetes API server does it for `ipBlock` (k8s.io/utils/net ParseCIDRSloppy): IPv4 and
 * IPv6, leading zeros accepted in IPv4 octets (read as decimal), host bits allowed (they are masked off).
 */

export interface ParsedCidr {
  family: 4 | 6;
  /** The network address, host bits cleared: 4 or 16 bytes. */
  bytes: Uint8Array;
  prefix: number;
  /** `network/prefix` in canonical text (dotted quad, or RFC 5952 IPv6). */
  canonical: string;
}

export type CidrParseResult = { ok: true; cidr: ParsedCidr } | { ok: false; reason: string };

/** Parses a CIDR; never throws. */
export function parseCidr(text: string): CidrParseResult {
  const slash = text.indexOf("/");
  if (slash < 0) return { ok: false, reason: `"${text}" is not a CIDR: the "/prefix" is missing` };
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const isV6 = addressText.includes(":");
  const address = isV6 ? parseIpv6(addressText) : parseIpv4(addressText);
  if (address === null) return { ok: false, reason: `"${addressText}" is not a valid IP${isV6 ? "v6" : "v4"} address` };
  const maxPrefix = address.length * 8;
  if (!/^[0-9]{1,8}$/.test(prefixText) || Number(prefixText) > maxPrefix) {
    return { ok: false, reason: `"/${prefixText}" is not a valid prefix length for ${isV6 ? "IPv6" : "IPv4"} (0-${maxPrefix})` };
  }
  const prefix = Number(prefixText);
  const bytes = maskBytes(address, prefix);
  const family = isV6 ? 6 : 4;
  const canonical = `${family === 4 ? Array.from(bytes).join(".") : formatIpv6(bytes)}/${prefix}`;
  return { ok: true, cidr: { family, bytes, prefix, canonical } };
}

/** True when `inner` lies inside `outer` and is strictly smaller (what `except` must be). */
export function isStrictSubnet(inner: ParsedCidr, outer: ParsedCidr): boolean {
  if (inner.family !== outer.family || inner.prefix <= outer.prefix) return false;
  const masked = maskBytes(inner.bytes, outer.prefix);
  return masked.every((byte, i) => byte === outer.bytes[i]);
}

function maskBytes(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    const mask = bits === 0 ? 0 : (0xff << (8 - bits)) & 0xff;
    out[i] = (bytes[i] ?? 0) & mask;
  }
  return out;
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? "";
    if (!/^[0-9]{1,8}$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    out[i] = value;
  }
  return out;
}

function parseIpv6(input: string): Uint8Array | null {
  const out = new Uint8Array(16);
  let rest = input;
  let filled = 0;
  let ellipsis = -1;
  if (rest.startsWith("::")) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest === "") return out;
  }
  while (filled < 16) {
    const group = /^[0-9a-fA-F]{1,8}/.exec(rest)?.[0];
    if (group === undefined) return null;
    if (rest[group.length] === ".") {
      // An embedded IPv4 address takes the last 4 bytes.
      if (ellipsis < 0 && filled !== 12) return null;
      if (filled + 4 > 16) return null;
      const v4 = parseIpv4(rest);
      if (v4 === null) return null;
      out.set(v4, filled);
      filled += 4;
      rest = "";
      break;
    }
    const value = parseInt(group, 16);
    if (value > 0xffff) return null;
    out[filled] = value >> 8;
    out[filled + 1] = value & 0xff;
    filled += 2;
    rest = rest.slice(group.length);
    if (rest === "") break;
    if (!rest.startsWith(":") || rest.length === 1) return null;
    rest = rest.slice(1);
    if (rest.startsWith(":")) {
      if (ellipsis >= 0) return null;
      ellipsis = filled;
      rest = rest.slice(1);
      if (rest === "") break;
    }
  }
  if (rest !== "") return null;
  if (filled < 16) {
    if (ellipsis < 0) return null;
    const tail = out.slice(ellipsis, filled);
    out.fill(0, ellipsis);
    out.set(tail, 16 - tail.length);
  } else if (ellipsis >= 0) {
    // "::" must stand for at least one group of zeros.
    return null;
  }
  return out;
}

function formatIpv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

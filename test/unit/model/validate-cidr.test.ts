import { isIP } from "node:net";
import { describe, expect, it } from "vitest";
import { isStrictSubnet, parseCidr } from "../../../src/model/validate-cidr.js";

describe("parseCidr", () => {
  it.each([
    ["10.0.0.0/8", "10.0.0.0/8", 4],
    ["0.0.0.0/0", "0.0.0.0/0", 4],
    ["10.0.0.1/8", "10.0.0.0/8", 4],
    ["192.168.1.77/32", "192.168.1.77/32", 4],
    ["010.001.0.0/16", "10.1.0.0/16", 4],
    ["172.16.0.0/012", "172.16.0.0/12", 4],
    ["::/0", "::/0", 6],
    ["::1/128", "::1/128", 6],
    ["2001:DB8::/32", "2001:db8::/32", 6],
    ["2001:db8:0:0:1:0:0:1/128", "2001:db8::1:0:0:1/128", 6],
    ["fd00::1/8", "fd00::/8", 6],
    ["2001:db8::1:0:0:0/64", "2001:db8::/64", 6],
    ["1:2:3:4:5:6:7:8/128", "1:2:3:4:5:6:7:8/128", 6],
    ["::ffff:10.1.2.3/128", "::ffff:a01:203/128", 6],
    ["1::/16", "1::/16", 6],
  ] as const)("accepts %s as %s", (text, canonical, family) => {
    const result = parseCidr(text);
    expect(result).toMatchObject({ ok: true, cidr: { canonical, family } });
    if (result.ok) expect(isIP(result.cidr.canonical.split("/")[0] ?? "")).toBe(family);
  });

  it.each([
    "10.0.0.0/33",
    "300.1.1.1/8",
    "10.0.0/8",
    "10.0.0.0.0/8",
    "10.0.0.0",
    "10.0.0.0/",
    "10.0.0.0/-1",
    "10.0.0.0/8/8",
    "10.0.0.0/ 8",
    " 10.0.0.0/8",
    "a.b.c.d/8",
    "::/129",
    "1:2:3:4:5:6:7:8:9/64",
    "1::2::3/64",
    "1:2:3:4:5:6:7:8::/64",
    "12345::/16",
    "fe80::1%eth0/64",
    "::ffff:300.1.1.1/128",
    ":/0",
    "1:/16",
    "g::/16",
    "/8",
    "",
  ])("rejects %j", (text) => {
    expect(parseCidr(text).ok).toBe(false);
  });
});

describe("isStrictSubnet", () => {
  const cidr = (text: string) => {
    const result = parseCidr(text);
    if (!result.ok) throw new Error(`test CIDR ${text} does not parse`);
    return result.cidr;
  };
  it.each([
    ["10.1.0.0/16", "10.0.0.0/8", true],
    ["10.255.255.255/32", "10.0.0.0/8", true],
    ["10.0.0.0/8", "10.0.0.0/8", false],
    ["10.0.0.0/7", "10.0.0.0/8", false],
    ["11.0.0.0/16", "10.0.0.0/8", false],
    ["fd00::/8", "10.0.0.0/8", false],
    ["2001:db8:1::/48", "2001:db8::/32", true],
    ["2001:db9::/48", "2001:db8::/32", false],
    ["10.0.0.0/16", "::/0", false],
  ] as const)("%s inside %s: %s", (inner, outer, expected) => {
    expect(isStrictSubnet(cidr(inner), cidr(outer))).toBe(expected);
  });
});
